import { AppError } from '../../../platform/errors/app-error.js';
import type { LineFailure, PricedLine } from '../../catalog/index.js';
import type { ChargeInput, ChargeResult, PaymentsClient, RefundResult } from '../../payments/index.js';
import type { OrderableCheck } from '../../restaurants/index.js';
import type { OrdersUpstreams } from '../app/context.js';

export const RESTAURANT_A = '0190c000-0000-7000-8000-00000000000a';
export const RESTAURANT_B = '0190c000-0000-7000-8000-00000000000b';
export const ITEM_DOSA = '0190c000-0000-7000-8000-0000000000d1';
export const ITEM_LASSI = '0190c000-0000-7000-8000-0000000000d2';
export const ITEM_SOLD_OUT = '0190c000-0000-7000-8000-0000000000d3';
export const ITEM_OF_B = '0190c000-0000-7000-8000-0000000000d4';
export const ADDRESS_ID = '0190c000-0000-7000-8000-0000000000e1';

const inr = (amount: number) => ({ amount, currency: 'INR' as const });

const ITEMS: Record<string, { restaurantId: string; name: string; price: number; available: boolean }> = {
  [ITEM_DOSA]: { restaurantId: RESTAURANT_A, name: 'Masala Dosa', price: 12_000, available: true },
  [ITEM_LASSI]: { restaurantId: RESTAURANT_A, name: 'Mango Lassi', price: 8_000, available: true },
  [ITEM_SOLD_OUT]: { restaurantId: RESTAURANT_A, name: 'Filter Coffee', price: 5_000, available: false },
  [ITEM_OF_B]: { restaurantId: RESTAURANT_B, name: 'Biryani', price: 30_000, available: true },
};

export type PaymentsMode =
  | 'succeed'
  | 'decline'
  | 'unreachable'
  | 'timeout'
  | 'provider-unavailable'
  | 'charge-in-progress'
  | 'crash-after-charge';

/** A payments service that can succeed, decline, be unreachable or time out, and counts what it was asked. */
export interface FakePayments extends PaymentsClient {
  mode: PaymentsMode;
  refundMode: 'succeed' | 'unreachable';
  chargeCalls: ChargeInput[];
  refundCalls: Array<{ orderId: string; reason: string }>;
  /** The first outcome per order: payments is idempotent by order id. */
  outcomes: Map<string, ChargeResult>;
  /** How many successful charges were actually taken per order (must never exceed 1). */
  successfulCharges: Map<string, number>;
}

export function fakePayments(): FakePayments {
  const fake: FakePayments = {
    mode: 'succeed',
    refundMode: 'succeed',
    chargeCalls: [],
    refundCalls: [],
    outcomes: new Map(),
    successfulCharges: new Map(),
    async charge(input) {
      fake.chargeCalls.push(input);
      const earlier = fake.outcomes.get(input.orderId);
      if (earlier !== undefined) return earlier;
      if (fake.mode === 'unreachable') throw new AppError('COMMON.SERVICE_UNAVAILABLE', 'payments is down');
      if (fake.mode === 'timeout') throw new AppError('PAYMENTS.PROVIDER_TIMEOUT', 'the provider timed out');
      if (fake.mode === 'provider-unavailable') {
        throw new AppError('PAYMENTS.PROVIDER_UNAVAILABLE', 'the provider failed');
      }
      if (fake.mode === 'charge-in-progress') throw new AppError('PAYMENTS.CHARGE_IN_PROGRESS', 'busy');
      const result: ChargeResult =
        fake.mode === 'decline'
          ? {
              paymentId: `pay-${input.orderId}`,
              orderId: input.orderId,
              succeeded: false,
              status: 'FAILED',
              failureCode: 'card_declined',
              failureMessage: 'Your card was declined.',
            }
          : {
              paymentId: `pay-${input.orderId}`,
              orderId: input.orderId,
              succeeded: true,
              status: input.payment.method === 'CASH' ? 'CASH_ON_DELIVERY' : 'CAPTURED',
              ...(input.payment.method === 'CARD' ? { card: { brand: 'visa', last4: '4242' } } : {}),
            };
      fake.outcomes.set(input.orderId, result);
      if (result.succeeded) {
        fake.successfulCharges.set(input.orderId, (fake.successfulCharges.get(input.orderId) ?? 0) + 1);
      }
      // The money is taken, then the caller's process dies before it hears the answer.
      if (fake.mode === 'crash-after-charge') throw new Error('process crashed after the charge');
      return result;
    },
    async refund(input): Promise<RefundResult> {
      fake.refundCalls.push(input);
      if (fake.refundMode === 'unreachable')
        throw new AppError('COMMON.SERVICE_UNAVAILABLE', 'payments is down');
      const paid = fake.outcomes.get(input.orderId);
      return {
        paymentId: paid?.paymentId ?? 'none',
        refundId: `ref-${input.orderId}`,
        orderId: input.orderId,
        amount: inr(0),
        nothingToRefund: paid?.succeeded !== true || paid.status === 'CASH_ON_DELIVERY',
      };
    },
  };
  return fake;
}

