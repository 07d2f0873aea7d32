import type { SqlTransaction } from '../../../platform/db/sql.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { PaymentsErrors, type ChargeInput, type ChargeResult } from '../contract.js';
import { decideOnExisting, toChargeResult, type PaymentRecord } from '../domain/payment.js';
import { maskToken } from '../domain/masking.js';
import { paymentsRepo } from '../adapters/payments.sql.js';
import { ChargeInputSchema } from './client-input.js';
import type { PaymentsContext } from './context.js';
import { paymentProcessed } from './payment-events.js';
import { callProvider } from './provider-call.js';
import { recordStep, recordRetryableFailure, type StepCall } from './charge-steps.js';
import { inputChecker } from '../../../platform/clients/index.js';

const checkCharge = inputChecker<ChargeInput>('payments.charge', ChargeInputSchema);

type Claim =
  | { kind: 'done'; payment: PaymentRecord }
  | { kind: 'claimed'; payment: PaymentRecord; claimId: string }
  | { kind: 'busy' };

/**
 * Charges an order: authorise, then capture, each step recorded; idempotent by order id. A repeated call
 * returns the first outcome; one made while another call is charging waits for that outcome. Cash is
 * settled at once without the provider.
 */
export async function chargeOrder(ctx: PaymentsContext, raw: unknown): Promise<ChargeResult> {
  const input = checkCharge(raw);
  return ctx.charges.run(input.orderId, () => chargeOnce(ctx, input));
}

async function chargeOnce(ctx: PaymentsContext, input: ChargeInput): Promise<ChargeResult> {
  for (let poll = 0; ; poll += 1) {
    const claim = await ctx.sql.transaction((tx) => claimCharge(ctx, tx, input));
    if (claim.kind === 'done') return toChargeResult(claim.payment);
    if (claim.kind === 'claimed' && input.payment.method === 'CARD') {
      return runProviderSteps(ctx, claim.payment, claim.claimId, input.payment.token);
    }
    if (poll >= ctx.settings.busyPolls) {
      throw new AppError(
        PaymentsErrors.CHARGE_IN_PROGRESS,
        'This order is being charged by another call; retry shortly.',
        {
          details: { orderId: input.orderId },
        },
      );
    }
    // Another instance holds the order's claim: its outcome is at most a provider timeout or two away.
    await new Promise((resolve) => setTimeout(resolve, ctx.settings.busyPollMs));
  }
}

/** Decides, under the order's lock, whether this call returns a settled outcome, charges, or waits. */
async function claimCharge(ctx: PaymentsContext, tx: SqlTransaction, input: ChargeInput): Promise<Claim> {
  const repo = paymentsRepo(tx);
  await repo.lockOrder(input.orderId);
  const now = ctx.clock.now();
  const claimId = ctx.ids.next();
  const claimedUntil = new Date(now.getTime() + ctx.settings.claimLeaseMs);
  // The common case first, a new charge: one statement (no payment yet, the order not closed).
  const payment = newPayment(ctx, input, claimId, claimedUntil, now);
  if (await repo.insertIfNew(payment)) return claimNew(ctx, tx, input, payment, claimId);

  const existing = await repo.findByOrder(input.orderId);
  if (existing === undefined) {
    throw new AppError(
      PaymentsErrors.ORDER_CLOSED,
      'This order was closed (refunded or cancelled) and can no longer be charged.',
      {
        details: { orderId: input.orderId },
      },
    );
  }
  assertSameCharge(existing, input);
  const decision = decideOnExisting(existing, now);
  if (decision === 'done') return { kind: 'done', payment: existing };
  if (decision === 'busy') return { kind: 'busy' };
  if ((await repo.findRefund(input.orderId)) !== undefined) {
    throw new AppError(
      PaymentsErrors.ORDER_CLOSED,
      'This order was closed (refunded or cancelled) and can no longer be charged.',
      {
        details: { orderId: input.orderId },
      },
    );
  }
  // A timed-out or abandoned attempt: resume it. An authorised payment goes straight to capture.
  const claimed = await repo.update(existing.id, null, {
    status: existing.status === 'AUTHORIZED' ? 'AUTHORIZED' : 'PENDING',
    failureCode: null,
    failureMessage: null,
    claimId,
    claimedUntil,
    updatedAt: now,
    incrementAttempts: true,
  });
  if (claimed === undefined) throw new Error(`payment ${existing.id} vanished under its order's lock`);
  ctx.log.info(
    { orderId: input.orderId, paymentId: existing.id, attempt: claimed.attempts },
    'resuming a charge',
  );
  return { kind: 'claimed', payment: claimed, claimId };
}

function newPayment(
  ctx: PaymentsContext,
  input: ChargeInput,
  claimId: string,
  claimedUntil: Date,
  now: Date,
): PaymentRecord {
  const cash = input.payment.method === 'CASH';
  return {
    id: ctx.ids.next(),
    orderId: input.orderId,
    customerId: input.customerId,
    method: input.payment.method,
    status: cash ? 'CASH_ON_DELIVERY' : 'PENDING',
    amount: input.amount,
    card: null,
    authorizationId: null,
    captureId: null,
    failureCode: null,
    failureMessage: null,
    attempts: cash ? 0 : 1,
    claimId: cash ? null : claimId,
    claimedUntil: cash ? null : claimedUntil,
    createdAt: now,
    updatedAt: now,
  };
}

