import { AppError } from '../../../platform/errors/app-error.js';
import { PaymentsErrors, type RefundResult } from '../contract.js';
import type { PaymentRecord, RefundRecord } from '../domain/payment.js';
import { paymentsRepo } from '../adapters/payments.sql.js';
import { errorMessage } from './charge-steps.js';
import type { PaymentsContext } from './context.js';
import type { ProviderCallResult } from './provider-call.js';

/**
 * A refund or void the provider did not answer: lets the next attempt in at once (the provider's
 * idempotency covers a call it completed late), records the call, and throws the retryable 503.
 */
export async function recordUnansweredClose(
  ctx: PaymentsContext,
  payment: PaymentRecord,
  claimId: string,
  step: 'REFUND' | 'VOID' | 'AUTHORIZE',
  answer: Exclude<ProviderCallResult<unknown>, { kind: 'answered' }>,
): Promise<never> {
  const timedOut = answer.kind === 'timeout';
  await ctx.sql.transaction(async (tx) => {
    const repo = paymentsRepo(tx);
    const now = ctx.clock.now();
    await repo.update(payment.id, claimId, { claimId: null, claimedUntil: null, updatedAt: now });
    await repo.recordProviderCall({
      id: ctx.ids.next(),
      paymentId: payment.id,
      step,
      outcome: timedOut ? 'TIMEOUT' : 'ERROR',
      detail: timedOut ? 'provider_timeout' : 'provider_error',
      at: now,
    });
  });
  const what = step === 'REFUND' ? 'refund' : 'release of the hold';
  ctx.log.warn(
    {
      orderId: payment.orderId,
      paymentId: payment.id,
      step,
      ...(answer.kind === 'error' ? { err: errorMessage(answer.error) } : {}),
    },
    `${what} ${timedOut ? 'timed out' : 'failed'} at the provider`,
  );
  throw new AppError(
    timedOut ? PaymentsErrors.PROVIDER_TIMEOUT : PaymentsErrors.PROVIDER_UNAVAILABLE,
    `The payment provider did not complete the ${what}; retrying it is safe.`,
    { details: { orderId: payment.orderId, paymentId: payment.id, retryable: true } },
  );
}

/** A step's result changed hands: our lease ran out and another call took over; its outcome stands. */
export function takenOver(orderId: string): AppError {
  return new AppError(PaymentsErrors.CHARGE_IN_PROGRESS, 'This refund was taken over; retry shortly.', {
    details: { orderId },
  });
}

export function toRefundResult(refund: RefundRecord): RefundResult {
  return {
    paymentId: refund.paymentId ?? '',
    refundId: refund.id,
    orderId: refund.orderId,
    amount: refund.amount,
    nothingToRefund: refund.status !== 'REFUNDED',
  };
}
