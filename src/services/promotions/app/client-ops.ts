import { isUuid } from '../adapters/promotions.sql.js';
import { QuoteInput, RedeemInput, ReleaseInput, type PromotionsClient } from '../contract.js';
import type { PromotionsContext } from './context.js';
import { quote, redeem, releaseRedemption } from './redemptions.js';
import { inputChecker } from '../../../platform/clients/index.js';

const checkQuote = inputChecker<QuoteInput>('promotions.quote', QuoteInput);
const checkRedeem = inputChecker<RedeemInput>('promotions.redeem', RedeemInput);
const checkRelease = inputChecker<ReleaseInput>('promotions.release', ReleaseInput);

/** The operations other services call (see `PromotionsClient`). */
export function promotionsHandlers(ctx: PromotionsContext): PromotionsClient {
  return {
    quote: async (raw) => quote(ctx, checkQuote(raw)),
    redeem: async (raw) => redeem(ctx, checkRedeem(raw)),
    async release(raw) {
      const { orderId } = checkRelease(raw);
      // An id that is not a UUID names no order of ours: nothing to give back.
      if (!isUuid(orderId)) return { released: false };
      const now = ctx.clock.now();
      const { released } = await ctx.sql.transaction((tx) =>
        releaseRedemption(tx, orderId.toLowerCase(), 'RELEASED_BY_ORDERS', now),
      );
      return { released };
    },
  };
}
