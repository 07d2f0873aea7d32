import { Type, type Static } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';
import { ALLERGENS, DIETARY_TAGS, MAX_PRICE_MINOR, Money } from '../catalog/index.js';

/**
 * The search service's public face: `GET /api/search` over restaurants and dishes, `GET /api/search/suggest`
 * for autocomplete, both public (no sign-in). Its index is its own, fed only by events: `MenuItemUpdated`
 * (catalog), `RestaurantProfileUpdated` and `RestaurantStatusChanged` (restaurants). It publishes nothing.
 */

export const SearchErrors = {
  /** Parameters that pass their schemas but not together (lat without lng, minPrice above maxPrice, ...). */
  INVALID_QUERY: 'SEARCH.INVALID_QUERY',
} as const;
export type SearchErrorCode = (typeof SearchErrors)[keyof typeof SearchErrors];

export const searchErrorStatuses: Record<SearchErrorCode, number> = {
  [SearchErrors.INVALID_QUERY]: 400,
};

/** The events the index is built from (and rebuilt from by `rebuildIndex`). */
export const SEARCH_SOURCE_EVENTS = {
  catalog: ['MenuItemUpdated'],
  restaurants: ['RestaurantProfileUpdated', 'RestaurantStatusChanged'],
} as const;

export const SEARCH_TYPES = ['all', 'restaurants', 'dishes'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export const MAX_SEARCH_PAGE_SIZE = 100;
export const MAX_QUERY_LENGTH = 200;
export const MAX_SUGGESTIONS = 10;

const DietaryList = Type.Array(Type.Enum([...DIETARY_TAGS]), {
  maxItems: DIETARY_TAGS.length,
  uniqueItems: true,
});
const AllergenList = Type.Array(Type.Enum([...ALLERGENS]), { maxItems: ALLERGENS.length, uniqueItems: true });
const PriceBound = Type.Integer({ minimum: 0, maximum: MAX_PRICE_MINOR, description: 'paise' });

/**
 * `GET /api/search`. `dietary` and `excludeAllergens` may repeat or be comma-separated. Price, dietary and
 * allergen filters concern dishes: with `type=all` they leave restaurants out; with `type=restaurants`
 * they are refused. Cuisine, openNow, the point and minRating apply to restaurants and, through their
 * restaurant, to dishes. With `lat`+`lng`, only restaurants that deliver to the point are found (within
 * their own delivery radius), and within `maxDistanceKm` when given.
 */
export const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH })),
    type: Type.Optional(Type.Enum([...SEARCH_TYPES], { default: 'all' })),
    cuisine: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    dietary: Type.Optional(DietaryList),
    excludeAllergens: Type.Optional(AllergenList),
    minPrice: Type.Optional(PriceBound),
    maxPrice: Type.Optional(PriceBound),
    openNow: Type.Optional(Type.Boolean()),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    maxDistanceKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 500 })),
    minRating: Type.Optional(Type.Number({ minimum: 0, maximum: 5 })),
    page: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 0 })),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SEARCH_PAGE_SIZE, default: 20 })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const Rating = Type.Object({ average: Type.Number(), count: Type.Integer() });

/**
 * One hit. `score` is the relevance (0 without `q`); `highlight` holds the name (and the description when
 * it matched) HTML-escaped, with the matched words in `<mark>…</mark>`.
 */
export const SearchHit = Type.Object({
  kind: Type.Union([Type.Literal('restaurant'), Type.Literal('dish')]),
  id: Type.String(),
  restaurantId: Type.String(),
  name: Type.String(),
  restaurantName: Type.String(),
  cuisines: Type.Array(Type.String()),
  rating: Rating,
  openNow: Type.Boolean(),
  /** Dishes only. */
  price: Type.Optional(Money),
  categories: Type.Optional(Type.Array(Type.String())),
  dietaryTags: Type.Optional(Type.Array(Type.String())),
  allergens: Type.Optional(Type.Array(Type.String())),
  /** Only with lat/lng: great-circle distance to the restaurant, rounded to 10 m. */
  distanceKm: Type.Optional(Type.Number()),
  score: Type.Number(),
  highlight: Type.Object({ name: Type.String(), description: Type.Optional(Type.String()) }),
});
export type SearchHit = Static<typeof SearchHit>;

export const SearchPage = Type.Object({
  content: Type.Array(SearchHit),
  page: Type.Integer(),
  size: Type.Integer(),
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
});
export type SearchPage = Static<typeof SearchPage>;

export const SuggestQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 100 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SUGGESTIONS, default: MAX_SUGGESTIONS })),
  },
  { additionalProperties: false },
);
export type SuggestQuery = Static<typeof SuggestQuery>;

export const Suggestion = Type.Object({
  text: Type.String(),
  kind: Type.Union([Type.Literal('dish'), Type.Literal('restaurant'), Type.Literal('cuisine')]),
  /** `text` HTML-escaped, with the typed prefix in `<mark>…</mark>` when it matched one. */
  highlight: Type.String(),
});
export type Suggestion = Static<typeof Suggestion>;

export const SuggestResponse = Type.Object({ suggestions: Type.Array(Suggestion) });
export type SuggestResponse = Static<typeof SuggestResponse>;

/** What other services (recommendations, the web app's server side) may call; plain JSON in and out. */
export interface SearchClient {
  /** As `GET /api/search`; `SEARCH.INVALID_QUERY`, `COMMON.VALIDATION_FAILED`. */
  search(input: SearchQuery): Promise<SearchPage>;
  /** As `GET /api/search/suggest`. */
  suggest(input: SuggestQuery): Promise<SuggestResponse>;
}

export type SearchOperations = { [K in keyof SearchClient]: SearchClient[K] };

export const searchContract = defineServiceContract<SearchOperations>('search', {
  search: { idempotent: true },
  suggest: { idempotent: true },
});

/** What `rebuildIndex()` reports. */
export interface RebuildResult {
  restaurantEvents: number;
  itemEvents: number;
  documents: number;
  seconds: number;
}
