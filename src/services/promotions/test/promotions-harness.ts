import type { LightMyRequestResponse } from 'fastify';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { createEvent, type EventEnvelope } from '../../../platform/messaging/index.js';
import {
  OrdersEvents,
  ordersEventSchemas,
  type OrderCreatedV1,
  type OrderStatusUpdatedV1,
} from '../../orders/index.js';
import type { PromotionsSettings } from '../app/context.js';
import {
  createPromotionsService,
  promotionsErrorStatuses,
  promotionsEventSchemas,
  type PromotionView,
  type PromotionsService,
  type RestaurantsLookup,
} from '../index.js';

export { createTestSql } from '../../../../test/support/test-sql.js';

/** Two restaurants the fake restaurants service knows; anything else is `RESTAURANTS.NOT_FOUND`. */
export const RESTAURANT_A = '0195a0c0-0000-7000-8000-00000000a00a';
export const RESTAURANT_B = '0195a0c0-0000-7000-8000-00000000a00b';
export const UNKNOWN_RESTAURANT = '0195a0c0-0000-7000-8000-00000000a0ff';
export const START = '2026-03-02T09:00:00.000Z';

export const inr = (amount: number) => ({ amount, currency: 'INR' as const });
/** The instant `minutes` from the start of every test. */
export const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000).toISOString();

export const validPromotion = (overrides: Record<string, unknown> = {}) => ({
  restaurantId: RESTAURANT_A,
  title: 'Weekend feast',
  description: '20% off everything, up to ₹150',
  code: 'feast20',
  kind: 'PERCENT',
  percentOff: 20,
  maxDiscount: inr(15_000),
  startsAt: at(-60),
  endsAt: at(7 * 24 * 60),
  ...overrides,
});

/** Polls `probe` every 20 ms until it returns a value other than undefined; fails naming `what` after 10 s. */
export async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Account {
  id: string;
  token: string;
}

export interface PromotionsHarness extends TestPlatform {
  promotions: PromotionsService;
  accounts: {
    customer: Account;
    otherCustomer: Account;
    staffA: Account;
    adminA: Account;
    adminB: Account;
    admin: Account;
  };
  /** `POST /api/promotions`; throws unless 201. */
  create(token: string, overrides?: Record<string, unknown>): Promise<PromotionView>;
  call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    token?: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse>;
  /** Empties the service's tables and puts the clock back at START (the platform starts once per file). */
  reset(): Promise<void>;
  promotionRows(): Promise<number>;
  outbox(): Promise<EventEnvelope[]>;
  redemption(orderId: string): Promise<Record<string, unknown> | undefined>;
  redeemedCount(promotionId: string): Promise<number>;
  /** Delivers an event to the order-events consumer twice: applied, then a duplicate. */
  feed(event: EventEnvelope): Promise<void>;
  orderCreated(orderId: string, customerId: string, extra?: Record<string, unknown>): EventEnvelope;
  orderStatus(orderId: string, customerId: string, status: OrderStatusUpdatedV1['status']): EventEnvelope;
}

/**
 * The promotions service with auth and a fake restaurants service, on a clean `promotions` schema. The
 * timer's interval is an hour, so tests drive it with `announceDue()` / `releaseLapsedReservations()`.
 */
