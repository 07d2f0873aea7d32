import { Type, type Static, type TSchema } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';
import type { PublishedEventsInput, PublishedEventsPage } from '../../platform/messaging/index.js';
import { RestaurantProfile, type RestaurantImport, type RestaurantView } from './contract.schemas.js';

/**
 * The restaurants service's public face: error codes and their HTTP statuses, the events it publishes, and
 * the client other services call. Route and view schemas are in contract.schemas.ts.
 *
 * Staff grants go to the auth service; a token issued before a grant does not carry the new restaurant
 * (`rid`) until its holder signs in again or refreshes. Revocations take effect here at once, since this
 * service keeps its own membership table and checks it before the token.
 */
export * from './contract.schemas.js';
export * from './contract.review-schemas.js';

export const RestaurantsErrors = {
  NOT_FOUND: 'RESTAURANTS.NOT_FOUND',
  /** No account has the given owner or staff email. */
  ACCOUNT_NOT_FOUND: 'RESTAURANTS.ACCOUNT_NOT_FOUND',
  STAFF_NOT_FOUND: 'RESTAURANTS.STAFF_NOT_FOUND',
  /** Overlapping or zero-length intervals; `details.errors` lists each problem. */
  INVALID_HOURS: 'RESTAURANTS.INVALID_HOURS',
  INVALID_TIME_ZONE: 'RESTAURANTS.INVALID_TIME_ZONE',
  /** An approval decision for a restaurant that is not waiting for one. */
  NOT_PENDING: 'RESTAURANTS.NOT_PENDING',
  /** A list query whose parameters do not go together (lat without lng, sort=distance without a point). */
  INVALID_QUERY: 'RESTAURANTS.INVALID_QUERY',
  /** A delivery order was checked without the delivery point. */
  LOCATION_REQUIRED: 'RESTAURANTS.LOCATION_REQUIRED',
  /** A client operation's input failed its schema. */
  INVALID_INPUT: 'RESTAURANTS.INVALID_INPUT',
  /** This order already has its review. */
  ALREADY_REVIEWED: 'RESTAURANTS.ALREADY_REVIEWED',
  /**
   * Only the customer of an order of this restaurant that was DELIVERED or PICKED_UP may review it; any other
   * order (unknown, not completed yet, another restaurant's or another customer's) answers this.
   */
  REVIEW_NOT_ALLOWED: 'RESTAURANTS.REVIEW_NOT_ALLOWED',
} as const;
export type RestaurantsErrorCode = (typeof RestaurantsErrors)[keyof typeof RestaurantsErrors];

export const restaurantsErrorStatuses: Record<RestaurantsErrorCode, number> = {
  [RestaurantsErrors.NOT_FOUND]: 404,
  [RestaurantsErrors.ACCOUNT_NOT_FOUND]: 404,
  [RestaurantsErrors.STAFF_NOT_FOUND]: 404,
  [RestaurantsErrors.INVALID_HOURS]: 400,
  [RestaurantsErrors.INVALID_TIME_ZONE]: 400,
  [RestaurantsErrors.NOT_PENDING]: 409,
  [RestaurantsErrors.INVALID_QUERY]: 400,
  [RestaurantsErrors.LOCATION_REQUIRED]: 400,
  [RestaurantsErrors.INVALID_INPUT]: 400,
  [RestaurantsErrors.ALREADY_REVIEWED]: 409,
  [RestaurantsErrors.REVIEW_NOT_ALLOWED]: 422,
};

export const RestaurantEvents = {
  STATUS_CHANGED: 'RestaurantStatusChanged',
  PROFILE_UPDATED: 'RestaurantProfileUpdated',
} as const;

/** The manual open/closed switch was flipped (subject: the restaurant id). */
export const RestaurantStatusChangedV1 = Type.Object({
  restaurantId: Type.String(),
  open: Type.Boolean(),
  reason: Type.Optional(Type.String()),
  /** The account that flipped it. */
  changedBy: Type.String(),
});
export type RestaurantStatusChangedV1 = Static<typeof RestaurantStatusChangedV1>;

