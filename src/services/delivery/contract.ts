import { Type, type Static, type TSchema } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';
import type { OrderStatus, OrderSummary } from '../orders/index.js';

/**
 * The delivery service's public face: couriers and their availability, delivery offers, and the
 * assignment of one courier per delivery order. An order's status changes go through the orders service
 * (the courier moves the order with `PUT /api/orders/{id}/status`), and the orders service is the authority
 * on which courier an order has. The one event it publishes is the courier's position on a delivery
 * (`CourierLocationUpdated`), for live tracking.
 */

export const DeliveryErrors = {
  /** The courier must be online (`PUT /api/deliveries/me` with `online: true`) to see or accept offers. */
  COURIER_OFFLINE: 'DELIVERY.COURIER_OFFLINE',
  /** No offer for this order (not a delivery order, not READY yet, or unknown). */
  OFFER_NOT_FOUND: 'DELIVERY.OFFER_NOT_FOUND',
  /** Another courier accepted the offer first. */
  OFFER_TAKEN: 'DELIVERY.OFFER_TAKEN',
  /** The offer was withdrawn (order cancelled, delivered, or no longer assignable); `details.reason`. */
  OFFER_WITHDRAWN: 'DELIVERY.OFFER_WITHDRAWN',
  /** The courier is farther from the restaurant than the offer radius; `details.distanceKm`, `radiusKm`. */
  OUT_OF_RANGE: 'DELIVERY.OUT_OF_RANGE',
  /** Only the courier assigned to the order may report its location. */
  NOT_ASSIGNED_COURIER: 'DELIVERY.NOT_ASSIGNED_COURIER',
  /** Locations are taken only while the order is OUT_FOR_DELIVERY; `details.status` is the current one. */
  NOT_OUT_FOR_DELIVERY: 'DELIVERY.NOT_OUT_FOR_DELIVERY',
  /**
   * The courier holds the offer but the orders service could not confirm the assignment (unreachable):
   * repeat the accept; nobody else can take the offer meanwhile.
   */
  ASSIGNMENT_PENDING: 'DELIVERY.ASSIGNMENT_PENDING',
  /** A client operation's input failed its schema. */
  INVALID_INPUT: 'DELIVERY.INVALID_INPUT',
} as const;
export type DeliveryErrorCode = (typeof DeliveryErrors)[keyof typeof DeliveryErrors];

export const deliveryErrorStatuses: Record<DeliveryErrorCode, number> = {
  [DeliveryErrors.COURIER_OFFLINE]: 409,
  [DeliveryErrors.OFFER_NOT_FOUND]: 404,
  [DeliveryErrors.OFFER_TAKEN]: 409,
  [DeliveryErrors.OFFER_WITHDRAWN]: 409,
  [DeliveryErrors.OUT_OF_RANGE]: 409,
  [DeliveryErrors.NOT_ASSIGNED_COURIER]: 403,
  [DeliveryErrors.NOT_OUT_FOR_DELIVERY]: 409,
  [DeliveryErrors.ASSIGNMENT_PENDING]: 503,
  [DeliveryErrors.INVALID_INPUT]: 400,
};

/** Default radius around the restaurant in which online couriers see an offer. */
export const DEFAULT_OFFER_RADIUS_KM = 8;
/** Default time one courier's unconfirmed claim holds an offer (see `DeliverySettings.offerTtlMs`). */
export const DEFAULT_OFFER_TTL_MS = 60_000;

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time', description: 'ISO-8601 instant' });
const Latitude = Type.Number({ minimum: -90, maximum: 90 });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const Point = Type.Object({ latitude: Type.Number(), longitude: Type.Number() });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// ---- couriers ----

/** `PUT /api/deliveries/me`: go online or offline, always with where the courier is now. */
export const SetAvailabilityBody = Type.Object(
  { online: Type.Boolean(), latitude: Latitude, longitude: Longitude },
  { additionalProperties: false },
);
export type SetAvailabilityBody = Static<typeof SetAvailabilityBody>;

/** A courier's availability; a courier who never went online is offline with no position. */
export const CourierStatusView = Type.Object({
  courierId: Uuid,
  online: Type.Boolean(),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  /** When the position was last reported (availability or a delivery location). */
  locatedAt: Nullable(Instant),
  /** Assignments whose order is not DELIVERED or CANCELLED yet. */
  activeJobs: Type.Integer(),
});
export type CourierStatusView = Static<typeof CourierStatusView>;

// ---- offers ----

export const DropOff = Type.Object({
  line1: Type.String(),
  city: Type.String(),
  postcode: Type.String(),
  latitude: Type.Number(),
  longitude: Type.Number(),
});

/** An open delivery offer as a nearby online courier sees it. */
export const OfferView = Type.Object({
  orderId: Uuid,
  restaurantId: Uuid,
  restaurantName: Type.String(),
  pickup: Point,
  /** Null when the order carries no delivery address. */
  dropOff: Nullable(DropOff),
  /** From the courier to the restaurant, in km, rounded to 0.01. */
  distanceKm: Type.Number(),
  /** From the restaurant to the drop-off, in km; null without a drop-off. */
  tripKm: Nullable(Type.Number()),
  offeredAt: Instant,
});
export type DropOff = Static<typeof DropOff>;
export type OfferView = Static<typeof OfferView>;

