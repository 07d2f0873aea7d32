import { Type, type Static, type TSchema } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';
import {
  Instant,
  Money,
  MoneyInput,
  Nullable,
  PROMOTION_KINDS,
  Uuid,
  type PromotionKind,
} from './promotions.schemas.js';

/**
 * The promotions service's public face: offers (percent or fixed amount off, optionally behind a code),
 * their redemption by orders, and the `PromotionStarted` announcement. Routes live under `/api/promotions`;
 * the orders service prices and reserves codes through `PromotionsClient`.
 */
export * from './promotions.schemas.js';

export const PromotionsErrors = {
  /** No offer has this code, or it was deactivated. */
  CODE_NOT_FOUND: 'PROMOTIONS.CODE_NOT_FOUND',
  /** The offer's window has not opened yet; `details.startsAt`. */
  CODE_NOT_STARTED: 'PROMOTIONS.CODE_NOT_STARTED',
  /** The offer's window has closed; `details.endsAt`. */
  CODE_EXPIRED: 'PROMOTIONS.CODE_EXPIRED',
  /** Every redemption of the offer is taken. */
  CODE_EXHAUSTED: 'PROMOTIONS.CODE_EXHAUSTED',
  /** The code belongs to another restaurant's offer. */
  CODE_NOT_APPLICABLE: 'PROMOTIONS.CODE_NOT_APPLICABLE',
  /** The subtotal is below the offer's minimum order; `details.minimumOrder`. */
  MINIMUM_NOT_MET: 'PROMOTIONS.MINIMUM_NOT_MET',
  /** This customer has used the offer as often as it allows; `details.perCustomerLimit`. */
  CUSTOMER_LIMIT_REACHED: 'PROMOTIONS.CUSTOMER_LIMIT_REACHED',
  /** No promotion with this id (or the caller may not see it). */
  NOT_FOUND: 'PROMOTIONS.NOT_FOUND',
  /** Only system admins, or the admins of the offer's restaurant, manage an offer. */
  FORBIDDEN: 'PROMOTIONS.FORBIDDEN',
  /** The input passed its schema but not the offer's rules (window, kind fields, an empty change); `details.field`. */
  INVALID_PROMOTION: 'PROMOTIONS.INVALID_PROMOTION',
  /** Another offer already has this code (codes are unique whatever their case, for good). */
  CODE_TAKEN: 'PROMOTIONS.CODE_TAKEN',
  /** The restaurant named by a new offer does not exist. */
  RESTAURANT_NOT_FOUND: 'PROMOTIONS.RESTAURANT_NOT_FOUND',
  /** The order already holds a redemption of another code: release it first. */
  REDEMPTION_CONFLICT: 'PROMOTIONS.REDEMPTION_CONFLICT',
} as const;
export type PromotionsErrorCode = (typeof PromotionsErrors)[keyof typeof PromotionsErrors];

export const promotionsErrorStatuses: Record<PromotionsErrorCode, number> = {
  [PromotionsErrors.CODE_NOT_FOUND]: 422,
  [PromotionsErrors.CODE_NOT_STARTED]: 422,
  [PromotionsErrors.CODE_EXPIRED]: 422,
  [PromotionsErrors.CODE_EXHAUSTED]: 422,
  [PromotionsErrors.CODE_NOT_APPLICABLE]: 422,
  [PromotionsErrors.MINIMUM_NOT_MET]: 422,
  [PromotionsErrors.CUSTOMER_LIMIT_REACHED]: 422,
  [PromotionsErrors.NOT_FOUND]: 404,
  [PromotionsErrors.FORBIDDEN]: 403,
  [PromotionsErrors.INVALID_PROMOTION]: 400,
  [PromotionsErrors.CODE_TAKEN]: 409,
  [PromotionsErrors.RESTAURANT_NOT_FOUND]: 422,
  [PromotionsErrors.REDEMPTION_CONFLICT]: 409,
};

/** The codes a checkout shows the customer as "this code cannot be used" (all 422). */
export const CHECKOUT_REFUSALS: readonly string[] = [
  PromotionsErrors.CODE_NOT_FOUND,
  PromotionsErrors.CODE_NOT_STARTED,
  PromotionsErrors.CODE_EXPIRED,
  PromotionsErrors.CODE_EXHAUSTED,
  PromotionsErrors.CODE_NOT_APPLICABLE,
  PromotionsErrors.MINIMUM_NOT_MET,
  PromotionsErrors.CUSTOMER_LIMIT_REACHED,
];

