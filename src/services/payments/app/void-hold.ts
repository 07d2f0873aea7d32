import type { RefundResult } from '../contract.js';
import type { PaymentRecord, RefundRecord } from '../domain/payment.js';
import { paymentsRepo } from '../adapters/payments.sql.js';
import { recordStep } from './charge-steps.js';
import { recordUnansweredClose, takenOver, toRefundResult } from './close-steps.js';
import type { PaymentsContext } from './context.js';
import { callProvider } from './provider-call.js';

/**
 * Releases the hold of an order cancelled between authorise and capture (claimed by the caller): the
 * payment becomes VOIDED and the order's closing record says so, in one transaction. When the provider
 * says the hold was captured after all (a capture whose answer was lost), that capture is recorded and
 * published as the charge's outcome, and the caller refunds it: `'captured'`.
 */
export async function voidHold(
  ctx: PaymentsContext,
  input: { orderId: string; reason: string },
  payment: PaymentRecord,
  claimId: string,
): Promise<RefundResult | 'captured'> {
  const authorizationId = payment.authorizationId;
  if (authorizationId === null)
    throw new Error(`payment ${payment.id} is AUTHORIZED without an authorisation id`);
  const answer = await callProvider(ctx.settings.providerTimeoutMs, () =>
    ctx.provider.voidAuthorization({ authorizationId }),
  );
  if (answer.kind !== 'answered') return recordUnansweredClose(ctx, payment, claimId, 'VOID', answer);
  const outcome = answer.value;
  if (outcome.outcome === 'ALREADY_CAPTURED') {
    await recordStep(
      ctx,
      payment.id,
      claimId,
      { step: 'CAPTURE', outcome: 'SUCCEEDED', detail: 'found_at_void' },
      { status: 'CAPTURED', captureId: outcome.captureId, claimId: null, claimedUntil: null },
      true,
    );
    ctx.log.warn({ orderId: payment.orderId, paymentId: payment.id }, 'hold was captured; refunding it');
    return 'captured';
  }
  return ctx.sql.transaction(async (tx) => {
    const repo = paymentsRepo(tx);
    await repo.lockOrder(input.orderId);
    const previous = await repo.findRefund(input.orderId);
    if (previous !== undefined) return toRefundResult(previous);
    const now = ctx.clock.now();
    const voided = await repo.update(
      payment.id,
      claimId,
      {
        status: 'VOIDED',
        failureCode: 'authorization_voided',
        failureMessage: 'The hold on the card was released: the order was cancelled before the capture.',
        claimId: null,
        claimedUntil: null,
        updatedAt: now,
      },
      { id: ctx.ids.next(), step: 'VOID', outcome: 'SUCCEEDED', detail: null, at: now },
    );
    if (voided === undefined) throw takenOver(input.orderId);
    const closure: RefundRecord = {
      id: ctx.ids.next(),
      orderId: input.orderId,
      paymentId: payment.id,
      customerId: payment.customerId,
      status: 'VOIDED',
      amount: { amount: 0, currency: 'INR' },
      reason: input.reason,
      providerRefundId: outcome.voidId,
      createdAt: now,
    };
    await repo.insertRefund(closure);
    ctx.log.info({ orderId: input.orderId, paymentId: payment.id }, 'hold voided');
    return toRefundResult(closure);
  });
}

/**
 * Asks the provider what an authorise whose answer was lost decided (the claim is the caller's). A hold
 * is recorded on the payment (AUTHORIZED, for the caller to void: `'authorized'`); none, or a decline,
 * closes the order with nothing to refund, the payment left as it was, so a late charge is refused.
 */
export async function findLostHold(
  ctx: PaymentsContext,
  input: { orderId: string; reason: string },
  payment: PaymentRecord,
  claimId: string,
): Promise<RefundResult | 'authorized'> {
  const answer = await callProvider(ctx.settings.providerTimeoutMs, () =>
    ctx.provider.findAuthorization({ idempotencyKey: `authorize:${payment.id}` }),
  );
  if (answer.kind !== 'answered') return recordUnansweredClose(ctx, payment, claimId, 'AUTHORIZE', answer);
  const found = answer.value;
  if (found?.outcome === 'AUTHORIZED') {
    await recordStep(
      ctx,
      payment.id,
      claimId,
      { step: 'AUTHORIZE', outcome: 'SUCCEEDED', detail: 'found_at_release' },
      {
        status: 'AUTHORIZED',
        authorizationId: found.authorizationId,
        card: found.card,
        claimId: null,
        claimedUntil: null,
      },
      false,
    );
    ctx.log.warn({ orderId: payment.orderId, paymentId: payment.id }, 'lost authorisation found; voiding it');
    return 'authorized';
  }
  return ctx.sql.transaction(async (tx) => {
    const repo = paymentsRepo(tx);
    await repo.lockOrder(input.orderId);
    const previous = await repo.findRefund(input.orderId);
    if (previous !== undefined) return toRefundResult(previous);
    const now = ctx.clock.now();
    const released = await repo.update(
      payment.id,
      claimId,
      { claimId: null, claimedUntil: null, updatedAt: now },
      {
        id: ctx.ids.next(),
        step: 'AUTHORIZE',
        outcome: found === null ? 'ERROR' : 'DECLINED',
        detail: found === null ? 'not_found_at_release' : found.code,
        at: now,
      },
    );
    if (released === undefined) throw takenOver(input.orderId);
    const closure: RefundRecord = {
      id: ctx.ids.next(),
      orderId: input.orderId,
      paymentId: payment.id,
      customerId: payment.customerId,
      status: 'NOTHING_TO_REFUND',
      amount: { amount: 0, currency: 'INR' },
      reason: input.reason,
      providerRefundId: null,
      createdAt: now,
    };
    await repo.insertRefund(closure);
    ctx.log.info(
      { orderId: input.orderId, paymentId: payment.id },
      'no hold at the provider; nothing to refund',
    );
    return toRefundResult(closure);
  });
}
