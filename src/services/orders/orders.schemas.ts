import { Type, type Static, type TSchema } from 'typebox';
import { FulfillmentSchema, MoneySchema, OrderLineV1, StatusSchema } from './contract.js';

/**
 * The HTTP shapes of the orders routes (`/api/orders`), for validation and the OpenAPI document. Public:
 * the web UI and the gateway's documentation use them.
 */
export const Uuid = Type.String({ format: 'uuid' });
export const MAX_ORDER_LINES = 50;
export const MAX_LINE_QUANTITY = 50;
export const MAX_PAGE_SIZE = 100;

export const DeliveryAddressInput = Type.Object(
  {
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    postcode: Type.String({ minLength: 1, maxLength: 20 }),
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { additionalProperties: false },
);
export type DeliveryAddressInput = Static<typeof DeliveryAddressInput>;

export const PaymentInput = Type.Union([
  Type.Object(
    { method: Type.Literal('CARD'), token: Type.String({ minLength: 1, maxLength: 200 }) },
    { additionalProperties: false },
  ),
  Type.Object({ method: Type.Literal('CASH') }, { additionalProperties: false }),
]);
export type PaymentInput = Static<typeof PaymentInput>;

/** `POST /api/orders`. DELIVERY needs exactly one of `deliveryAddress` / `addressId`; PICKUP neither. */
export const PlaceOrderBody = Type.Object(
  {
    restaurantId: Uuid,
    items: Type.Array(
      Type.Object(
        {
          menuItemId: Uuid,
          quantity: Type.Integer({ minimum: 1, maximum: MAX_LINE_QUANTITY }),
          specialInstructions: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_ORDER_LINES },
    ),
    fulfillment: FulfillmentSchema,
    deliveryAddress: Type.Optional(DeliveryAddressInput),
    addressId: Type.Optional(Uuid),
    payment: PaymentInput,
    /** A promotion code to apply; an unknown, expired, exhausted or foreign code refuses the order. */
    promotionCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type PlaceOrderBody = Static<typeof PlaceOrderBody>;

const ActorRefView = Type.Object({ id: Type.String(), role: Type.String() });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const PAYMENT_STATES = ['REQUESTED', 'PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/** The order detail read model (`GET /api/orders/{id}`), also the answer of placement and status changes. */
export const OrderView = Type.Object({
  orderId: Type.String(),
  customerId: Type.String(),
  restaurantId: Type.String(),
  courierId: Nullable(Type.String()),
  fulfillment: FulfillmentSchema,
  status: StatusSchema,
  items: Type.Array(OrderLineV1),
  subtotal: MoneySchema,
  deliveryFee: MoneySchema,
  discount: MoneySchema,
  promotionCode: Nullable(Type.String()),
  totalAmount: MoneySchema,
  paymentMethod: Type.Union([Type.Literal('CARD'), Type.Literal('CASH')]),
  payment: Type.Object({
    state: Type.Enum([...PAYMENT_STATES]),
    paymentId: Nullable(Type.String()),
    failureCode: Nullable(Type.String()),
  }),
  deliveryAddress: Nullable(DeliveryAddressInput),
  distanceKm: Nullable(Type.Number()),
  estimatedDeliveryTime: Type.String(),
  /** Set once cancelled (or while a cancellation awaits its refund). */
  cancellation: Nullable(
    Type.Object({ reason: Type.String(), by: ActorRefView, at: Type.String(), completed: Type.Boolean() }),
  ),
  /** True once the payment of a cancelled order was refunded. */
  refunded: Type.Boolean(),
  /** True while a cancelled paid order waits for its refund (payments was unreachable). */
  refundPending: Type.Boolean(),
  courierLocation: Nullable(
    Type.Object({ latitude: Type.Number(), longitude: Type.Number(), at: Type.String() }),
  ),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  /** The order stream's version: how many events the order has. */
  version: Type.Integer(),
});
export type OrderView = Static<typeof OrderView>;

/** The answer of `POST /api/orders`: the detail plus `orderId`, `status`, `totalAmount`, ... at the top. */
export const PlacedOrderView = OrderView;

export const OrderPage = Type.Object({
  content: Type.Array(OrderView),
  page: Type.Integer(),
  size: Type.Integer(),
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
});
export type OrderPage = Static<typeof OrderPage>;

export const ORDER_SORTS = [
  'createdAt,desc',
  'createdAt,asc',
  'updatedAt,desc',
  'updatedAt,asc',
  'totalAmount,desc',
  'totalAmount,asc',
] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];

/** `GET /api/orders`: whose orders depends on the caller's role (see the route's summary). */
export const ListOrdersQuery = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    restaurantId: Type.Optional(Uuid),
    /** Only non-final orders (a restaurant's live queue, a courier's current jobs). */
    active: Type.Optional(Type.Boolean()),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    page: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })),
    sort: Type.Optional(Type.Enum([...ORDER_SORTS])),
  },
  { additionalProperties: false },
);
export type ListOrdersQuery = Static<typeof ListOrdersQuery>;

export const TIMELINE_ENTRY_TYPES = [
  'ORDER_PLACED',
  'PAYMENT_REQUESTED',
  'PAYMENT_SUCCEEDED',
  'PAYMENT_FAILED',
  'PAYMENT_PENDING',
  'STATUS_CHANGED',
  'COURIER_ASSIGNED',
  'CANCELLATION_REQUESTED',
  'REFUND_COMPLETED',
  'REFUND_PENDING',
  'ORDER_CANCELLED',
] as const;
export type TimelineEntryType = (typeof TIMELINE_ENTRY_TYPES)[number];

export const TimelineEntry = Type.Object({
  sequence: Type.Integer(),
  type: Type.Enum([...TIMELINE_ENTRY_TYPES]),
  at: Type.String(),
  actor: ActorRefView,
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type TimelineEntry = Static<typeof TimelineEntry>;

export const TimelineView = Type.Object({ orderId: Type.String(), entries: Type.Array(TimelineEntry) });
export type TimelineView = Static<typeof TimelineView>;

export const ChangeStatusBody = Type.Object(
  { status: StatusSchema, reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
);
export type ChangeStatusBody = Static<typeof ChangeStatusBody>;

export const CancelOrderBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type CancelOrderBody = Static<typeof CancelOrderBody>;

export const OrderIdParams = Type.Object({ id: Uuid });
