import { hasCode } from '../../../platform/errors/app-error.js';
import { causedBy, type EventEnvelope } from '../../../platform/messaging/index.js';
import type { SqlTransaction } from '../../../platform/db/sql.js';
import { PaymentsEvents, type PaymentProcessedV1, type PaymentRefundedV1 } from '../../payments/index.js';
import { OrdersErrors } from '../contract.js';
import type { OrderCommand } from '../domain/decide-order.js';
import type { OrdersContext } from './context.js';
import { executeOrderCommand } from './order-stream.js';

/**
 * The saga's asynchronous half. PaymentProcessed completes an order that was left PENDING when payments
 * could not answer (CONFIRMED or CANCELLED); PaymentRefunded marks a cancelled order's refund done. Both
 * run in the consumer's transaction with its inbox row, so a redelivered event changes nothing, and the
 * domain ignores outcomes it already has (the synchronous path usually recorded them first).
 */
export function declarePaymentConsumers(ctx: OrdersContext): void {
  ctx.messaging.consume('payment-outcomes', [PaymentsEvents.PAYMENT_PROCESSED], async (event, tx) => {
    const data = event.data as PaymentProcessedV1;
    await apply(ctx, event, tx, data.orderId, {
      type: 'RecordPaymentResult',
      result: {
        succeeded: data.succeeded,
        paymentId: data.paymentId,
        status: data.status,
        ...(data.failureCode === undefined ? {} : { failureCode: data.failureCode }),
        ...(data.failureMessage === undefined ? {} : { failureMessage: data.failureMessage }),
        ...(data.card === undefined ? {} : { card: data.card }),
      },
    });
  });

  ctx.messaging.consume('payment-refunds', [PaymentsEvents.PAYMENT_REFUNDED], async (event, tx) => {
    const data = event.data as PaymentRefundedV1;
    await apply(ctx, event, tx, data.orderId, {
      type: 'RecordRefund',
      refundId: data.refundId,
      nothingToRefund: false,
    });
  });
}

async function apply(
  ctx: OrdersContext,
  event: EventEnvelope,
  tx: SqlTransaction,
  orderId: string,
  command: OrderCommand,
): Promise<void> {
  try {
    await executeOrderCommand(ctx, orderId, command, { tx, cause: causedBy(event) });
  } catch (error) {
    // A payment for an order this store never had (another environment's, a test's): nothing to do.
    if (hasCode(error, OrdersErrors.NOT_FOUND)) {
      ctx.log.warn({ orderId, eventId: event.id, type: event.type }, 'payment event for an unknown order');
      return;
    }
    throw error;
  }
}
