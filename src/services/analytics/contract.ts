import { Type, type Static, type TSchema } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';
import { ORDER_STATUSES } from '../orders/index.js';

/**
 * The analytics service's public face: business aggregates for operators (`/api/analytics/summary`) and for
 * each restaurant (`/api/analytics/restaurants/{id}`). It is fed only by events (OrderCreated,
 * OrderStatusUpdated, PaymentProcessed, PaymentRefunded) and publishes none.
 *
 * How the numbers are counted (the same everywhere):
 * - Every figure of an order counts in the hour (and minute) the order was PLACED, and at its restaurant:
 *   a delivery three hours later still counts toward the hour the order came in. A range selects orders
 *   by placement instant, to the hour: an hour counts when it starts in `[from rounded down to its hour, to)`.
 * - Revenue is the money taken, net of refunds: a card order's captured payment minus its refund; a cash
 *   order's total once DELIVERED or PICKED_UP (cash changes hands at the door). Never below zero per order.
 * - `averageOrderValue` is revenue divided by the orders that brought revenue.
 * - `statusCounts` is the current status of each order in the range.
 * - `cancellationRate` / `refundRate`: cancelled / refunded orders over all orders of the range (0..1).
 * - Averages are in minutes (one decimal), `null` when no order of the range has both ends of the interval:
 *   preparation CONFIRMED→READY, delivery OUT_FOR_DELIVERY→DELIVERED, total placed→DELIVERED.
 * - `topItems`: the lines of orders that were not cancelled, by quantity then revenue (line totals).
 */

export const AnalyticsErrors = {
  /** `from` is not before `to`. */
  INVALID_RANGE: 'ANALYTICS.INVALID_RANGE',
  /** The range is longer than {@link MAX_RANGE_DAYS} days. */
  RANGE_TOO_LONG: 'ANALYTICS.RANGE_TOO_LONG',
  /** The caller is neither staff of this restaurant nor a system admin. */
  NOT_YOUR_RESTAURANT: 'ANALYTICS.NOT_YOUR_RESTAURANT',
} as const;
export type AnalyticsErrorCode = (typeof AnalyticsErrors)[keyof typeof AnalyticsErrors];

export const analyticsErrorStatuses: Record<AnalyticsErrorCode, number> = {
  [AnalyticsErrors.INVALID_RANGE]: 400,
  [AnalyticsErrors.RANGE_TOO_LONG]: 400,
  [AnalyticsErrors.NOT_YOUR_RESTAURANT]: 403,
};

/** The longest range a report covers (its hourly series has one point per hour). */
export const MAX_RANGE_DAYS = 92;
/** The range when none is given: the last 24 hours. */
export const DEFAULT_RANGE_HOURS = 24;
/** Points of the live "orders per minute" series, ending at `to`. */
export const MINUTES_SERIES_LENGTH = 60;
/** Per-minute counts are kept this long; older minutes read as zero. */
export const MINUTE_RETENTION_HOURS = 6;
/** Entries of `topItems`. */
export const TOP_ITEMS = 10;

const Instant = Type.String({ format: 'date-time', description: 'ISO-8601 instant' });
const Money = Type.Object({ amount: Type.Integer(), currency: Type.Literal('INR') });
const Minutes = Type.Union([Type.Number(), Type.Null()]);
const Rate = Type.Number({ minimum: 0, maximum: 1 });

export const RangeQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'default: `to` minus 24 hours' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'default: now' })),
  },
  { additionalProperties: false },
);
export type RangeQuery = Static<typeof RangeQuery>;

export const RestaurantParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const StatusCounts = Type.Object(
  Object.fromEntries(ORDER_STATUSES.map((status) => [status, Type.Integer({ minimum: 0 })])) as Record<
    (typeof ORDER_STATUSES)[number],
    ReturnType<typeof Type.Integer>
  >,
);

const reportFields = {
  from: Instant,
  to: Instant,
  orders: Type.Integer(),
  revenue: Money,
  averageOrderValue: Money,
  statusCounts: StatusCounts,
  ordersPerHour: Type.Array(Type.Object({ hour: Instant, orders: Type.Integer(), revenue: Money })),
  ordersPerMinute: Type.Array(Type.Object({ minute: Instant, orders: Type.Integer(), revenue: Money })),
  averagePreparationMinutes: Minutes,
  averageDeliveryMinutes: Minutes,
  /** Placed → DELIVERED, delivery orders only. */
  averageTotalMinutes: Minutes,
  cancellationRate: Rate,
  refundRate: Rate,
  topItems: Type.Array(
    Type.Object({ menuItemId: Type.String(), name: Type.String(), quantity: Type.Integer(), revenue: Money }),
  ),
};

/** `GET /api/analytics/restaurants/{id}`: one restaurant's report. */
export const RestaurantReport = Type.Object({ restaurantId: Type.String(), ...reportFields });
export type RestaurantReport = Static<typeof RestaurantReport>;

/** `GET /api/analytics/summary`: the whole platform, with a line per restaurant (by revenue). */
export const SummaryReport = Type.Object({
  ...reportFields,
  perRestaurant: Type.Array(
    Type.Object({ restaurantId: Type.String(), orders: Type.Integer(), revenue: Money }),
  ),
});
export type SummaryReport = Static<typeof SummaryReport>;

/** No events of its own: analytics only consumes. */
export const analyticsEventSchemas: Array<{ type: string; version: number; schema: TSchema }> = [];

/** What other services (an admin console, a report mailer) may call; both are reads. */
export interface AnalyticsClient {
  summary(input: { from?: string; to?: string }): Promise<SummaryReport>;
  restaurantReport(input: { restaurantId: string; from?: string; to?: string }): Promise<RestaurantReport>;
}

export type AnalyticsOperations = { [K in keyof AnalyticsClient]: AnalyticsClient[K] };

export const analyticsContract = defineServiceContract<AnalyticsOperations>('analytics', {
  summary: { idempotent: true },
  restaurantReport: { idempotent: true },
});