export const PageQuery = Type.Object(
  {
    page: Type.Integer({ minimum: 0, default: 0, description: 'from 0' }),
    size: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({
    content: Type.Array(item),
    page: Type.Integer(),
    size: Type.Integer(),
    totalElements: Type.Integer(),
    totalPages: Type.Integer(),
  });

export const OfferPage = pageOf(OfferView);
export interface Page<T> {
  content: T[];
  page: number;
  size: number;
  totalElements: number;
  totalPages: number;
}

// ---- jobs ----

/** An order assigned to a courier, with the order's status as last seen from the orders service. */
export const JobView = Type.Object({
  orderId: Uuid,
  courierId: Uuid,
  restaurantId: Uuid,
  /** Null when the offer's details were never resolved (the courier was assigned outside an offer). */
  restaurantName: Nullable(Type.String()),
  pickup: Nullable(Point),
  dropOff: Nullable(DropOff),
  orderStatus: Type.String(),
  /** False once the order is DELIVERED or CANCELLED. */
  active: Type.Boolean(),
  assignedAt: Instant,
  /** The courier's last reported position for this order. */
  lastLocation: Nullable(Type.Object({ latitude: Type.Number(), longitude: Type.Number(), at: Instant })),
});
export type JobView = Static<typeof JobView>;
export const JobPage = pageOf(JobView);

export const OrderParams = Type.Object({ orderId: Uuid });

/** `POST /api/deliveries/{orderId}/location`. */
export const LocationBody = Type.Object(
  { latitude: Latitude, longitude: Longitude },
  { additionalProperties: false },
);
export type LocationBody = Static<typeof LocationBody>;

export const LocationAccepted = Type.Object({
  orderId: Uuid,
  latitude: Type.Number(),
  longitude: Type.Number(),
  at: Instant,
});
export type LocationAccepted = Static<typeof LocationAccepted>;

// ---- events ----

export const DeliveryEvents = {
  COURIER_LOCATION_UPDATED: 'CourierLocationUpdated',
} as const;

/**
 * `CourierLocationUpdated` v1: the assigned courier reported where they are while the order is
 * OUT_FOR_DELIVERY (realtime pushes it to the order's watchers). Subject: the order id.
 */
export const CourierLocationUpdatedV1 = Type.Object({
  orderId: Type.String(),
  courierId: Type.String(),
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  recordedAt: Type.String({ description: 'ISO-8601 instant' }),
});
export type CourierLocationUpdatedV1 = Static<typeof CourierLocationUpdatedV1>;

/** Every event this service publishes, for the composition root's registry. */
export const deliveryEventSchemas: Array<{ type: string; version: number; schema: TSchema }> = [
  { type: DeliveryEvents.COURIER_LOCATION_UPDATED, version: 1, schema: CourierLocationUpdatedV1 },
];

// ---- what this service needs from others ----

/**
 * The three orders operations the delivery service calls; the orders service's client fits it, and tests
 * pass a fake.
 */
export interface OrdersForDelivery {
  /** The order with its delivery address; `ORDERS.NOT_FOUND`. */
  getOrder(input: {
    orderId: string;
  }): Promise<
    Pick<
      OrderSummary,
      'orderId' | 'status' | 'fulfillment' | 'courierId' | 'restaurantId' | 'deliveryAddress'
    >
  >;
  /** Idempotent for the same courier; `ORDERS.COURIER_ALREADY_ASSIGNED` (409) for another. */
  assignCourier(input: { orderId: string; courierId: string }): Promise<unknown>;
  /** The assigned courier's position while OUT_FOR_DELIVERY, for the customer's live tracking. */
  recordCourierLocation(input: {
    orderId: string;
    courierId: string;
    latitude: number;
    longitude: number;
  }): Promise<unknown>;
}

/** The one restaurants operation the delivery service calls (the pickup point and name of an offer). */
export interface RestaurantLookup {
  getRestaurant(input: {
    id: string;
  }): Promise<{ name: string; address: { latitude: number; longitude: number } }>;
}

/** Order statuses after which an order needs no courier any more. */
export const FINAL_ORDER_STATUSES: readonly OrderStatus[] = ['DELIVERED', 'PICKED_UP', 'CANCELLED'];

// ---- client ----

/** What other services call. Inputs and outputs are plain JSON, so the same interface works over HTTP. */
export interface DeliveryClient {
  /** The courier's availability (offline with no position when never set); `DELIVERY.INVALID_INPUT`. */
  getCourierStatus(input: { courierId: string }): Promise<CourierStatusView>;
  /** The courier assignment of an order, or null when no courier is assigned. */
  getAssignment(input: { orderId: string }): Promise<JobView | null>;
}

export type DeliveryOperations = { [K in keyof DeliveryClient]: DeliveryClient[K] };

/** The delivery service's operations for other services; all reads, safe to retry. */
export const deliveryContract = defineServiceContract<DeliveryOperations>('delivery', {
  getCourierStatus: { idempotent: true },
  getAssignment: { idempotent: true },
});
