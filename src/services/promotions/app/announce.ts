import type { SqlExecutor } from '../../../platform/db/sql.js';
import { promotionsRepo } from '../adapters/promotions.sql.js';
import { PromotionsEvents } from '../contract.js';
import { isAnnouncementDue, promotionStartedData, type Promotion } from '../domain/promotion.js';
import type { PromotionsContext } from './context.js';

function promotionStarted(ctx: PromotionsContext, promotion: Promotion) {
  return ctx.messaging.event(
    PromotionsEvents.PROMOTION_STARTED,
    promotion.id,
    promotionStartedData(promotion),
    {
      version: 1,
    },
  );
}

/**
 * When the offer is running and was never announced, marks it announced and writes PromotionStarted, in
 * the caller's transaction (which writes the offer itself). Returns the offer as it is to be stored.
 */
export async function announceIfDue(
  ctx: PromotionsContext,
  tx: SqlExecutor,
  promotion: Promotion,
  now: Date,
): Promise<Promotion> {
  if (!isAnnouncementDue(promotion, now)) return promotion;
  const announced = { ...promotion, announcedAt: now };
  await ctx.messaging.publish(tx, [promotionStarted(ctx, announced)]);
  return announced;
}

/**
 * Announces every offer whose window has opened since: each batch is claimed (`announced_at` set) and its
 * events written to the outbox in one transaction, so of two instances running this at once, each offer
 * is announced by exactly one. Returns how many offers were announced.
 */
export async function announceDue(ctx: PromotionsContext): Promise<number> {
  const now = ctx.clock.now();
  let total = 0;
  for (;;) {
    const claimed = await ctx.sql.transaction(async (tx) => {
      const due = await promotionsRepo(tx).claimDueAnnouncements(now, ctx.settings.timerBatchSize);
      await ctx.messaging.publish(
        tx,
        due.map((promotion) => promotionStarted(ctx, promotion)),
      );
      return due.length;
    });
    total += claimed;
    if (claimed < ctx.settings.timerBatchSize) break;
  }
  if (total > 0) ctx.log.info({ announced: total }, 'promotions announced');
  return total;
}
