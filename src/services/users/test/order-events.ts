import type { Consumer, EventEnvelope } from '../../../platform/messaging/index.js';
import { createEvent } from '../../../platform/messaging/index.js';
import type { OrderCreatedV1, OrderStatus, OrderStatusUpdatedV1 } from '../../orders/index.js';
import type { UsersHarness } from './users-harness.js';

/** Stand-ins for the orders service's events, as the order-history consumer receives them. */
const INR = (amount: number) => ({ amount, currency: 'INR' as const });
export const RESTAURANT = '0190f000-0000-7000-8000-00000000a001';

export function orderCreated(
  orderId: string,
  customerId: string,
  createdAt: string,
  overrides: Partial<OrderCreatedV1> = {},
): OrderCreatedV1 {
  return {
    orderId,
    customerId,
    restaurantId: RESTAURANT,
    fulfillment: 'DELIVERY',
    items: [
      { menuItemId: 'm1', name: 'Masala Dosa', quantity: 2, unitPrice: INR(12000), lineTotal: INR(24000) },
      { menuItemId: 'm2', name: 'Filter Coffee', quantity: 1, unitPrice: INR(4000), lineTotal: INR(4000) },
    ],
    subtotal: INR(28000),
    deliveryFee: INR(3000),
    discount: INR(0),
    totalAmount: INR(31000),
    paymentMethod: 'CARD',
    estimatedDeliveryTime: createdAt,
    createdAt,
    ...overrides,
  };
}

export function statusUpdated(
  created: OrderCreatedV1,
  previousStatus: OrderStatus,
  status: OrderStatus,
  changedAt: string,
  overrides: Partial<OrderStatusUpdatedV1> = {},
): OrderStatusUpdatedV1 {
  return {
    orderId: created.orderId,
    customerId: created.customerId,
    restaurantId: created.restaurantId,
    courierId: null,
    fulfillment: created.fulfillment,
    previousStatus,
    status,
    changedBy: { id: 'system', role: 'SYSTEM' },
    totalAmount: created.totalAmount,
    items: created.items.map(({ menuItemId, name, quantity }) => ({ menuItemId, name, quantity })),
    changedAt,
    ...overrides,
  };
}

export function orderHistoryConsumer(h: UsersHarness): Consumer {
  const consumer = h.users.messaging?.consumers.find((c) => c.name === 'users.order-history');
  if (consumer === undefined) throw new Error('no order-history consumer');
  return consumer;
}

/**
 * Publishes the event on the bus, waits until it is applied, then delivers it a second time, which must
 * change nothing (the inbox); returns the envelope.
 */
export async function feed(
  h: UsersHarness,
  data: OrderCreatedV1 | OrderStatusUpdatedV1,
): Promise<EventEnvelope> {
  const type = 'changedAt' in data ? 'OrderStatusUpdated' : 'OrderCreated';
  const event = createEvent(
    { clock: h.clock, ids: h.deps.ids },
    { type, source: 'orders', subject: data.orderId, data },
  );
  const consumer = orderHistoryConsumer(h);
  await h.bus.publish(event);
  await consumer.whenProcessed(event.id);
  // 'dead-lettered' here means the first delivery was refused too (an invalid event).
  const again = await consumer.deliver(event, 2);
  if (again !== 'duplicate') throw new Error(`the second delivery of ${type} was ${again}`);
  return event;
}
