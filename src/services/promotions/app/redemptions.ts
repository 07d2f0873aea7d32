import { AppError } from '../../../platform/errors/app-error.js';
import type { SqlExecutor } from '../../../platform/db/sql.js';
import { promotionsRepo } from '../adapters/promotions.sql.js';
import { redemptionsRepo, type ReleaseReason, type Redemption } from '../adapters/redemptions.sql.js';
import { PromotionsErrors, type PromotionQuote, type QuoteInput, type RedeemInput } from '../contract.js';
import { normalizeCode } from '../domain/code.js';
import { assertRedeemable, customerLimitReached, exhausted, quoteOf } from '../domain/eligibility.js';
import { inr } from '../domain/promotion.js';
import type { PromotionsContext } from './context.js';

/** Prices a code for a cart, reserving nothing. */
export async function quote(ctx: PromotionsContext, input: QuoteInput): Promise<PromotionQuote> {
  const now = ctx.clock.now();
  const code = normalizeCode(input.code);
  const promotion = code === undefined ? undefined : await promotionsRepo(ctx.sql).findByCode(code);
  const customerUses =
    promotion === undefined
      ? 0
      : await redemptionsRepo(ctx.sql).customerUses(promotion.id, input.customerId.toLowerCase());
  const cart = { restaurantId: input.restaurantId.toLowerCase(), subtotal: input.subtotal.amount };
  assertRedeemable(promotion, cart, now, { customerUses });
  return quoteOf(promotion, cart.subtotal);
}

/**
 * Reserves one redemption for the order, in one transaction: the redemption row (keyed by the order), then
 * the offer's counter and the customer's count, each taken by a conditional update that decides races. A
 * repeat for the same order answers the first reservation; an order whose redemption was released may
 * reserve again.
 */
export async function redeem(ctx: PromotionsContext, input: RedeemInput): Promise<PromotionQuote> {
  const now = ctx.clock.now();
  const code = normalizeCode(input.code);
  const orderId = input.orderId.toLowerCase();
  const customerId = input.customerId.toLowerCase();
  const cart = { restaurantId: input.restaurantId.toLowerCase(), subtotal: input.subtotal.amount };
  return ctx.sql.transaction(async (tx) => {
    const redemptions = redemptionsRepo(tx);
    const promotions = promotionsRepo(tx);
    const existing = await redemptions.find(orderId, { forUpdate: true });
    if (existing !== undefined && existing.status !== 'RELEASED') return sameAnswer(existing, code);

    const promotion = code === undefined ? undefined : await promotions.findByCode(code);
    const customerUses =
      promotion === undefined ? 0 : await redemptions.customerUses(promotion.id, customerId);
    assertRedeemable(promotion, cart, now, { customerUses });
    const answer = quoteOf(promotion, cart.subtotal);
    const redemption: Redemption = {
      orderId,
      promotionId: promotion.id,
      code: answer.code,
      title: answer.title,
      kind: answer.kind,
      customerId,
      restaurantId: cart.restaurantId,
      subtotal: cart.subtotal,
      discount: answer.discount.amount,
      status: 'RESERVED',
      reservedAt: now,
      confirmedAt: null,
      releasedAt: null,
      releaseReason: null,
    };
    if (existing !== undefined) {
      await redemptions.reReserve(redemption);
    } else if (!(await redemptions.insertReserved(redemption))) {
      // A concurrent redeem of this order committed first: answer what it reserved.
      const winner = await redemptions.find(orderId);
      if (winner === undefined || winner.status === 'RELEASED') throw exhausted();
      return sameAnswer(winner, code);
    }
    if (!(await promotions.takeRedemption(promotion.id))) {
      // The offer changed since it was read (the last one taken, or deactivated): say which.
      const fresh = await promotions.find(promotion.id);
      assertRedeemable(fresh, cart, now, { customerUses: 0 });
      throw exhausted();
    }
    if (!(await redemptions.takeCustomerUse(promotion.id, customerId, promotion.perCustomerLimit))) {
      throw customerLimitReached(promotion.perCustomerLimit ?? 0);
    }
    return answer;
  });
}

function sameAnswer(existing: Redemption, code: string | undefined): PromotionQuote {
  if (existing.code !== code) {
    throw new AppError(
      PromotionsErrors.REDEMPTION_CONFLICT,
      'This order already holds another code; release it first.',
      { details: { orderId: existing.orderId, code: existing.code } },
    );
  }
  return {
    promotionId: existing.promotionId,
    code: existing.code,
    title: existing.title,
    kind: existing.kind,
    discount: inr(existing.discount),
  };
}

/**
 * Gives the order's redemption back, in the caller's transaction: the redemption row, then the counters.
 * `released` is true when the order's redemption is released now (here or before), false when the order
 * never held one.
 */
export async function releaseRedemption(
  tx: SqlExecutor,
  orderId: string,
  reason: ReleaseReason,
  now: Date,
  options: { reservedBefore?: Date } = {},
): Promise<{ released: boolean; releasedHere: boolean }> {
  const redemptions = redemptionsRepo(tx);
  const released = await redemptions.release(orderId, reason, now, options);
  if (released !== undefined) {
    await promotionsRepo(tx).giveBackRedemption(released.promotionId);
    await redemptions.giveBackCustomerUse(released.promotionId, released.customerId);
    return { released: true, releasedHere: true };
  }
  const current = await redemptions.find(orderId);
  return { released: current?.status === 'RELEASED', releasedHere: false };
}

/**
 * Releases reservations no OrderCreated confirmed within the reservation time (the order was never
 * placed), one transaction each; the release's own condition makes a concurrent run or confirmation win
 * cleanly. Returns how many were released here.
 */
export async function releaseLapsedReservations(ctx: PromotionsContext): Promise<number> {
  const now = ctx.clock.now();
  const before = new Date(now.getTime() - ctx.settings.reservationTtlMs);
  let total = 0;
  for (;;) {
    const orderIds = await redemptionsRepo(ctx.sql).listLapsed(before, ctx.settings.timerBatchSize);
    let releasedInBatch = 0;
    for (const orderId of orderIds) {
      const { releasedHere } = await ctx.sql.transaction((tx) =>
        releaseRedemption(tx, orderId, 'UNCONFIRMED', now, { reservedBefore: before }),
      );
      if (releasedHere) releasedInBatch += 1;
    }
    total += releasedInBatch;
    // Another instance took some of these: stop rather than spin on rows it is still releasing.
    if (orderIds.length < ctx.settings.timerBatchSize || releasedInBatch === 0) break;
  }
  if (total > 0) ctx.log.info({ released: total }, 'lapsed promotion reservations released');
  return total;
}
