import { isUniqueViolation } from '../../../platform/db/index.js';
import { AppError, hasCode } from '../../../platform/errors/app-error.js';
import { promotionsRepo } from '../adapters/promotions.sql.js';
import {
  PromotionsErrors,
  RESTAURANT_NOT_FOUND_UPSTREAM,
  type CreatePromotionBody,
  type PatchPromotionBody,
  type PromotionView,
} from '../contract.js';
import {
  assertCanManagePromotions,
  assertPromotionManager,
  type PromotionActor,
} from '../domain/promotion-access.js';
import { changePromotion, newPromotion, toPromotionView, type Promotion } from '../domain/promotion.js';
import { announceIfDue } from './announce.js';
import type { PromotionsContext } from './context.js';

/**
 * Creates an offer: a system admin anywhere (platform-wide included), a restaurant admin at their own
 * restaurant. An offer that starts at once is announced in the same transaction; a later one by the timer.
 */
export async function createPromotion(
  ctx: PromotionsContext,
  actor: PromotionActor,
  input: CreatePromotionBody,
): Promise<PromotionView> {
  const restaurantId = input.restaurantId?.toLowerCase() ?? null;
  assertPromotionManager(actor);
  assertCanManagePromotions(actor, restaurantId);
  const now = ctx.clock.now();
  const draft = newPromotion(input, { id: ctx.ids.next(), restaurantId, createdBy: actor.userId, now });
  if (restaurantId !== null) await assertRestaurantExists(ctx, restaurantId);
  try {
    const created = await ctx.sql.transaction(async (tx) => {
      const promotion = await announceIfDue(ctx, tx, draft, now);
      await promotionsRepo(tx).insert(promotion);
      return promotion;
    });
    return toPromotionView(created, now);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(PromotionsErrors.CODE_TAKEN, 'Another offer already has this code.', {
        details: { code: draft.code },
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Changes title, description, end, cap or the active switch. An offer switched back on inside its window
 * and never announced is announced in the same transaction.
 */
export async function patchPromotion(
  ctx: PromotionsContext,
  actor: PromotionActor,
  id: string,
  patch: PatchPromotionBody,
): Promise<PromotionView> {
  assertPromotionManager(actor);
  const now = ctx.clock.now();
  const saved = await ctx.sql.transaction(async (tx) => {
    const repo = promotionsRepo(tx);
    const current = await loadManaged(repo, actor, id);
    const { promotion, changed } = changePromotion(current, patch, now);
    if (!changed) return current;
    const next = await announceIfDue(ctx, tx, promotion, now);
    await repo.update(next);
    return next;
  });
  return toPromotionView(saved, now);
}

/** Ends an offer now (`DELETE`): kept for the orders that used it; deactivating twice is no change. */
export async function deactivatePromotion(
  ctx: PromotionsContext,
  actor: PromotionActor,
  id: string,
): Promise<void> {
  assertPromotionManager(actor);
  const now = ctx.clock.now();
  await ctx.sql.transaction(async (tx) => {
    const repo = promotionsRepo(tx);
    const current = await loadManaged(repo, actor, id);
    if (!current.active) return;
    await repo.update({ ...current, active: false, updatedAt: now });
  });
}

async function loadManaged(
  repo: ReturnType<typeof promotionsRepo>,
  actor: PromotionActor,
  id: string,
): Promise<Promotion> {
  const current = await repo.find(id, { forUpdate: true });
  if (current === undefined) throw notFound(id);
  assertCanManagePromotions(actor, current.restaurantId);
  return current;
}

export function notFound(id: string): AppError {
  return new AppError(PromotionsErrors.NOT_FOUND, 'No such promotion.', { details: { promotionId: id } });
}

/** Asks the restaurants service; its not-found becomes our own code, any other failure passes. */
async function assertRestaurantExists(ctx: PromotionsContext, restaurantId: string): Promise<void> {
  try {
    await ctx.restaurants.getRestaurant({ id: restaurantId });
  } catch (error) {
    if (hasCode(error, RESTAURANT_NOT_FOUND_UPSTREAM)) {
      throw new AppError(PromotionsErrors.RESTAURANT_NOT_FOUND, 'No such restaurant.', {
        details: { restaurantId },
        cause: error,
      });
    }
    throw error;
  }
}
