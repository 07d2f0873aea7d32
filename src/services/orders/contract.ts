import { Type, type Static, type TSchema } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';

/**
 * The orders service's public face: the order's statuses, the events other services consume, and the
 * operations they call. Orders are event-sourced; these published events are the integration events of
 * DESIGN §2 (OrderCreated, OrderStatusUpdated), written to the outbox with the order's own events.
 */
export const ORDER_STATUSES = [
  'PENDING',
  'CONFIRMED',
  'PREPARING',
  'READY',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'PICKED_UP',
  'CANCELLED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const FULFILLMENTS = ['DELIVERY', 'PICKUP'] as const;
export type Fulfillment = (typeof FULFILLMENTS)[number];

export const OrdersEvents = {
  ORDER_CREATED: 'OrderCreated',
  ORDER_STATUS_UPDATED: 'OrderStatusUpdated',
} as const;

export const MoneySchema = Type.Object({
  amount: Type.Integer({ minimum: 0 }),
  currency: Type.Literal('INR'),
});
export const StatusSchema = Type.Enum([...ORDER_STATUSES]);
export const FulfillmentSchema = Type.Enum([...FULFILLMENTS]);
const Location = Type.Object({ latitude: Type.Number(), longitude: Type.Number() });

export const OrderLineV1 = Type.Object({
  menuItemId: Type.String(),
  name: Type.String(),
  quantity: Type.Integer({ minimum: 1 }),
  unitPrice: MoneySchema,
  lineTotal: MoneySchema,
  specialInstructions: Type.Optional(Type.String()),
});

/** The offer applied to an order at checkout (its discount is the order's `discount`). */
export const AppliedPromotionV1 = Type.Object({
  promotionId: Type.String(),
  code: Type.String(),
  title: Type.String(),
  discount: MoneySchema,
});

/** A new order, PENDING. Subject: the order id. */
export const OrderCreatedV1 = Type.Object({
  orderId: Type.String(),
  customerId: Type.String(),
  restaurantId: Type.String(),
  fulfillment: FulfillmentSchema,
  items: Type.Array(OrderLineV1),
  subtotal: MoneySchema,
  deliveryFee: MoneySchema,
  discount: MoneySchema,
  /** Present when a promotion code was applied. */
  promotion: Type.Optional(AppliedPromotionV1),
  totalAmount: MoneySchema,
  paymentMethod: Type.Union([Type.Literal('CARD'), Type.Literal('CASH')]),
  deliveryAddress: Type.Optional(
    Type.Object({
      line1: Type.String(),
      city: Type.String(),
      postcode: Type.String(),
      latitude: Type.Number(),
      longitude: Type.Number(),
    }),
  ),
  promotionCode: Type.Optional(Type.String()),
  estimatedDeliveryTime: Type.String({ description: 'ISO-8601 instant' }),
  createdAt: Type.String(),
});
export type OrderCreatedV1 = Static<typeof OrderCreatedV1>;

/** Every status change, including the first confirmation and every cancellation. Subject: the order id. */
export const OrderStatusUpdatedV1 = Type.Object({
  orderId: Type.String(),
  customerId: Type.String(),
  restaurantId: Type.String(),
  courierId: Type.Union([Type.String(), Type.Null()]),
  fulfillment: FulfillmentSchema,
  previousStatus: StatusSchema,
  status: StatusSchema,
  reason: Type.Optional(Type.String()),
  /** Set on CANCELLED: whether the payment was refunded. */
  refunded: Type.Optional(Type.Boolean()),
  /** Who made the change: a user id with the role acted in, or `system`. */
  changedBy: Type.Object({ id: Type.String(), role: Type.String() }),
  totalAmount: MoneySchema,
  items: Type.Array(
    Type.Object({ menuItemId: Type.String(), name: Type.String(), quantity: Type.Integer() }),
  ),
  estimatedDeliveryTime: Type.Optional(Type.String()),
  /** The courier's last known position while OUT_FOR_DELIVERY. */
  courierLocation: Type.Optional(Location),
  changedAt: Type.String(),
});
export type OrderStatusUpdatedV1 = Static<typeof OrderStatusUpdatedV1>;

export const ordersEventSchemas: Array<{ type: string; version: number; schema: TSchema }> = [
  { type: OrdersEvents.ORDER_CREATED, version: 1, schema: OrderCreatedV1 },
  { type: OrdersEvents.ORDER_STATUS_UPDATED, version: 1, schema: OrderStatusUpdatedV1 },
];

/** The order as other services see it. */
export interface OrderSummary {
  orderId: string;
  customerId: string;
  restaurantId: string;
  courierId: string | null;
  fulfillment: Fulfillment;
  status: OrderStatus;
  totalAmount: { amount: number; currency: 'INR' };
  deliveryAddress?: { line1: string; city: string; postcode: string; latitude: number; longitude: number };
  createdAt: string;
}

/** The orders service's operations for other services (delivery assigns couriers through them). */
export interface OrdersClient {
  /** `ORDERS.NOT_FOUND` for an unknown id. */
  getOrder(input: { orderId: string }): Promise<OrderSummary>;
  /**
   * Records the courier the delivery service assigned to a READY delivery order; idempotent for the same
   * courier, `ORDERS.COURIER_ALREADY_ASSIGNED` (409) for another.
   */
  assignCourier(input: { orderId: string; courierId: string }): Promise<OrderSummary>;
  /**
   * The assigned courier's last position (the delivery service owns locations and forwards them), shown as
   * `courierLocation` in the order detail; not an order event. `ORDERS.FORBIDDEN_TRANSITION` when the courier
   * is not the order's.
   */
  recordCourierLocation(input: {
    orderId: string;
    courierId: string;
    latitude: number;
    longitude: number;
  }): Promise<{ recorded: true }>;
}

/** The codes the orders service answers with; matched by code, never by message. */
export const OrdersErrors = {
  /** No such order, or the caller may not see it. */
  NOT_FOUND: 'ORDERS.NOT_FOUND',
  /** The order's status does not allow this change (DESIGN §3). */
  INVALID_ORDER_STATE: 'ORDERS.INVALID_ORDER_STATE',
  /** The change exists, but this caller may not make it (another restaurant's staff, an unassigned courier). */
  FORBIDDEN_TRANSITION: 'ORDERS.FORBIDDEN_TRANSITION',
  /** One or more lines name an unknown or removed item; `details.failures` lists them. */
  ITEM_NOT_FOUND: 'ORDERS.ITEM_NOT_FOUND',
  /** One or more items are not available now; `details.failures` lists them. */
  ITEM_SOLD_OUT: 'ORDERS.ITEM_SOLD_OUT',
  /** One or more items belong to another restaurant than the order's; `details.failures` lists them. */
  ITEM_FROM_ANOTHER_RESTAURANT: 'ORDERS.ITEM_FROM_ANOTHER_RESTAURANT',
  /** A line's quantity is refused by the catalog. */
  INVALID_QUANTITY: 'ORDERS.INVALID_QUANTITY',
  RESTAURANT_NOT_FOUND: 'ORDERS.RESTAURANT_NOT_FOUND',
  RESTAURANT_NOT_ACTIVE: 'ORDERS.RESTAURANT_NOT_ACTIVE',
  RESTAURANT_CLOSED: 'ORDERS.RESTAURANT_CLOSED',
  OUTSIDE_DELIVERY_RADIUS: 'ORDERS.OUTSIDE_DELIVERY_RADIUS',
  /** `addressId` is not one of the customer's addresses. */
  ADDRESS_NOT_FOUND: 'ORDERS.ADDRESS_NOT_FOUND',
  /** DELIVERY needs exactly one of `deliveryAddress` / `addressId`; PICKUP takes neither. */
  INVALID_DELIVERY_ADDRESS: 'ORDERS.INVALID_DELIVERY_ADDRESS',
  /**
   * The payment was declined: the order was placed and then CANCELLED with the reason
   * (`payment_declined: <failureCode>`); `details` holds `orderId`, `reason` and `failureCode`.
   */
  PAYMENT_DECLINED: 'ORDERS.PAYMENT_DECLINED',
  /** This `Idempotency-Key` was already used by this customer with another body. */
  IDEMPOTENCY_KEY_REUSED: 'ORDERS.IDEMPOTENCY_KEY_REUSED',
  /** A request with this `Idempotency-Key` is still being placed; retrying shortly gives its answer. */
  IDEMPOTENCY_KEY_IN_USE: 'ORDERS.IDEMPOTENCY_KEY_IN_USE',
  /** Another courier is already assigned to the order. */
  COURIER_ALREADY_ASSIGNED: 'ORDERS.COURIER_ALREADY_ASSIGNED',
} as const;
export type OrdersErrorCode = (typeof OrdersErrors)[keyof typeof OrdersErrors];

export const ordersErrorStatuses: Record<OrdersErrorCode, number> = {
  [OrdersErrors.NOT_FOUND]: 404,
  [OrdersErrors.INVALID_ORDER_STATE]: 409,
  [OrdersErrors.FORBIDDEN_TRANSITION]: 403,
  [OrdersErrors.ITEM_NOT_FOUND]: 422,
  [OrdersErrors.ITEM_SOLD_OUT]: 422,
  [OrdersErrors.ITEM_FROM_ANOTHER_RESTAURANT]: 422,
  [OrdersErrors.INVALID_QUANTITY]: 422,
  [OrdersErrors.RESTAURANT_NOT_FOUND]: 422,
  [OrdersErrors.RESTAURANT_NOT_ACTIVE]: 422,
  [OrdersErrors.RESTAURANT_CLOSED]: 422,
  [OrdersErrors.OUTSIDE_DELIVERY_RADIUS]: 422,
  [OrdersErrors.ADDRESS_NOT_FOUND]: 422,
  [OrdersErrors.INVALID_DELIVERY_ADDRESS]: 400,
  [OrdersErrors.PAYMENT_DECLINED]: 402,
  [OrdersErrors.IDEMPOTENCY_KEY_REUSED]: 422,
  [OrdersErrors.IDEMPOTENCY_KEY_IN_USE]: 409,
  [OrdersErrors.COURIER_ALREADY_ASSIGNED]: 409,
};

export type OrdersOperations = { [K in keyof OrdersClient]: OrdersClient[K] };

export const ordersContract = defineServiceContract<OrdersOperations>('orders', {
  getOrder: { idempotent: true },
  assignCourier: { idempotent: true },
  recordCourierLocation: { idempotent: true },
});
