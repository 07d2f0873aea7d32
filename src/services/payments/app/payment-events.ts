import type { EventCause, EventEnvelope } from '../../../platform/messaging/index.js';
import { PaymentsEvents, type PaymentProcessedV1, type PaymentRefundedV1 } from '../contract.js';
import { toChargeResult, type PaymentRecord, type RefundRecord } from '../domain/payment.js';
import type { PaymentsContext } from './context.js';

/** `PaymentProcessed` for a settled payment (captured, declined, cash). Subject: the order id. */
export function paymentProcessed(ctx: PaymentsContext, payment: PaymentRecord): EventEnvelope {
  const result = toChargeResult(payment);
  const data: PaymentProcessedV1 = {
    paymentId: payment.id,
    orderId: payment.orderId,
    customerId: payment.customerId,
    succeeded: result.succeeded,
    status: result.status,
    method: payment.method,
    amount: payment.amount,
    ...(result.failureCode === undefined ? {} : { failureCode: result.failureCode }),
    ...(result.failureMessage === undefined ? {} : { failureMessage: result.failureMessage }),
    ...(result.card === undefined ? {} : { card: result.card }),
  };
  return ctx.messaging.event(PaymentsEvents.PAYMENT_PROCESSED, payment.orderId, data);
}

/** `PaymentRefunded` for a completed refund, in the flow that caused it when known. */
export function paymentRefunded(
  ctx: PaymentsContext,
  payment: PaymentRecord,
  refund: RefundRecord,
  cause: EventCause | undefined,
): EventEnvelope {
  const data: PaymentRefundedV1 = {
    paymentId: payment.id,
    refundId: refund.id,
    orderId: payment.orderId,
    customerId: payment.customerId,
    amount: refund.amount,
    reason: refund.reason,
  };
  return ctx.messaging.event(
    PaymentsEvents.PAYMENT_REFUNDED,
    payment.orderId,
    data,
    cause === undefined ? {} : { cause },
  );
}
