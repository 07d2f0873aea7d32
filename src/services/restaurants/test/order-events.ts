import { createEvent, type Consumer, type EventEnvelope } from '../../../platform/messaging/index.js';
import type { OrderStatus, OrderStatusUpdatedV1 } from '../../orders/index.js';
import type { RestaurantsHarness } from './restaurants-harness.js';

/** A stand-in for the orders service's OrderStatusUpdated, as the review-eligibility consumer receives it. */
export function statusUpdated(
  order: { orderId: string; customerId: string; restaurantId: string },
  status: OrderStatus,
  changedAt = '2026-03-02T08:30:00.000Z',
): OrderStatusUpdatedV1 {
  return {
    ...order,
    courierId: null,
    fulfillment: status === 'PICKED_UP' ? 'PICKUP' : 'DELIVERY',
    previousStatus: status === 'PICKED_UP' ? 'READY' : 'OUT_FOR_DELIVERY',
    status,
    changedBy: { id: 'system', role: 'SYSTEM' },
    totalAmount: { amount: 31000, currency: 'INR' },
    items: [{ menuItemId: 'm1', name: 'Masala Dosa', quantity: 2 }],
    changedAt,
  };
}

export function eligibilityConsumer(h: RestaurantsHarness): Consumer {
  const consumer = h.restaurants.messaging?.consumers.find(
    (c) => c.name === 'restaurants.review-eligibility',
  );
  if (consumer === undefined) throw new Error('no review-eligibility consumer');
  return consumer;
}

/**
 * Publishes the event on the bus, waits until it is applied, then delivers it a second time, which must
 * change nothing (the inbox); returns the envelope.
 */
export async function feed(h: RestaurantsHarness, data: OrderStatusUpdatedV1): Promise<EventEnvelope> {
  const event = createEvent(
    { clock: h.clock, ids: h.deps.ids },
    { type: 'OrderStatusUpdated', source: 'orders', subject: data.orderId, data },
  );
  const consumer = eligibilityConsumer(h);
  await h.bus.publish(event);
  await consumer.whenProcessed(event.id);
  // 'dead-lettered' here means the first delivery was refused too (an invalid event).
  const again = await consumer.deliver(event, 2);
  if (again !== 'duplicate') throw new Error(`the second delivery was ${again}`);
  return event;
}
