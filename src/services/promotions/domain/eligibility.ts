import { AppError } from '../../../platform/errors/app-error.js';
import { PromotionsErrors, type PromotionQuote } from '../contract.js';
import { discountFor } from './discount.js';
import { inr, type Promotion } from './promotion.js';

/** The cart a code is tried on. */
export interface Cart {
  restaurantId: string;
  /** Paise. */
  subtotal: number;
}

/**
 * Whether the offer found for a code may be used on this cart by a customer who already holds
 * `customerUses` of its redemptions; throws the checkout refusal otherwise. The checks go from the offer
 * itself to the cart, then to the counters, so a customer hears the most fundamental reason first.
 * The counters are read, not taken: `redeem` takes them with conditional updates that decide races.
 */
export function assertRedeemable(
  promotion: Promotion | undefined,
  cart: Cart,
  now: Date,
  usage: { customerUses: number },
): asserts promotion is Promotion {
  if (promotion === undefined || !promotion.active) {
    throw new AppError(PromotionsErrors.CODE_NOT_FOUND, 'There is no offer with this code.');
  }
  if (promotion.restaurantId !== null && promotion.restaurantId !== cart.restaurantId) {
    throw new AppError(PromotionsErrors.CODE_NOT_APPLICABLE, 'This code is for another restaurant.', {
      details: { restaurantId: promotion.restaurantId },
    });
  }
  if (now < promotion.startsAt) {
    throw new AppError(PromotionsErrors.CODE_NOT_STARTED, 'This offer has not started yet.', {
      details: { startsAt: promotion.startsAt.toISOString() },
    });
  }
  if (now >= promotion.endsAt) {
    throw new AppError(PromotionsErrors.CODE_EXPIRED, 'This offer has ended.', {
      details: { endsAt: promotion.endsAt.toISOString() },
    });
  }
  if (promotion.minimumOrder !== null && cart.subtotal < promotion.minimumOrder) {
    throw new AppError(PromotionsErrors.MINIMUM_NOT_MET, 'The order is below this offer’s minimum.', {
      details: { minimumOrder: inr(promotion.minimumOrder) },
    });
  }
  if (promotion.maxRedemptions !== null && promotion.redeemed >= promotion.maxRedemptions) {
    throw exhausted();
  }
  if (promotion.perCustomerLimit !== null && usage.customerUses >= promotion.perCustomerLimit) {
    throw customerLimitReached(promotion.perCustomerLimit);
  }
}

export function exhausted(): AppError {
  return new AppError(PromotionsErrors.CODE_EXHAUSTED, 'This offer has been fully used.');
}

export function customerLimitReached(perCustomerLimit: number): AppError {
  return new AppError(
    PromotionsErrors.CUSTOMER_LIMIT_REACHED,
    'You have used this offer as often as it allows.',
    { details: { perCustomerLimit } },
  );
}

/** The quote of a redeemable offer on a subtotal. */
export function quoteOf(promotion: Promotion, subtotal: number): PromotionQuote {
  return {
    promotionId: promotion.id,
    // Offers without a code never reach here: they are found by code.
    code: promotion.code ?? '',
    title: promotion.title,
    kind: promotion.kind,
    discount: inr(discountFor(promotion, subtotal)),
  };
}