export async function startPromotions(
  sql: PgliteSql,
  options: { settings?: Partial<PromotionsSettings> } = {},
): Promise<PromotionsHarness> {
  const restaurants: RestaurantsLookup = {
    async getRestaurant({ id }) {
      if (id !== RESTAURANT_A && id !== RESTAURANT_B) {
        throw new AppError('RESTAURANTS.NOT_FOUND', 'No such restaurant.');
      }
      return { id };
    },
  };
  let promotions: PromotionsService | undefined;
  const platform = await startTestPlatform(sql, {
    build: async (deps) => {
      promotions = await createPromotionsService({
        ...deps,
        restaurants,
        settings: { timerIntervalMs: 3_600_000, ...options.settings },
        consumerRetry: { maxAttempts: 2, backoff: () => 5 },
      });
      return [promotions];
    },
    events: (registry) => {
      for (const { type, version, schema } of [...ordersEventSchemas, ...promotionsEventSchemas]) {
        registry.register(type, version, schema);
      }
    },
    errorStatuses: promotionsErrorStatuses,
    schemas: ['promotions'],
    // The tests move the clock by hours; the tokens made at START must outlive that.
    env: { JWT_ACCESS_TTL_SECONDS: '86400' },
  });
  if (promotions === undefined) throw new Error('the promotions service was not built');
  const service = promotions;
  const accounts = {
    customer: await platform.user({ roles: ['CUSTOMER'] }),
    otherCustomer: await platform.user({ roles: ['CUSTOMER'] }),
    staffA: await platform.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [RESTAURANT_A] }),
    adminA: await platform.user({ roles: ['RESTAURANT_ADMIN'], restaurantIds: [RESTAURANT_A] }),
    adminB: await platform.user({ roles: ['RESTAURANT_ADMIN'], restaurantIds: [RESTAURANT_B] }),
    admin: await platform.user({ roles: ['SYSTEM_ADMIN'] }),
  };
  const call: PromotionsHarness['call'] = (method, url, token, payload) =>
    platform.request({
      method,
      url,
      ...(token === undefined ? {} : { token }),
      ...(payload === undefined ? {} : { payload }),
    });
  const event = <T>(type: string, subject: string, data: T) =>
    createEvent({ clock: platform.clock, ids: platform.deps.ids }, { type, source: 'orders', subject, data });

  return {
    ...platform,
    promotions: service,
    accounts,
    call,
    async create(token, overrides = {}) {
      const response = await call('POST', '/api/promotions', token, validPromotion(overrides));
      if (response.statusCode !== 201) throw new Error(`create failed: ${response.body}`);
      return response.json<PromotionView>();
    },
    async reset() {
      await sql.exec(
        `TRUNCATE promotions.customer_uses, promotions.redemptions, promotions.promotions,
           promotions.outbox, promotions.inbox, promotions.dead_letters`,
      );
      platform.clock.set(START);
    },
    async promotionRows() {
      const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM promotions.promotions');
      return rows[0]?.n ?? 0;
    },
    async outbox() {
      const { rows } = await sql.query<{ event: EventEnvelope }>(
        'SELECT event FROM promotions.outbox ORDER BY id',
      );
      return rows.map((row) => row.event);
    },
    async redemption(orderId) {
      const { rows } = await sql.query(
        'SELECT status, discount, release_reason FROM promotions.redemptions WHERE order_id = $1',
        [orderId],
      );
      return rows[0];
    },
    async redeemedCount(promotionId) {
      const { rows } = await sql.query<{ redeemed: number }>(
        'SELECT redeemed FROM promotions.promotions WHERE id = $1',
        [promotionId],
      );
      return rows[0]?.redeemed ?? -1;
    },
    async feed(envelope) {
      const first = await service.orderEvents.deliver(envelope);
      const second = await service.orderEvents.deliver(envelope);
      if (first !== 'applied' || second !== 'duplicate') {
        throw new Error(`expected applied then duplicate, got ${first} then ${second}`);
      }
    },
    orderCreated(orderId, customerId, extra = {}) {
      const data: OrderCreatedV1 & Record<string, unknown> = {
        orderId,
        customerId,
        restaurantId: RESTAURANT_A,
        fulfillment: 'DELIVERY',
        items: [
          { menuItemId: 'm1', name: 'Thali', quantity: 2, unitPrice: inr(25_000), lineTotal: inr(50_000) },
        ],
        subtotal: inr(50_000),
        deliveryFee: inr(3_000),
        discount: inr(10_000),
        totalAmount: inr(43_000),
        paymentMethod: 'CARD',
        estimatedDeliveryTime: at(45),
        createdAt: platform.clock.now().toISOString(),
        ...extra,
      };
      return event(OrdersEvents.ORDER_CREATED, orderId, data);
    },
    orderStatus(orderId, customerId, status) {
      const data: OrderStatusUpdatedV1 = {
        orderId,
        customerId,
        restaurantId: RESTAURANT_A,
        courierId: null,
        fulfillment: 'DELIVERY',
        previousStatus: 'PENDING',
        status,
        changedBy: { id: 'system', role: 'SYSTEM' },
        totalAmount: inr(43_000),
        items: [{ menuItemId: 'm1', name: 'Thali', quantity: 2 }],
        changedAt: platform.clock.now().toISOString(),
      };
      return event(OrdersEvents.ORDER_STATUS_UPDATED, orderId, data);
    },
  };
}
