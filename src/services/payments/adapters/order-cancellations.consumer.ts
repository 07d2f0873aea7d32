import { causedBy } from '../../../platform/messaging/index.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import type { OrderStatusUpdatedV1, OrdersEvents } from '../../orders/index.js';
import type { PaymentsContext } from '../app/context.js';
import { refundPayment } from '../app/refund.js';

// The type name only, checked against the orders contract: a value import would load the orders service.
const ORDER_STATUS_UPDATED: (typeof OrdersEvents)['ORDER_STATUS_UPDATED'] = 'OrderStatusUpdated';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Refunds every cancelled order (or releases its hold), so a paid order is refunded even when the orders
 * saga crashed before its own refund call. The refund is idempotent by order id, so the saga's call and this one pay out once, and a
 * redelivered event finds the refund already recorded. A provider timeout throws: the consumer retries with backoff and
 * dead-letters the event after its last attempt, for an operator to redrive.
 */
export function consumeOrderCancellations(messaging: ServiceMessaging, ctx: PaymentsContext) {
  // The refund runs in the prepare step, outside the inbox transaction: it calls the provider between its
  // own claim and record transactions. The inbox row then only marks the event as handled.
  return messaging.consume('order-cancellations', [ORDER_STATUS_UPDATED], async () => undefined, {
    prepare: async (event) => {
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
    },
  });
}
