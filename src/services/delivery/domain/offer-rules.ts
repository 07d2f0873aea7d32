import type { OrderStatus, Fulfillment } from '../../orders/index.js';
import { FINAL_ORDER_STATUSES } from '../contract.js';

/** The lifecycle of one order's offer: OPEN → CLAIMED (one courier, awaiting orders) → ASSIGNED, or WITHDRAWN. */
export type OfferStatus = 'OPEN' | 'CLAIMED' | 'ASSIGNED' | 'WITHDRAWN';

/** What an order status change means for the order's offer. */
export type OfferEffect =
  | { kind: 'open' }
  | { kind: 'assigned'; courierId: string }
  | { kind: 'withdraw'; reason: string }
  | { kind: 'none' };

/**
 * Decides the effect of an order's status change on its offer. Offers open at READY only: the orders
 * service accepts `assignCourier` for READY delivery orders, so an offer shown at PREPARING could not be
 * accepted yet, and a courier arriving early would just wait at the counter. A courier known to orders wins
 * over anything delivery holds (orders is the authority on the assignment).
 */
export function offerEffectOf(change: {
  fulfillment: Fulfillment;
  status: OrderStatus;
  courierId: string | null;
}): OfferEffect {
  if (change.fulfillment !== 'DELIVERY') return { kind: 'none' };
  if (FINAL_ORDER_STATUSES.includes(change.status)) return { kind: 'withdraw', reason: change.status };
  if (change.courierId !== null) return { kind: 'assigned', courierId: change.courierId };
  if (change.status === 'READY') return { kind: 'open' };
  return { kind: 'none' };
}

/** Whether an order in this status keeps its courier busy. */
export function isActiveOrderStatus(status: string): boolean {
  return !(FINAL_ORDER_STATUSES as readonly string[]).includes(status);
}

/**
 * Errors of `orders.assignCourier` after which the call may have taken effect (no answer, or the server
 * failed): the claim is kept so the same courier can repeat the idempotent call. Any other error is a
 * refusal by orders, which means nothing was recorded there.
 */
const UNCERTAIN_CODES = new Set([
  'COMMON.SERVICE_UNAVAILABLE',
  'COMMON.TIMEOUT',
  'COMMON.INTERNAL_ERROR',
  'SQL.UNAVAILABLE',
]);
export function isUncertainFailure(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code !== 'string' || UNCERTAIN_CODES.has(code) || !code.includes('.');
}