/**
 * The whole public profile after any change of profile, hours, approval or rating (subject: the
 * restaurant id). Consumers (search) replace what they hold; `openNow` is not in it, it depends on the hour.
 */
export const RestaurantProfileUpdatedV1 = Type.Object({ restaurant: RestaurantProfile });
export type RestaurantProfileUpdatedV1 = Static<typeof RestaurantProfileUpdatedV1>;

/** Every event schema of this contract, for the composition root's registry. */
export const restaurantsEventSchemas: Array<{ type: string; version: number; schema: TSchema }> = [
  { type: RestaurantEvents.STATUS_CHANGED, version: 1, schema: RestaurantStatusChangedV1 },
  { type: RestaurantEvents.PROFILE_UPDATED, version: 1, schema: RestaurantProfileUpdatedV1 },
];

export type Fulfillment = 'DELIVERY' | 'PICKUP';

/** Whether an order can be placed now, and why not. */
export interface OrderableCheck {
  restaurant: RestaurantView;
  openNow: boolean;
  /** Present when a point was given. */
  distanceKm?: number;
  /** Always true for PICKUP; for DELIVERY, the point is within the restaurant's delivery radius. */
  withinDeliveryRadius: boolean;
  /** ACTIVE, open now and (for delivery) within the radius. */
  orderable: boolean;
  /** Why not orderable, the first reason found. */
  reason?: 'NOT_ACTIVE' | 'CLOSED' | 'OUT_OF_RANGE';
}

/** What other services call. Every operation takes one JSON value and answers one JSON value. */
export interface RestaurantsClient {
  /** Any status (callers check `status`); `RESTAURANTS.NOT_FOUND`. */
  getRestaurant(input: { id: string }): Promise<RestaurantView>;
  /** The restaurants found, in the order asked; unknown ids are left out. At most 500 ids. */
  getRestaurants(input: { ids: string[] }): Promise<RestaurantView[]>;
  /** For placing an order; `RESTAURANTS.NOT_FOUND`, `RESTAURANTS.LOCATION_REQUIRED` (delivery without a point). */
  checkOrderable(input: {
    restaurantId: string;
    latitude?: number;
    longitude?: number;
    fulfillment: Fulfillment;
  }): Promise<OrderableCheck>;
  /**
   * Bulk insert for the demo seed: each restaurant ACTIVE and open, with its given id. Idempotent by id
   * (an existing id is skipped); RestaurantProfileUpdated for each created one. `RESTAURANTS.INVALID_INPUT`,
   * `RESTAURANTS.INVALID_HOURS`, `RESTAURANTS.INVALID_TIME_ZONE` refuse the whole batch.
   */
  importRestaurants(input: { restaurants: RestaurantImport[] }): Promise<{ created: number }>;
  /** Sets the rating (the reviews feature computes it); publishes RestaurantProfileUpdated. */
  updateRating(input: { restaurantId: string; average: number; count: number }): Promise<RestaurantView>;
  /**
   * This service's published events (RestaurantProfileUpdated, RestaurantStatusChanged), oldest first, a
   * page at a time (`after` = the previous page's `next`; at most 5,000 per page): what a consumer reads to
   * rebuild what it derived from them (search's `replay`). `RESTAURANTS.INVALID_INPUT`.
   */
  publishedEvents(input: PublishedEventsInput): Promise<PublishedEventsPage>;
}

export type RestaurantsOperations = { [K in keyof RestaurantsClient]: RestaurantsClient[K] };

export const restaurantsContract = defineServiceContract<RestaurantsOperations>('restaurants', {
  getRestaurant: { idempotent: true },
  getRestaurants: { idempotent: true },
  checkOrderable: { idempotent: true },
  importRestaurants: { idempotent: true },
  updateRating: { idempotent: true },
  publishedEvents: { idempotent: true },
});
