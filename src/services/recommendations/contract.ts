import { Type, type Static, type TSchema } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';

/**
 * The recommendations service's public face: `GET /api/recommendations`, restaurants and dishes for the
 * signed-in user, each with a short reason.
 *
 * The model lives in SQL tables of its own schema (so every instance answers alike) and is fed only by
 * events: UserPreferenceUpdated (cuisines, dietary restrictions), OrderCreated (what each customer ordered,
 * item co-occurrence across customers, popularity by day), MenuItemUpdated (dish facts: dietary tags,
 * allergens, availability) and RestaurantProfileUpdated / RestaurantStatusChanged (restaurant facts).
 *
 * Ranking (domain/ranking.ts): a dish scores from "customers who ordered X also ordered Y" (cosine of the
 * two items' customer sets), from the restaurant serving a cuisine the user likes, and from how often it
 * was ordered in the last POPULAR_WINDOW_DAYS; open restaurants come first. Dishes the user's dietary
 * restrictions forbid, or whose dietary facts are unknown while the user has restrictions, are never shown.
 * With no orders and no preferences (cold start) the answer is what is popular near the given point
 * (`lat`/`lng`: restaurants that deliver there), or in the whole city without a point.
 */

export const RecommendationsErrors = {
  /** `lat` and `lng` go together. */
  LOCATION_INCOMPLETE: 'RECOMMENDATIONS.LOCATION_INCOMPLETE',
} as const;
export type RecommendationsErrorCode = (typeof RecommendationsErrors)[keyof typeof RecommendationsErrors];

export const recommendationsErrorStatuses: Record<RecommendationsErrorCode, number> = {
  [RecommendationsErrors.LOCATION_INCOMPLETE]: 400,
};

export const MAX_LIMIT = 50;
export const DEFAULT_LIMIT = 10;
/** "Recently" for popularity. */
export const POPULAR_WINDOW_DAYS = 14;

export const BASES = ['PERSONAL', 'POPULAR_NEARBY'] as const;
export type Basis = (typeof BASES)[number];
/** Why an entry is there; `reason` says it in words. */
export const REASON_KINDS = ['CO_ORDERED', 'PREFERRED_CUISINE', 'POPULAR'] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];

export const RecommendationsQuery = Type.Object(
  {
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    /** Entries per list (restaurants, dishes). */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
  },
  { additionalProperties: false },
);
export type RecommendationsQuery = Static<typeof RecommendationsQuery>;

const Money = Type.Object({ amount: Type.Integer(), currency: Type.Literal('INR') });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Reason = {
  /** e.g. "Because you like South Indian", "Often ordered with Masala Dosa", "Popular near you". */
  reason: Type.String(),
  reasonKind: Type.Enum([...REASON_KINDS]),
};

export const RecommendedRestaurant = Type.Object({
  restaurantId: Type.String(),
  name: Type.String(),
  cuisines: Type.Array(Type.String()),
  imageUrl: Nullable(Type.String()),
  rating: Type.Object({ average: Type.Number(), count: Type.Integer() }),
  /** Open now: its switch is on and the hour is inside its opening hours. */
  openNow: Type.Boolean(),
  /** From the query's point, km to 10 m; null without a point. */
  distanceKm: Nullable(Type.Number()),
  ...Reason,
});
export type RecommendedRestaurant = Static<typeof RecommendedRestaurant>;

export const RecommendedDish = Type.Object({
  menuItemId: Type.String(),
  restaurantId: Type.String(),
  restaurantName: Type.String(),
  name: Type.String(),
  price: Money,
  imageUrl: Nullable(Type.String()),
  dietaryTags: Type.Array(Type.String()),
  openNow: Type.Boolean(),
  distanceKm: Nullable(Type.Number()),
  ...Reason,
});
export type RecommendedDish = Static<typeof RecommendedDish>;

export const Recommendations = Type.Object({
  restaurants: Type.Array(RecommendedRestaurant),
  dishes: Type.Array(RecommendedDish),
  /** PERSONAL when anything listed comes from the user's own orders or preferences. */
  basis: Type.Enum([...BASES]),
});
export type Recommendations = Static<typeof Recommendations>;

/** No events of its own: recommendations only consumes. */
export const recommendationsEventSchemas: Array<{ type: string; version: number; schema: TSchema }> = [];

export interface RecommendationsClient {
  /** What `GET /api/recommendations` answers that user (e.g. for a notification mailer). */
  recommend(input: { userId: string; lat?: number; lng?: number; limit?: number }): Promise<Recommendations>;
}

export type RecommendationsOperations = { [K in keyof RecommendationsClient]: RecommendationsClient[K] };

export const recommendationsContract = defineServiceContract<RecommendationsOperations>('recommendations', {
  recommend: { idempotent: true },
});
