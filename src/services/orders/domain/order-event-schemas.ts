import { Type, type TSchema } from 'typebox';
import {
  AppliedPromotionV1,
  FulfillmentSchema,
  MoneySchema,
  OrderLineV1,
  StatusSchema,
} from '../contract.js';
import { DeliveryAddressInput } from '../orders.schemas.js';
import { OrderEventTypes } from './order-events.js';

/**
 * Schemas of the order's own events: the event store validates every append against the registry, so a
 * malformed event is refused before it is written, never found later during a replay.
 */
const Instant = Type.String();
const ActorRef = Type.Object({ id: Type.String(), role: Type.String() });
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const orderEventSchemas: Array<{ type: string; version: number; schema: TSchema }> = [
  {
    type: OrderEventTypes.PLACED,
    version: 1,
    schema: Type.Object({
      orderId: Type.String(),
      customerId: Type.String(),
      restaurantId: Type.String(),
      fulfillment: FulfillmentSchema,
      items: Type.Array(OrderLineV1, { minItems: 1 }),
      subtotal: MoneySchema,
      deliveryFee: MoneySchema,
      discount: MoneySchema,
      promotion: Type.Optional(AppliedPromotionV1),
      totalAmount: MoneySchema,
      paymentMethod: Type.Union([Type.Literal('CARD'), Type.Literal('CASH')]),
      deliveryAddress: Type.Union([DeliveryAddressInput, Type.Null()]),
      distanceKm: Type.Union([Type.Number(), Type.Null()]),
      estimatedDeliveryTime: Instant,
      at: Instant,
    }),
  },
  {
    type: OrderEventTypes.PAYMENT_REQUESTED,
    version: 1,
    schema: Type.Object({
      amount: MoneySchema,
      method: Type.Union([Type.Literal('CARD'), Type.Literal('CASH')]),
      at: Instant,
    }),
  },
  {
    type: OrderEventTypes.PAYMENT_SUCCEEDED,
    version: 1,
    schema: Type.Object({
      paymentId: Type.String(),
      paymentStatus: Type.String(),
      card: Type.Union([Type.Object({ brand: Type.String(), last4: Type.String() }), Type.Null()]),
      afterCancellation: Type.Boolean(),
      at: Instant,
    }),
  },
  {
    type: OrderEventTypes.PAYMENT_FAILED,
    version: 1,
    schema: Type.Object({
      paymentId: NullableString,
      failureCode: Type.String(),
      failureMessage: NullableString,
      at: Instant,
    }),
  },
  {
    type: OrderEventTypes.PAYMENT_PENDING,
    version: 1,
    schema: Type.Object({ reason: Type.String(), at: Instant }),
  },
  {
    type: OrderEventTypes.STATUS_CHANGED,
    version: 1,
    schema: Type.Object({
      from: StatusSchema,
      to: StatusSchema,
      by: ActorRef,
      reason: NullableString,
      at: Instant,
    }),
  },
  {
    type: OrderEventTypes.COURIER_ASSIGNED,
    version: 1,
    schema: Type.Object({ courierId: Type.String(), at: Instant }),
  },
  {
    type: OrderEventTypes.CANCELLATION_REQUESTED,
    version: 1,
    schema: Type.Object({ by: ActorRef, reason: Type.String(), at: Instant }),
  },
  {
    type: OrderEventTypes.REFUND_COMPLETED,
    version: 1,
    schema: Type.Object({ refundId: NullableString, nothingToRefund: Type.Boolean(), at: Instant }),
  },
  {
    type: OrderEventTypes.REFUND_PENDING,
    version: 1,
    schema: Type.Object({ reason: Type.String(), at: Instant }),
  },
  {
    type: OrderEventTypes.CANCELLED,
    version: 1,
    schema: Type.Object({
      from: StatusSchema,
      by: ActorRef,
      reason: Type.String(),
      refunded: Type.Boolean(),
      refundPending: Type.Boolean(),
      at: Instant,
    }),
  },
];
