import type { Fulfillment, OrderStatus } from '../contract.js';
import type { Capacity } from './actor.js';

/**
 * DESIGN §3 as data: every forward transition, who may make it, and for which fulfillment. Anything not
 * listed is `ORDERS.INVALID_ORDER_STATE`; a listed one by someone else is `ORDERS.FORBIDDEN_TRANSITION`.
 */
export interface Transition {
  from: OrderStatus;
  to: OrderStatus;
  by: Capacity;
  only?: Fulfillment;
}

export const TRANSITIONS: readonly Transition[] = [
  { from: 'PENDING', to: 'CONFIRMED', by: 'SYSTEM' },
  { from: 'CONFIRMED', to: 'PREPARING', by: 'STAFF' },
  { from: 'PREPARING', to: 'READY', by: 'STAFF' },
  { from: 'READY', to: 'PICKED_UP', by: 'STAFF', only: 'PICKUP' },
  { from: 'READY', to: 'OUT_FOR_DELIVERY', by: 'COURIER', only: 'DELIVERY' },
  { from: 'OUT_FOR_DELIVERY', to: 'DELIVERED', by: 'COURIER', only: 'DELIVERY' },
];

export function findTransition(
  from: OrderStatus,
  to: OrderStatus,
  fulfillment: Fulfillment,
): Transition | undefined {
  return TRANSITIONS.find(
    (t) => t.from === from && t.to === to && (t.only === undefined || t.only === fulfillment),
  );
}

/**
 * From which statuses each capacity may cancel. The customer: before PREPARING. The restaurant (a
 * rejection): once it has the order, CONFIRMED or PREPARING, not after it is READY (the food exists).
 * An admin and the system: any non-final status. A courier never cancels.
 */
export const CANCELLABLE_FROM: Readonly<Record<Capacity, readonly OrderStatus[]>> = {
  CUSTOMER: ['PENDING', 'CONFIRMED'],
  STAFF: ['CONFIRMED', 'PREPARING'],
  ADMIN: ['PENDING', 'CONFIRMED', 'PREPARING', 'READY', 'OUT_FOR_DELIVERY'],
  SYSTEM: ['PENDING', 'CONFIRMED', 'PREPARING', 'READY', 'OUT_FOR_DELIVERY'],
  COURIER: [],
};

/** A courier may be assigned before the order leaves the restaurant. */
export const ASSIGNABLE_FROM: readonly OrderStatus[] = ['PENDING', 'CONFIRMED', 'PREPARING', 'READY'];

/** The order in which capacities are tried for a cancellation (the strongest is recorded). */
export const CANCEL_CAPACITY_ORDER: readonly Capacity[] = ['SYSTEM', 'ADMIN', 'STAFF', 'CUSTOMER'];
