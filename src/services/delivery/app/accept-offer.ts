import { AppError, hasCode } from '../../../platform/errors/app-error.js';
import { OrdersErrors } from '../../orders/index.js';
import { DeliveryErrors, type JobView } from '../contract.js';
import { distanceKm, roundKm } from '../../../platform/geo/distance.js';
import { isUncertainFailure } from '../domain/offer-rules.js';
import type { DeliveryContext } from './context.js';
import { requireOnlineCourier } from './couriers.js';
import { toJobView } from './jobs.js';
import { resolveOffer } from './offer-details.js';
import type { OfferRecord } from './ports.js';

/** Refusals after which the order cannot take a courier any more (not READY, or unknown): the offer is over. */
const FINAL_REFUSALS: readonly string[] = [OrdersErrors.INVALID_ORDER_STATE, OrdersErrors.NOT_FOUND];

/**
 * Accepts an offer: the first courier wins. Consistency rests on two steps and one rule:
 *
 * 1. claim: one conditional UPDATE (`... WHERE status = 'OPEN' RETURNING`) lets exactly one of N concurrent
 *    couriers hold the offer; the others get `OFFER_TAKEN` without calling orders at all.
 * 2. confirm: the holder calls `orders.assignCourier` outside any transaction (a transaction must not wait
 *    on another service, and in the embedded run orders shares the one connection). Only after orders
 *    answers is the assignment row written, so delivery never has an assignment orders does not know.
 *
 * The rule: orders decides. If orders refuses, nothing was recorded there, so the claim is released. If the
 * call fails without an answer, orders may have recorded the courier: the claim is kept (other couriers
 * still get `OFFER_TAKEN`), the courier gets `ASSIGNMENT_PENDING` and repeats the idempotent call. A claim
 * never confirmed may be taken over after `offerTtlMs`; if orders did record the first courier, the new
 * call answers `COURIER_ALREADY_ASSIGNED` and delivery adopts orders' courier. OrderStatusUpdated events
 * carrying a courier heal the rest.
 */
export async function acceptOffer(
  ctx: DeliveryContext,
  courierId: string,
  orderId: string,
): Promise<{ job: JobView; created: boolean }> {
  const courier = await requireOnlineCourier(ctx, courierId);
  const existing = await ctx.store.findJob(orderId);
  if (existing !== undefined) {
    if (existing.courierId === courierId) return { job: toJobView(existing), created: false };
    throw offerTaken(orderId);
  }
  const found = await ctx.store.findOffer(orderId);
  if (found === undefined) throw offerNotFound(orderId);
  const offer = await resolveOffer(ctx, found);
  assertStillOffered(offer, courierId);
  if (offer.details === null) {
    throw new AppError(DeliveryErrors.ASSIGNMENT_PENDING, 'The offer is not ready yet; try again shortly.', {
      details: { orderId },
    });
  }
  const away = distanceKm(courier, offer.details.pickup);
  if (away > ctx.settings.offerRadiusKm) {
    throw new AppError(DeliveryErrors.OUT_OF_RANGE, 'You are too far from the restaurant for this offer.', {
      details: { orderId, distanceKm: roundKm(away), radiusKm: ctx.settings.offerRadiusKm },
    });
  }

  const now = ctx.clock.now();
  const claimed = await ctx.store.claimOffer(
    orderId,
    courierId,
    now,
    new Date(now.getTime() - ctx.settings.offerTtlMs),
  );
  if (claimed === undefined) {
    const current = await ctx.store.findOffer(orderId);
    if (current !== undefined) assertStillOffered(current, courierId);
    throw offerTaken(orderId);
  }

  await confirmWithOrders(ctx, courierId, orderId);
  const job = await ctx.store.transaction(async (repo) => {
    await repo.markOfferAssigned(orderId, courierId, now);
    await repo.upsertAssignment({ orderId, courierId, assignedAt: now });
    return repo.findJob(orderId);
  });
  if (job === undefined) throw new Error(`assignment of order ${orderId} vanished after it was written`);
  ctx.log.info({ orderId, courierId }, 'offer accepted');
  return { job: toJobView(job), created: true };
}

/** Calls orders for the claim this courier holds; on any failure, leaves delivery agreeing with orders. */
async function confirmWithOrders(ctx: DeliveryContext, courierId: string, orderId: string): Promise<void> {
  try {
    await ctx.orders.assignCourier({ orderId, courierId });
  } catch (error) {
    const now = ctx.clock.now();
    if (hasCode(error, OrdersErrors.COURIER_ALREADY_ASSIGNED)) {
      await adoptOrdersCourier(ctx, orderId);
      throw offerTaken(orderId);
    }
    if (isUncertainFailure(error)) {
      ctx.log.warn({ err: error, orderId, courierId }, 'orders did not confirm the assignment; claim kept');
      throw new AppError(
        DeliveryErrors.ASSIGNMENT_PENDING,
        'The assignment could not be confirmed yet; repeat the accept. The offer is held for you meanwhile.',
        { details: { orderId }, cause: error },
      );
    }
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && FINAL_REFUSALS.includes(code)) {
      await ctx.store.withdrawOffer(orderId, code, now);
      throw new AppError(DeliveryErrors.OFFER_WITHDRAWN, 'The order no longer needs a courier.', {
        details: { orderId, reason: code },
        cause: error,
      });
    }
    // Refused for another reason (e.g. a concurrent change of the order): nothing was recorded in orders.
    await ctx.store.reopenClaim(orderId, courierId, now);
    throw error;
  }
}

/** Orders knows another courier: record that one, so the offer disappears and their job appears. */
async function adoptOrdersCourier(ctx: DeliveryContext, orderId: string): Promise<void> {
  try {
    const order = await ctx.orders.getOrder({ orderId });
    if (order.courierId === null) return;
    const courierId = order.courierId;
    const now = ctx.clock.now();
    await ctx.store.transaction(async (repo) => {
      await repo.markOfferAssigned(orderId, courierId, now);
      await repo.upsertAssignment({ orderId, courierId, assignedAt: now });
    });
  } catch (error) {
    // The caller's answer (OFFER_TAKEN) stands; OrderStatusUpdated with the courier records it later.
    ctx.log.warn({ err: error, orderId }, 'could not adopt the courier orders assigned');
  }
}

function assertStillOffered(offer: OfferRecord, courierId: string): void {
  if (offer.status === 'WITHDRAWN') {
    throw new AppError(DeliveryErrors.OFFER_WITHDRAWN, 'The offer was withdrawn.', {
      details: { orderId: offer.orderId, reason: offer.withdrawnReason },
    });
  }
  if (offer.status === 'ASSIGNED' && offer.claimedBy !== courierId) throw offerTaken(offer.orderId);
}

function offerTaken(orderId: string): AppError {
  return new AppError(DeliveryErrors.OFFER_TAKEN, 'Another courier accepted this offer first.', {
    details: { orderId },
  });
}

function offerNotFound(orderId: string): AppError {
  return new AppError(DeliveryErrors.OFFER_NOT_FOUND, 'There is no delivery offer for this order.', {
    details: { orderId },
  });
}
