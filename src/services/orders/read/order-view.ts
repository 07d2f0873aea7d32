import type { OrderSummary } from '../contract.js';
import { SYSTEM_REF, type ActorRef } from '../domain/actor.js';
import { OrderEventTypes, type OrderEvent } from '../domain/order-events.js';
import type { Order } from '../domain/order-state.js';
import type { OrderView, TimelineEntryType } from '../orders.schemas.js';

/** The detail as the API shows it, from the order's state (the courier's position is added at read time). */
export function toOrderView(order: Order, version: number): Omit<OrderView, 'courierLocation'> {
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    restaurantId: order.restaurantId,
    courierId: order.courierId,
    fulfillment: order.fulfillment,
    status: order.status,
    items: order.items,
    subtotal: order.subtotal,
    deliveryFee: order.deliveryFee,
    discount: order.discount,
    promotionCode: order.promotionCode,
    totalAmount: order.totalAmount,
    paymentMethod: order.paymentMethod,
    payment: {
      state: order.payment.state,
      paymentId: order.payment.paymentId,
      failureCode: order.payment.failureCode,
    },
    deliveryAddress: order.deliveryAddress,
    distanceKm: order.distanceKm,
    estimatedDeliveryTime: order.estimatedDeliveryTime,
    cancellation:
      order.cancellation === null ? null : { ...order.cancellation, completed: order.status === 'CANCELLED' },
    refunded: order.refunded,
    refundPending: order.status === 'CANCELLED' && order.payment.captured && order.refund !== 'COMPLETED',
    createdAt: order.placedAt,
    updatedAt: order.updatedAt,
    version,
  };
}

export function toSummary(view: Pick<OrderView, keyof OrderSummary | 'deliveryAddress'>): OrderSummary {
  return {
    orderId: view.orderId,
    customerId: view.customerId,
    restaurantId: view.restaurantId,
    courierId: view.courierId,
    fulfillment: view.fulfillment,
    status: view.status,
    totalAmount: view.totalAmount,
    ...(view.deliveryAddress === null || view.deliveryAddress === undefined
      ? {}
      : { deliveryAddress: view.deliveryAddress }),
    createdAt: view.createdAt,
  };
}

/** One timeline line per event: what happened, who did it, and the facts worth showing. */
export function timelineEntry(event: OrderEvent): {
  type: TimelineEntryType;
  at: string;
  actor: ActorRef;
  details: Record<string, unknown>;
} {
  const at = event.data.at;
  switch (event.type) {
    case OrderEventTypes.PLACED:
      return {
        type: 'ORDER_PLACED',
        at,
        actor: { id: event.data.customerId, role: 'CUSTOMER' },
        details: {
          fulfillment: event.data.fulfillment,
          lines: event.data.items.length,
          totalAmount: event.data.totalAmount,
          estimatedDeliveryTime: event.data.estimatedDeliveryTime,
          ...(event.data.promotion === undefined
            ? {}
            : { discount: event.data.discount, promotionCode: event.data.promotion.code }),
        },
      };
    case OrderEventTypes.PAYMENT_REQUESTED:
      return {
        type: 'PAYMENT_REQUESTED',
        at,
        actor: SYSTEM_REF,
        details: { amount: event.data.amount, method: event.data.method },
      };
    case OrderEventTypes.PAYMENT_SUCCEEDED:
      return {
        type: 'PAYMENT_SUCCEEDED',
        at,
        actor: SYSTEM_REF,
        details: {
          paymentId: event.data.paymentId,
          paymentStatus: event.data.paymentStatus,
          afterCancellation: event.data.afterCancellation,
          ...(event.data.card === null ? {} : { card: event.data.card }),
        },
      };
    case OrderEventTypes.PAYMENT_FAILED:
      return {
        type: 'PAYMENT_FAILED',
        at,
        actor: SYSTEM_REF,
        details: { failureCode: event.data.failureCode, failureMessage: event.data.failureMessage },
      };
    case OrderEventTypes.PAYMENT_PENDING:
      return { type: 'PAYMENT_PENDING', at, actor: SYSTEM_REF, details: { reason: event.data.reason } };
    case OrderEventTypes.STATUS_CHANGED:
      return {
        type: 'STATUS_CHANGED',
        at,
        actor: event.data.by,
        details: { from: event.data.from, to: event.data.to, reason: event.data.reason },
      };
    case OrderEventTypes.COURIER_ASSIGNED:
      return {
        type: 'COURIER_ASSIGNED',
        at,
        actor: SYSTEM_REF,
        details: { courierId: event.data.courierId },
      };
    case OrderEventTypes.CANCELLATION_REQUESTED:
      return {
        type: 'CANCELLATION_REQUESTED',
        at,
        actor: event.data.by,
        details: { reason: event.data.reason },
      };
    case OrderEventTypes.REFUND_COMPLETED:
      return {
        type: 'REFUND_COMPLETED',
        at,
        actor: SYSTEM_REF,
        details: { refundId: event.data.refundId, nothingToRefund: event.data.nothingToRefund },
      };
    case OrderEventTypes.REFUND_PENDING:
      return { type: 'REFUND_PENDING', at, actor: SYSTEM_REF, details: { reason: event.data.reason } };
    case OrderEventTypes.CANCELLED:
      return {
        type: 'ORDER_CANCELLED',
        at,
        actor: event.data.by,
        details: {
          from: event.data.from,
          reason: event.data.reason,
          refunded: event.data.refunded,
          refundPending: event.data.refundPending,
        },
      };
  }
}
