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

const MoneySchema = Type.Object({ amount: Type.Integer({ minimum: 0 }), currency: Type.Literal('INR') });
const StatusSchema = Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s)));
const FulfillmentSchema = Type.Union(FULFILLMENTS.map((f) => Type.Literal(f)));
const Location = Type.Object({ latitude: Type.Number(), longitude: Type.Number() });

export const OrderLineV1 = Type.Object({
  menuItemId: Type.String(),
  name: Type.String(),
  quantity: Type.Integer({ minimum: 1 }),
  unitPrice: MoneySchema,
  lineTotal: MoneySchema,
  specialInstructions: Type.Optional(Type.String()),
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
}

export type OrdersOperations = { [K in keyof OrdersClient]: OrdersClient[K] };

export const ordersContract = defineServiceContract<OrdersOperations>('orders', {
  getOrder: { idempotent: true },
  assignCourier: { idempotent: true },
});
