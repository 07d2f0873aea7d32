import { Type, type Static, type TSchema } from 'typebox';

/**
 * The HTTP shapes of the promotions routes (`/api/promotions`), for validation and the OpenAPI document.
 * Public: re-exported by contract.ts for the web app and other services.
 */

export const Uuid = Type.String({ format: 'uuid' });
export const Instant = Type.String({ format: 'date-time', description: 'ISO-8601 instant' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Amounts are integer paise; the bound stops a typo of a few extra zeros (₹10,00,000). */
export const MAX_AMOUNT_MINOR = 100_000_000;
export const MAX_PAGE_SIZE = 100;

/** Money as shown: `{ amount, currency }`, `amount` in paise. */
export const Money = Type.Object({ amount: Type.Integer(), currency: Type.Literal('INR') });
export type Money = Static<typeof Money>;

/** Money as written: a positive whole number of paise, never a float. */
export const MoneyInput = Type.Object(
  { amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT_MINOR }), currency: Type.Literal('INR') },
  { additionalProperties: false },
);

export const PROMOTION_KINDS = ['PERCENT', 'FIXED'] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

/**
 * Where an offer stands now: SCHEDULED before its start, ACTIVE inside its window, EXPIRED after it,
 * INACTIVE once deactivated (whatever the window says).
 */
export const PROMOTION_STATUSES = ['SCHEDULED', 'ACTIVE', 'EXPIRED', 'INACTIVE'] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

/** Codes as people type them; stored and compared upper-case. */
export const CODE_PATTERN = '^[A-Za-z0-9_-]{3,32}$';
export const PromotionCode = Type.String({ pattern: CODE_PATTERN, description: 'A-Z 0-9 - _, 3 to 32' });

export const Title = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });
export const Description = Type.String({ maxLength: 2000 });

/**
 * `POST /api/promotions`. PERCENT needs `percentOff` (and may cap it with `maxDiscount`); FIXED needs
 * `amountOff`. `restaurantId` absent or null makes a platform-wide offer (system admins only).
 */
export const CreatePromotionBody = Type.Object(
  {
    restaurantId: Type.Optional(Nullable(Uuid)),
    title: Title,
    description: Description,
    code: Type.Optional(PromotionCode),
    kind: Type.Enum([...PROMOTION_KINDS]),
    percentOff: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    amountOff: Type.Optional(MoneyInput),
    maxDiscount: Type.Optional(MoneyInput),
    minimumOrder: Type.Optional(MoneyInput),
    startsAt: Instant,
    endsAt: Instant,
    maxRedemptions: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
    perCustomerLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export type CreatePromotionBody = Static<typeof CreatePromotionBody>;

/** `PATCH /api/promotions/{id}`: `maxRedemptions: null` lifts the cap; `active: false` ends the offer now. */
export const PatchPromotionBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    endsAt: Type.Optional(Instant),
    maxRedemptions: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000 }))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PatchPromotionBody = Static<typeof PatchPromotionBody>;

export const PromotionView = Type.Object({
  id: Uuid,
  /** Null for a platform-wide offer, valid at every restaurant. */
  restaurantId: Nullable(Uuid),
  title: Type.String(),
  description: Type.String(),
  code: Nullable(Type.String()),
  kind: Type.Enum([...PROMOTION_KINDS]),
  percentOff: Nullable(Type.Integer()),
  amountOff: Nullable(Money),
  maxDiscount: Nullable(Money),
  minimumOrder: Nullable(Money),
  startsAt: Instant,
  endsAt: Instant,
  maxRedemptions: Nullable(Type.Integer()),
  perCustomerLimit: Nullable(Type.Integer()),
  /** Redemptions held now (reserved or confirmed); released ones are given back. */
  redeemed: Type.Integer(),
  active: Type.Boolean(),
  status: Type.Enum([...PROMOTION_STATUSES]),
  createdAt: Instant,
  updatedAt: Instant,
});
export type PromotionView = Static<typeof PromotionView>;

export const PROMOTION_SORTS = [
  'endsAt',
  '-endsAt',
  'startsAt',
  '-startsAt',
  'createdAt',
  '-createdAt',
  'title',
  '-title',
] as const;
export type PromotionSort = (typeof PROMOTION_SORTS)[number];

/**
 * `GET /api/promotions`: the offers running now, soonest-ending first. `restaurantId` keeps one
 * restaurant's own offers; `includeInactive` (system admins, or that restaurant's admins) adds scheduled,
 * expired and deactivated ones.
 */
export const ListPromotionsQuery = Type.Object(
  {
    restaurantId: Type.Optional(Uuid),
    includeInactive: Type.Optional(Type.Boolean({ default: false })),
    page: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })),
    sort: Type.Optional(Type.Enum([...PROMOTION_SORTS], { default: 'endsAt' })),
  },
  { additionalProperties: false },
);
export type ListPromotionsQuery = Static<typeof ListPromotionsQuery>;

export const PromotionPage = Type.Object({
  content: Type.Array(PromotionView),
  page: Type.Integer(),
  size: Type.Integer(),
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
});
export type PromotionPage = Static<typeof PromotionPage>;

export const PromotionParams = Type.Object({ id: Uuid });

/**
 * `POST /api/promotions/quote`: the signed-in customer's cart total at one restaurant. The code is loose on
 * purpose: a mistyped code is "no such code" (422), not a malformed request.
 */
export const QuoteBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64 }),
    restaurantId: Uuid,
    subtotal: MoneyInput,
  },
  { additionalProperties: false },
);
export type QuoteBody = Static<typeof QuoteBody>;

export const PromotionQuoteView = Type.Object({
  promotionId: Uuid,
  code: Type.String(),
  title: Type.String(),
  kind: Type.Enum([...PROMOTION_KINDS]),
  discount: Money,
});
