import { AppError, CommonErrors } from '../../../platform/errors/app-error.js';
import { promotionsRepo } from '../adapters/promotions.sql.js';
import {
  PromotionsErrors,
  type ListPromotionsQuery,
  type PromotionPage,
  type PromotionView,
} from '../contract.js';
import { canManagePromotions, type PromotionActor } from '../domain/promotion-access.js';
import { isPublic, toPromotionView } from '../domain/promotion.js';
import type { PromotionsContext } from './context.js';
import { notFound } from './manage-promotions.js';

/**
 * A page of offers. Without `includeInactive`: those running now, for anyone. With it: every offer of the
 * restaurant for its admins, or every offer at all for a system admin.
 */
export async function listPromotions(
  ctx: PromotionsContext,
  actor: PromotionActor | undefined,
  query: ListPromotionsQuery,
): Promise<PromotionPage> {
  const includeInactive = query.includeInactive ?? false;
  const restaurantId = query.restaurantId?.toLowerCase();
  if (includeInactive) {
    if (actor === undefined) {
      throw new AppError(CommonErrors.UNAUTHENTICATED, 'Sign in to see inactive offers.');
    }
    // A restaurant admin names their restaurant; only a system admin may list everyone's inactive offers.
    if (!canManagePromotions(actor, restaurantId ?? null)) {
      throw new AppError(
        PromotionsErrors.FORBIDDEN,
        "Only system admins, or this restaurant's admins, see inactive offers.",
        { details: { restaurantId: restaurantId ?? null } },
      );
    }
  }
  const now = ctx.clock.now();
  const page = query.page ?? 0;
  const size = query.size ?? 20;
  const { promotions, total } = await promotionsRepo(ctx.sql).list({
    ...(restaurantId === undefined ? {} : { restaurantId }),
    ...(includeInactive ? {} : { runningAt: now }),
    sort: query.sort ?? 'endsAt',
    limit: size,
    offset: page * size,
  });
  return {
    content: promotions.map((promotion) => toPromotionView(promotion, now)),
    page,
    size,
    totalElements: total,
    totalPages: Math.ceil(total / size),
  };
}

/** One offer: its managers see it in any state; others once it has started and while it is not deactivated. */
export async function getPromotion(
  ctx: PromotionsContext,
  actor: PromotionActor | undefined,
  id: string,
): Promise<PromotionView> {
  const now = ctx.clock.now();
  const promotion = await promotionsRepo(ctx.sql).find(id);
  if (promotion === undefined) throw notFound(id);
  if (!isPublic(promotion, now) && !canManagePromotions(actor, promotion.restaurantId)) throw notFound(id);
  return toPromotionView(promotion, now);
}