// ---- events ----------------------------------------------------------------------------------------------

export const PromotionsEvents = { PROMOTION_STARTED: 'PromotionStarted' } as const;

/**
 * `PromotionStarted` v1, subject = the promotion id: published once per offer, when its window opens (at
 * creation when it starts at once, else by the service's timer). Codes are public once announced.
 */
export const PromotionStartedV1 = Type.Object({
  promotionId: Uuid,
  restaurantId: Nullable(Uuid),
  title: Type.String(),
  description: Type.String(),
  code: Nullable(Type.String()),
  kind: Type.Enum([...PROMOTION_KINDS]),
  percentOff: Nullable(Type.Integer({ minimum: 1, maximum: 100 })),
  amountOff: Nullable(Money),
  /** The cap of a PERCENT offer; optional in the schema so producers of v1 without it stay valid. */
  maxDiscount: Type.Optional(Nullable(Money)),
  minimumOrder: Nullable(Money),
  startsAt: Instant,
  endsAt: Instant,
});
export type PromotionStartedV1 = Static<typeof PromotionStartedV1>;

/** Every event schema of the promotions service, for the composition root's registry. */
export const promotionsEventSchemas: Array<{ type: string; version: number; schema: TSchema }> = [
  { type: PromotionsEvents.PROMOTION_STARTED, version: 1, schema: PromotionStartedV1 },
];

// ---- what the service needs from the restaurants service ---------------------------------------------------

/** The code the restaurants service answers an unknown restaurant with. */
export const RESTAURANT_NOT_FOUND_UPSTREAM = 'RESTAURANTS.NOT_FOUND';

/** The one thing asked of the restaurants service: does this restaurant exist. */
export interface RestaurantsLookup {
  /** Throws an AppError with code `RESTAURANTS.NOT_FOUND` for an unknown id. */
  getRestaurant(input: { id: string }): Promise<{ id: string }>;
}

// ---- client operations -------------------------------------------------------------------------------------

/** A priced code: what the order takes off its subtotal. */
export interface PromotionQuote {
  promotionId: string;
  /** Upper-case, as stored. */
  code: string;
  title: string;
  kind: PromotionKind;
  discount: Money;
}

export const QuoteInput = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64 }),
  restaurantId: Uuid,
  customerId: Uuid,
  subtotal: MoneyInput,
});
export type QuoteInput = Static<typeof QuoteInput>;

export const RedeemInput = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64 }),
  orderId: Uuid,
  restaurantId: Uuid,
  customerId: Uuid,
  subtotal: MoneyInput,
});
export type RedeemInput = Static<typeof RedeemInput>;

export const ReleaseInput = Type.Object({ orderId: Type.String({ minLength: 1, maxLength: 64 }) });
export type ReleaseInput = Static<typeof ReleaseInput>;

/**
 * What other services call. Refusals carry the 422 codes of `CHECKOUT_REFUSALS`; a malformed input is
 * `COMMON.VALIDATION_FAILED`.
 */
export interface PromotionsClient {
  /** Prices a code for a cart without reserving it. */
  quote(input: {
    code: string;
    restaurantId: string;
    customerId: string;
    subtotal: Money;
  }): Promise<PromotionQuote>;
  /**
   * Reserves one redemption for this order: idempotent per orderId (same answer again); when one redemption
   * is left and two orders race, exactly one wins and the other gets PROMOTIONS.CODE_EXHAUSTED.
   * The same order with another code is `PROMOTIONS.REDEMPTION_CONFLICT`. A reservation that no
   * `OrderCreated` confirms within 15 minutes is released (the order was never placed).
   */
  redeem(input: {
    code: string;
    orderId: string;
    restaurantId: string;
    customerId: string;
    subtotal: Money;
  }): Promise<PromotionQuote>;
  /**
   * Gives the order's redemption back (the order was not placed, or was cancelled); idempotent.
   * `released` is true when the order's redemption is given back (by this call or an earlier one), false
   * when the order never held one.
   */
  release(input: { orderId: string }): Promise<{ released: boolean }>;
}

/** `PromotionsClient` as a record of operations, the shape the client transports take. */
export type PromotionsOperations = { [K in keyof PromotionsClient]: PromotionsClient[K] };

export const promotionsContract = defineServiceContract<PromotionsOperations>('promotions', {
  quote: { idempotent: true },
  // Keyed by the order id: a repeat answers the first reservation, never takes a second one.
  redeem: { idempotent: true },
  release: { idempotent: true },
});