export interface FakeRestaurantState {
  active: boolean;
  open: boolean;
  /** Distance the fake reports for any point; beyond `radiusKm` is out of range. */
  distanceKm: number;
  radiusKm: number;
}

/** The one code the fake promotions service knows: 10% off, two redemptions in all. */
export const PROMO_CODE = 'SAVE10';

export interface FakePromotions {
  /** Order id → the code reserved for it. */
  readonly redeemed: Map<string, string>;
  readonly released: string[];
  limit: number;
  /** When set, a redemption is recorded at once but answered only when this settles (a slow service). */
  hold?: Promise<void> | undefined;
}

export function fakeUpstreams(): Omit<OrdersUpstreams, 'payments'> & {
  restaurant: FakeRestaurantState;
  promotionsState: FakePromotions;
} {
  const restaurant: FakeRestaurantState = { active: true, open: true, distanceKm: 2.5, radiusKm: 8 };
  const promotionsState: FakePromotions = { redeemed: new Map(), released: [], limit: 2 };
  return {
    restaurant,
    promotionsState,
    promotions: {
      async redeem({ code, orderId, subtotal }) {
        if (code.toUpperCase() !== PROMO_CODE) {
          throw new AppError('PROMOTIONS.CODE_NOT_FOUND', 'No such promotion code.');
        }
        if (
          !promotionsState.redeemed.has(orderId) &&
          promotionsState.redeemed.size >= promotionsState.limit
        ) {
          throw new AppError('PROMOTIONS.CODE_EXHAUSTED', 'This code has been used up.');
        }
        promotionsState.redeemed.set(orderId, PROMO_CODE);
        await promotionsState.hold;
        return {
          promotionId: '0190c000-0000-7000-8000-0000000000f1',
          code: PROMO_CODE,
          title: '10% off',
          kind: 'PERCENT' as const,
          discount: inr(Math.floor(subtotal.amount / 10)),
        };
      },
      async release({ orderId }) {
        const released = promotionsState.redeemed.delete(orderId);
        if (released) promotionsState.released.push(orderId);
        return { released };
      },
    },
    catalog: {
      async validateItems({ items, restaurantId }) {
        const priced: PricedLine[] = [];
        const failures: LineFailure[] = [];
        for (const line of items) {
          const item = ITEMS[line.menuItemId];
          if (item === undefined) {
            failures.push({ menuItemId: line.menuItemId, reason: 'NOT_FOUND', message: 'No such item.' });
            continue;
          }
          if (restaurantId !== undefined && item.restaurantId !== restaurantId) {
            failures.push({
              menuItemId: line.menuItemId,
              reason: 'WRONG_RESTAURANT',
              message: `${item.name} is from another restaurant.`,
            });
          } else if (!item.available) {
            failures.push({
              menuItemId: line.menuItemId,
              reason: 'SOLD_OUT',
              message: `${item.name} is sold out.`,
            });
          }
          priced.push({
            menuItemId: line.menuItemId,
            restaurantId: item.restaurantId,
            name: item.name,
            unitPrice: inr(item.price),
            quantity: line.quantity,
            lineTotal: inr(item.price * line.quantity),
            available: item.available,
          });
        }
        return {
          valid: failures.length === 0,
          restaurantId: restaurantId ?? null,
          items: priced,
          failures,
          subtotal: inr(priced.reduce((sum, line) => sum + line.lineTotal.amount, 0)),
        };
      },
    },
    restaurants: {
      async checkOrderable({ restaurantId, latitude, fulfillment }) {
        if (restaurantId !== RESTAURANT_A && restaurantId !== RESTAURANT_B) {
          throw new AppError('RESTAURANTS.NOT_FOUND', 'No such restaurant.');
        }
        const distanceKm = latitude === undefined ? undefined : restaurant.distanceKm;
        const within = fulfillment === 'PICKUP' || (distanceKm ?? 0) <= restaurant.radiusKm;
        const reason = !restaurant.active
          ? 'NOT_ACTIVE'
          : !restaurant.open
            ? 'CLOSED'
            : !within
              ? 'OUT_OF_RANGE'
              : undefined;
        // Only the fields the orders service reads; the rest of the profile does not matter here.
        const view = {
          id: restaurantId,
          averagePreparationMinutes: 20,
        } as unknown as OrderableCheck['restaurant'];
        return {
          restaurant: view,
          openNow: restaurant.open,
          ...(distanceKm === undefined ? {} : { distanceKm }),
          withinDeliveryRadius: within,
          orderable: reason === undefined,
          ...(reason === undefined ? {} : { reason }),
        };
      },
    },
    users: {
      async getAddress({ addressId }) {
        if (addressId !== ADDRESS_ID) throw new AppError('USERS.ADDRESS_NOT_FOUND', 'No such address.');
        return {
          id: ADDRESS_ID,
          label: 'Home',
          line1: '12 Residency Road',
          line2: null,
          city: 'Bengaluru',
          postcode: '560025',
          latitude: 12.96,
          longitude: 77.6,
          instructions: null,
          isDefault: true,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        };
      },
    },
  };
}