/** A new payment was written: cash is settled at once (its event in the same transaction); a card is claimed. */
async function claimNew(
  ctx: PaymentsContext,
  tx: SqlTransaction,
  input: ChargeInput,
  payment: PaymentRecord,
  claimId: string,
): Promise<Claim> {
  if (payment.method === 'CASH') {
    await ctx.messaging.publish(tx, [paymentProcessed(ctx, payment)]);
    ctx.log.info({ orderId: payment.orderId, paymentId: payment.id }, 'cash on delivery recorded');
    return { kind: 'done', payment };
  }
  const token = input.payment.method === 'CARD' ? maskToken(input.payment.token) : undefined;
  ctx.log.info({ orderId: payment.orderId, paymentId: payment.id, tokenMasked: token }, 'charging a card');
  return { kind: 'claimed', payment, claimId };
}

/** The order id is the idempotency key: reusing it for another charge is a caller's bug, not a retry. */
function assertSameCharge(existing: PaymentRecord, input: ChargeInput): void {
  const differs: string[] = [];
  if (existing.customerId !== input.customerId) differs.push('customerId');
  if (existing.method !== input.payment.method) differs.push('payment.method');
  if (existing.amount.amount !== input.amount.amount || existing.amount.currency !== input.amount.currency) {
    differs.push('amount');
  }
  if (differs.length > 0) {
    throw new AppError(
      PaymentsErrors.IDEMPOTENCY_MISMATCH,
      'This order was already charged with other details.',
      {
        details: { orderId: input.orderId, differs },
      },
    );
  }
}

/**
 * Authorise (unless a previous attempt already did), then capture, and record both answers in one
 * transaction. The authorisation is not recorded on its own: should this process die before the capture
 * is recorded, the payment is still PENDING under an expired claim, and both ways on from there find the
 * hold again by its idempotency key (a retried charge authorises again and gets the same hold back; a
 * release looks the hold up and voids it). An authorisation whose capture gets no answer is recorded
 * AUTHORIZED, so the hold is known and the retry resumes at the capture.
 */
async function runProviderSteps(
  ctx: PaymentsContext,
  claimed: PaymentRecord,
  claimId: string,
  token: string,
): Promise<ChargeResult> {
  let payment = claimed;
  const timeoutMs = ctx.settings.providerTimeoutMs;
  const authorized: StepCall[] = [];
  if (payment.status === 'PENDING') {
    const answer = await callProvider(timeoutMs, () =>
      ctx.provider.authorize({ idempotencyKey: `authorize:${payment.id}`, amount: payment.amount, token }),
    );
    if (answer.kind !== 'answered') {
      return recordRetryableFailure(ctx, payment, claimId, 'AUTHORIZE', answer, { status: 'FAILED' });
    }
    const outcome = answer.value;
    if (outcome.outcome === 'DECLINED') {
      const failed = await recordStep(
        ctx,
        payment.id,
        claimId,
        { step: 'AUTHORIZE', outcome: 'DECLINED', detail: outcome.code },
        {
          status: 'FAILED',
          failureCode: outcome.code,
          failureMessage: outcome.message,
          claimId: null,
          claimedUntil: null,
        },
        true,
      );
      ctx.log.info({ orderId: failed.orderId, paymentId: failed.id, code: outcome.code }, 'card declined');
      return toChargeResult(failed);
    }
    authorized.push({ step: 'AUTHORIZE', outcome: 'SUCCEEDED', detail: null, at: ctx.clock.now() });
    payment = { ...payment, authorizationId: outcome.authorizationId, card: outcome.card };
  }

  const authorizationId = payment.authorizationId;
  if (authorizationId === null)
    throw new Error(`payment ${payment.id} is AUTHORIZED without an authorisation id`);
  const hold = { status: 'AUTHORIZED' as const, authorizationId, card: payment.card };
  const answer = await callProvider(timeoutMs, () =>
    ctx.provider.capture({ authorizationId, amount: payment.amount }),
  );
  if (answer.kind !== 'answered') {
    // The hold stays: a retry resumes at the capture, which the provider answers idempotently.
    return recordRetryableFailure(ctx, payment, claimId, 'CAPTURE', answer, hold, authorized);
  }
  const captured = await recordStep(
    ctx,
    payment.id,
    claimId,
    [...authorized, { step: 'CAPTURE', outcome: 'SUCCEEDED', detail: null }],
    {
      ...hold,
      status: 'CAPTURED',
      captureId: answer.value.captureId,
      claimId: null,
      claimedUntil: null,
    },
    true,
  );
  ctx.log.info({ orderId: captured.orderId, paymentId: captured.id }, 'payment captured');
  return toChargeResult(captured);
}
