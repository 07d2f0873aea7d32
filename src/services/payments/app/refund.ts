import type { SqlExecutor } from '../../../platform/db/sql.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { EventCause } from '../../../platform/messaging/index.js';
import { PaymentsErrors, type RefundResult } from '../contract.js';
import { decideRefund, type PaymentRecord, type RefundRecord } from '../domain/payment.js';
import { paymentsRepo } from '../adapters/payments.sql.js';
import { RefundInputSchema, type RefundInput } from './client-input.js';
import { recordUnansweredClose, takenOver, toRefundResult } from './close-steps.js';
import type { PaymentsContext } from './context.js';
import { paymentRefunded } from './payment-events.js';
import { callProvider } from './provider-call.js';
import { findLostHold, voidHold } from './void-hold.js';
import { inputChecker } from '../../../platform/clients/index.js';

const checkRefund = inputChecker<RefundInput>('payments.refund', RefundInputSchema);

/** The client operation: the order's money back (a refund, or a void of its hold), idempotent by order id. */
export async function refundOrder(ctx: PaymentsContext, raw: unknown): Promise<RefundResult> {
  return refundPayment(ctx, checkRefund(raw), undefined);
}

type RefundClaim =
  | { kind: 'done'; result: RefundResult }
  | { kind: 'claimed'; payment: PaymentRecord; claimId: string; action: 'refund' | 'void' | 'lookup' }
  | { kind: 'busy' };

/**
 * Gives the order's money back, idempotent by order id: refunds a capture, voids a hold (one whose
 * authorise answer was lost is first looked up at the provider). In three steps so that the provider is
 * never called inside a transaction (on the embedded store that would hold the one connection for the
 * provider's whole answer): claim the payment under the order's lock, call the provider, record the
 * outcome under the lock again. A claim keeps a second refunder (the saga's call and the cancellation
 * consumer's) out until it ends or its lease runs out; the provider's idempotency key makes a retry after
 * a lost answer refund once. Nothing to refund (no payment, cash, a decline, no hold) still leaves a
 * record: it closes the order to charges.
 */
export async function refundPayment(
  ctx: PaymentsContext,
  input: RefundInput,
  cause: EventCause | undefined,
): Promise<RefundResult> {
  let claim = await ctx.sql.transaction((tx) => claimRefund(ctx, tx, input));
  // Another call is charging or refunding this order: its outcome is at most a provider timeout away.
  for (let poll = 0; claim.kind === 'busy'; poll += 1) {
    if (poll >= ctx.settings.busyPolls) {
      throw new AppError(
        PaymentsErrors.CHARGE_IN_PROGRESS,
        'This order is being charged or refunded right now; retry the refund shortly.',
        { details: { orderId: input.orderId } },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, ctx.settings.busyPollMs));
    claim = await ctx.sql.transaction((tx) => claimRefund(ctx, tx, input));
  }
  if (claim.kind === 'done') return claim.result;
  const { payment, claimId } = claim;
  if (claim.action === 'lookup') {
    const lost = await findLostHold(ctx, input, payment, claimId);
    // A hold was found and is now recorded as AUTHORIZED: release it.
    return lost === 'authorized' ? refundPayment(ctx, input, cause) : lost;
  }
  if (claim.action === 'void') {
    const voided = await voidHold(ctx, input, payment, claimId);
    // The hold had been captured after all, and is now recorded so: refund it.
    return voided === 'captured' ? refundPayment(ctx, input, cause) : voided;
  }

  const captureId = payment.captureId;
  if (captureId === null) throw new Error(`payment ${payment.id} is CAPTURED without a capture id`);
  const answer = await callProvider(ctx.settings.providerTimeoutMs, () =>
    ctx.provider.refund({ captureId, amount: payment.amount, idempotencyKey: `refund:${payment.id}` }),
  );
  if (answer.kind !== 'answered') return recordUnansweredClose(ctx, payment, claimId, 'REFUND', answer);
  return ctx.sql.transaction(async (tx) => {
    const repo = paymentsRepo(tx);
    await repo.lockOrder(input.orderId);
    const previous = await repo.findRefund(input.orderId);
    if (previous !== undefined) return toRefundResult(previous);
    const now = ctx.clock.now();
    const refunded = await repo.update(payment.id, claimId, {
      status: 'REFUNDED',
      claimId: null,
      claimedUntil: null,
      updatedAt: now,
    });
    // Our lease ran out and another refunder took over: its outcome is the one that stands.
    if (refunded === undefined) throw takenOver(input.orderId);
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
    await ctx.messaging.publish(tx, [paymentRefunded(ctx, payment, refund, cause)]);
    ctx.log.info({ orderId: input.orderId, paymentId: payment.id, refundId: refund.id }, 'payment refunded');
    return toRefundResult(refund);
  });
}

/** Under the order's lock: the earlier outcome, a closure when there is nothing to refund, or a claim. */
async function claimRefund(ctx: PaymentsContext, tx: SqlExecutor, input: RefundInput): Promise<RefundClaim> {
  const repo = paymentsRepo(tx);
  await repo.lockOrder(input.orderId);
  const previous = await repo.findRefund(input.orderId);
  if (previous !== undefined) return { kind: 'done', result: toRefundResult(previous) };

  const payment = await repo.findByOrder(input.orderId);
  const now = ctx.clock.now();
  const decision = decideRefund(payment, now);
  if (decision === 'busy') return { kind: 'busy' };
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
    return { kind: 'done', result: toRefundResult(closure) };
  }
  const claimId = ctx.ids.next();
  const claimed = await repo.update(payment.id, null, {
    claimId,
    claimedUntil: new Date(now.getTime() + ctx.settings.claimLeaseMs),
    updatedAt: now,
  });
  if (claimed === undefined) throw new Error(`payment ${payment.id} vanished under its order's lock`);
  return { kind: 'claimed', payment: claimed, claimId, action: decision };
}
