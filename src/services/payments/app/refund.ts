import type { SqlExecutor } from '../../../platform/db/sql.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { EventCause } from '../../../platform/messaging/index.js';
import { PaymentsErrors, type RefundResult } from '../contract.js';
import { decideRefund, type RefundRecord } from '../domain/payment.js';
import { paymentsRepo } from '../adapters/payments.sql.js';
import { errorMessage } from './charge-steps.js';
import { inputChecker, RefundInputSchema, type RefundInput } from './client-input.js';
import type { PaymentsContext } from './context.js';
import { paymentRefunded } from './payment-events.js';
import { callProvider } from './provider-call.js';

const checkRefund = inputChecker<RefundInput>('refund', RefundInputSchema);

/** The client operation: a full refund of the order's captured payment, idempotent by order id. */
export async function refundOrder(ctx: PaymentsContext, raw: unknown): Promise<RefundResult> {
  const input = checkRefund(raw);
  return ctx.sql.transaction((tx) => refundInTransaction(ctx, tx, input, undefined));
}

/**
 * Refunds within `tx` (the client's own transaction, or a consumer's with its inbox row). The provider call
 * happens under the order's lock, so the saga's refund and the cancellation consumer's can never both pay
 * out; it is bounded by the provider timeout. A timeout rolls everything back and throws, and the retry
 * uses the same provider idempotency key, so a refund the provider made late is not made twice.
 * Nothing to refund (no payment, cash, a failure) still leaves a record: it closes the order to charges.
 */
export async function refundInTransaction(
  ctx: PaymentsContext,
  tx: SqlExecutor,
  input: RefundInput,
  cause: EventCause | undefined,
): Promise<RefundResult> {
  const repo = paymentsRepo(tx);
  await repo.lockOrder(input.orderId);
  const previous = await repo.findRefund(input.orderId);
  if (previous !== undefined) return toRefundResult(previous);

  const payment = await repo.findByOrder(input.orderId);
  const now = ctx.clock.now();
  const decision = decideRefund(payment, now);
  if (decision === 'busy') {
    throw new AppError(
      PaymentsErrors.CHARGE_IN_PROGRESS,
      'This order is being charged right now; retry the refund shortly.',
      {
        details: { orderId: input.orderId },
      },
    );
  }
  if (decision === 'nothing' || payment === undefined) {
    const closure: RefundRecord = {
      id: ctx.ids.next(),
      orderId: input.orderId,
      paymentId: payment?.id ?? null,
      customerId: payment?.customerId ?? null,
      status: 'NOTHING_TO_REFUND',
      amount: { amount: 0, currency: 'INR' },
      reason: input.reason,
      providerRefundId: null,
      createdAt: now,
    };
    await repo.insertRefund(closure);
    ctx.log.info({ orderId: input.orderId, paymentStatus: payment?.status ?? null }, 'nothing to refund');
    return toRefundResult(closure);
  }

  const captureId = payment.captureId;
  if (captureId === null) throw new Error(`payment ${payment.id} is CAPTURED without a capture id`);
  const answer = await callProvider(ctx.settings.providerTimeoutMs, () =>
    ctx.provider.refund({ captureId, amount: payment.amount, idempotencyKey: `refund:${payment.id}` }),
  );
  if (answer.kind !== 'answered') {
    const timedOut = answer.kind === 'timeout';
    ctx.log.warn(
      {
        orderId: input.orderId,
        paymentId: payment.id,
        ...(timedOut ? {} : { err: errorMessage(answer.error) }),
      },
      timedOut ? 'refund timed out at the provider' : 'refund failed at the provider',
    );
    throw new AppError(
      timedOut ? PaymentsErrors.PROVIDER_TIMEOUT : PaymentsErrors.PROVIDER_UNAVAILABLE,
      'The payment provider did not complete the refund; retrying it is safe.',
      { details: { orderId: input.orderId, paymentId: payment.id, retryable: true } },
    );
  }
  const refund: RefundRecord = {
    id: ctx.ids.next(),
    orderId: input.orderId,
    paymentId: payment.id,
    customerId: payment.customerId,
    status: 'REFUNDED',
    amount: payment.amount,
    reason: input.reason,
    providerRefundId: answer.value.refundId,
    createdAt: now,
  };
  await repo.insertRefund(refund);
  await repo.recordProviderCall({
    id: ctx.ids.next(),
    paymentId: payment.id,
    step: 'REFUND',
    outcome: 'SUCCEEDED',
    detail: null,
    at: now,
  });
  await repo.update(payment.id, null, { status: 'REFUNDED', updatedAt: now });
  await ctx.messaging.publish(tx, [paymentRefunded(ctx, payment, refund, cause)]);
  ctx.log.info({ orderId: input.orderId, paymentId: payment.id, refundId: refund.id }, 'payment refunded');
  return toRefundResult(refund);
}

function toRefundResult(refund: RefundRecord): RefundResult {
  return {
    paymentId: refund.paymentId ?? '',
    refundId: refund.id,
    orderId: refund.orderId,
    amount: refund.amount,
    nothingToRefund: refund.status === 'NOTHING_TO_REFUND',
  };
}
