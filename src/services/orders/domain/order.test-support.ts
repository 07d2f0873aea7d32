import type { Fulfillment, OrderStatus } from '../contract.js';
import type { Actor } from './actor.js';
import { decide, type OrderCommand } from './decide-order.js';
import { OrderEventTypes, type OrderEvent, type OrderPlacedData } from './order-events.js';
import { fold, type OrderState } from './order-state.js';

/** Builders for the domain's given/when/then tests (no I/O; imported by tests only). */
export const NOW = new Date('2026-03-02T09:00:00.000Z');
export const ORDER_ID = '0190b000-0000-7000-8000-000000000001';
export const CUSTOMER_ID = '0190b000-0000-7000-8000-0000000000c1';
export const RESTAURANT_ID = '0190b000-0000-7000-8000-0000000000a1';
export const OTHER_RESTAURANT_ID = '0190b000-0000-7000-8000-0000000000a2';
export const COURIER_ID = '0190b000-0000-7000-8000-0000000000d1';
const at = NOW.toISOString();

export const customer: Actor = {
  kind: 'user',
  userId: CUSTOMER_ID,
  roles: ['CUSTOMER'],
  restaurantIds: [],
};
export const otherCustomer: Actor = {
  kind: 'user',
  userId: '0190b000-0000-7000-8000-0000000000c2',
  roles: ['CUSTOMER'],
  restaurantIds: [],
};
export const staff: Actor = {
  kind: 'user',
  userId: '0190b000-0000-7000-8000-0000000000e1',
  roles: ['RESTAURANT_STAFF'],
  restaurantIds: [RESTAURANT_ID],
};
export const restaurantAdmin: Actor = {
  kind: 'user',
  userId: '0190b000-0000-7000-8000-0000000000e2',
  roles: ['RESTAURANT_ADMIN'],
  restaurantIds: [RESTAURANT_ID],
};
export const otherStaff: Actor = {
  kind: 'user',
  userId: '0190b000-0000-7000-8000-0000000000e3',
  roles: ['RESTAURANT_STAFF'],
  restaurantIds: [OTHER_RESTAURANT_ID],
};
export const courier: Actor = {
  kind: 'user',
  userId: COURIER_ID,
  roles: ['DELIVERY_PARTNER'],
  restaurantIds: [],
};
export const otherCourier: Actor = {
  kind: 'user',
  userId: '0190b000-0000-7000-8000-0000000000d2',
  roles: ['DELIVERY_PARTNER'],
  restaurantIds: [],
};
export const admin: Actor = {
  kind: 'user',
  userId: '0190b000-0000-7000-8000-0000000000f1',
  roles: ['SYSTEM_ADMIN'],
  restaurantIds: [],
};

export function newOrder(overrides: Partial<Omit<OrderPlacedData, 'at'>> = {}): Omit<OrderPlacedData, 'at'> {
  return {
    orderId: ORDER_ID,
    customerId: CUSTOMER_ID,
    restaurantId: RESTAURANT_ID,
    fulfillment: 'DELIVERY',
    items: [
      {
        menuItemId: '0190b000-0000-7000-8000-0000000000b1',
        name: 'Paneer Tikka',
        quantity: 2,
        unitPrice: { amount: 24_900, currency: 'INR' },
        lineTotal: { amount: 49_800, currency: 'INR' },
      },
    ],
    subtotal: { amount: 49_800, currency: 'INR' },
    deliveryFee: { amount: 4_600, currency: 'INR' },
    discount: { amount: 0, currency: 'INR' },
    totalAmount: { amount: 54_400, currency: 'INR' },
    paymentMethod: 'CARD',
    deliveryAddress: {
      line1: '1 MG Road',
      city: 'Bengaluru',
      postcode: '560001',
      latitude: 12.97,
      longitude: 77.6,
    },
    distanceKm: 1.5,
    estimatedDeliveryTime: new Date(NOW.getTime() + 30 * 60_000).toISOString(),
    ...overrides,
  };
}

export const placed = (overrides: Partial<Omit<OrderPlacedData, 'at'>> = {}): OrderEvent[] =>
  decide(null, { type: 'PlaceOrder', order: newOrder(overrides) }, NOW);

export const paid = (status = 'CAPTURED'): OrderEvent[] => [
  {
    type: OrderEventTypes.PAYMENT_SUCCEEDED,
    data: { paymentId: 'pay-1', paymentStatus: status, card: null, afterCancellation: false, at },
  },
  {
    type: OrderEventTypes.STATUS_CHANGED,
    data: { from: 'PENDING', to: 'CONFIRMED', by: { id: 'system', role: 'SYSTEM' }, reason: null, at },
  },
];

export const moved = (from: OrderStatus, to: OrderStatus): OrderEvent => ({
  type: OrderEventTypes.STATUS_CHANGED,
  data: { from, to, by: { id: 'someone', role: 'RESTAURANT_STAFF' }, reason: null, at },
});

export const courierAssigned = (courierId = COURIER_ID): OrderEvent => ({
  type: OrderEventTypes.COURIER_ASSIGNED,
  data: { courierId, at },
});

/** The events of an order that reached `status` along the happy path. */
export function orderAt(status: OrderStatus, fulfillment: Fulfillment = 'DELIVERY'): OrderEvent[] {
  const path: OrderStatus[] =
    fulfillment === 'DELIVERY'
      ? ['CONFIRMED', 'PREPARING', 'READY', 'OUT_FOR_DELIVERY', 'DELIVERED']
      : ['CONFIRMED', 'PREPARING', 'READY', 'PICKED_UP'];
  const events = [...placed({ fulfillment }), ...paid()];
  if (fulfillment === 'DELIVERY') events.push(courierAssigned());
  if (status === 'PENDING') return placed({ fulfillment });
  for (let i = 1; i < path.length && path[i - 1] !== status; i += 1) {
    events.push(moved(path[i - 1] as OrderStatus, path[i] as OrderStatus));
  }
  return events;
}

export function given(...events: Array<OrderEvent | OrderEvent[]>): OrderState {
  return fold(events.flat());
}

export function when(state: OrderState, command: OrderCommand): OrderEvent[] {
  return decide(state, command, NOW);
}
