import { AppError } from '../../../platform/errors/app-error.js';
import { PaymentsErrors } from '../contract.js';
import type { PaymentRecord } from '../domain/payment.js';
import { paymentsRepo, type PaymentChanges } from '../adapters/payments.sql.js';
import type { PaymentsContext } from './context.js';
import { paymentProcessed } from './payment-events.js';
import type { ProviderCallResult } from './provider-call.js';

export interface StepCall {
  step: 'AUTHORIZE' | 'CAPTURE';
  outcome: 'SUCCEEDED' | 'DECLINED' | 'TIMEOUT' | 'ERROR';
  detail: string | null;
  /** When the provider answered; now by default. */
  at?: Date;
}

/**
 * Writes provider answers: the payment's new state, the calls' records and, for a settled payment, its
 * `PaymentProcessed`, all in one transaction. Refused when this call's claim was taken over (it outlived
 * its lease): the successor's result stands.
 */
export async function recordStep(
  ctx: PaymentsContext,
  paymentId: string,
  claimId: string,
  calls: StepCall | readonly StepCall[],
  changes: Omit<PaymentChanges, 'updatedAt'>,
  settled: boolean,
): Promise<PaymentRecord> {
  const answered = Array.isArray(calls) ? calls : [calls as StepCall];
  return ctx.sql.transaction(async (tx) => {
    const repo = paymentsRepo(tx);
    const now = ctx.clock.now();
    const updated = await repo.update(
      paymentId,
      claimId,
      { ...changes, updatedAt: now },
      answered.map(({ at, ...call }) => ({ id: ctx.ids.next(), ...call, at: at ?? now })),
    );
    if (updated === undefined) {
      throw new AppError(
        PaymentsErrors.CHARGE_IN_PROGRESS,
        'This charge was taken over by another call; retry shortly.',
        {
          details: { paymentId },
        },
      );
    }
    if (settled) await ctx.messaging.publish(tx, [paymentProcessed(ctx, updated)]);
    return updated;
  });
}

/**
 * Records a provider call that got no decision (timeout or error), releases the claim so that a retry may
 * resume at once, and throws the 503 the saga retries on. No event: the payment is not settled.
 */
export async function recordRetryableFailure(
  ctx: PaymentsContext,
  payment: PaymentRecord,
  claimId: string,
  step: StepCall['step'],
  answer: Exclude<ProviderCallResult<unknown>, { kind: 'answered' }>,
  changes: Pick<PaymentChanges, 'status' | 'authorizationId' | 'card'>,
  /** Answers of this attempt not recorded yet (an authorisation before the capture that failed). */
  earlier: readonly StepCall[] = [],
): Promise<never> {
  const timedOut = answer.kind === 'timeout';
  const failureCode = timedOut ? 'provider_timeout' : 'provider_error';
  const failureMessage = timedOut
    ? 'The payment provider did not answer in time.'
    : 'The payment provider could not process the request.';
  await recordStep(
    ctx,
    payment.id,
    claimId,
    [...earlier, { step, outcome: timedOut ? 'TIMEOUT' : 'ERROR', detail: failureCode }],
    {
      ...changes,
      failureCode,
      failureMessage,
      claimId: null,
      claimedUntil: null,
    },
    false,
  );
  const logged = { orderId: payment.orderId, paymentId: payment.id, step };
  if (answer.kind === 'error') {
    ctx.log.warn({ ...logged, err: errorMessage(answer.error) }, 'payment provider failed');
  } else {
    ctx.log.warn({ ...logged, timeoutMs: ctx.settings.providerTimeoutMs }, 'payment provider timed out');
  }
  throw new AppError(
    timedOut ? PaymentsErrors.PROVIDER_TIMEOUT : PaymentsErrors.PROVIDER_UNAVAILABLE,
    `${failureMessage} Retrying the charge is safe.`,
    { details: { orderId: payment.orderId, paymentId: payment.id, step, retryable: true } },
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
