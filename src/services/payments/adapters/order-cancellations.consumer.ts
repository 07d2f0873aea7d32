import { causedBy, type EventEnvelope } from '../../../platform/messaging/index.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import type { OrderStatusUpdatedV1, OrdersEvents } from '../../orders/index.js';
import type { PaymentsContext } from '../app/context.js';
import { refundPayment } from '../app/refund.js';

// The type name only, checked against the orders contract: a value import would load the orders service.
const ORDER_STATUS_UPDATED: (typeof OrdersEvents)['ORDER_STATUS_UPDATED'] = 'OrderStatusUpdated';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Refunds every cancelled order (or releases its hold), so a paid order is refunded even when the orders
 * saga crashed before its own refund call. The refund is idempotent by order id, so the saga's call and
 * this one pay out once, and a redelivered event finds the refund already recorded. A provider timeout
 * throws: the consumer retries with backoff and dead-letters the event after its last attempt, for an
 * operator to redrive.
 *
 * It reads every OrderStatusUpdated and acts on few, so it takes them in batches: one inbox transaction
 * records a batch, and an event of any other status costs nothing more.
 */
export function consumeOrderCancellations(messaging: ServiceMessaging, ctx: PaymentsContext) {
  // The refund runs in the prepare step, outside the inbox transaction: it calls the provider between its
  // own claim and record transactions. The inbox row then only marks the event as handled.
  return messaging.consume('order-cancellations', [ORDER_STATUS_UPDATED], async () => undefined, {
    prepare: (event) => refundCancelledOrder(ctx, event),
    batch: true,
    // refundPayment is idempotent by order id: under the order's lock it returns the refund already recorded
    // (one per order: refunds.order_id is unique), a claim keeps a concurrent refunder waiting, and the
    // provider's refund carries the key `refund:<payment id>`. So a failed batch may refund its orders again.
    prepareRepeatable: true,
    // No prepareMany: without one, the runner prepares a batch's events one after another, each in its
    // event's flow (log lines carry its correlation id), and refunds of different orders share nothing.
  });
}

async function refundCancelledOrder(ctx: PaymentsContext, event: EventEnvelope): Promise<void> {
  const data = event.data as OrderStatusUpdatedV1;
  if (data.status !== 'CANCELLED') return;
  if (!UUID.test(data.orderId)) {
    // Payments are keyed by uuid order ids: such an order was never charged here.
    ctx.log.warn(
      { orderId: data.orderId, eventId: event.id },
      'cancellation of an order id that is not a uuid',
    );
    return;
  }
  await refundPayment(
    ctx,
    { orderId: data.orderId, reason: data.reason?.trim() ? data.reason : 'order cancelled' },
    causedBy(event),
  );
}
