import type { Fulfillment, OrderStatus } from '../contract.js';
import type { PaymentState } from '../orders.schemas.js';
import type { ActorRef } from './actor.js';
import {
  OrderEventTypes,
  type DeliveryAddress,
  type Money,
  type OrderEvent,
  type OrderLine,
} from './order-events.js';

/** An order as its events make it; `null` before its first event. */
export interface Order {
  orderId: string;
  customerId: string;
  restaurantId: string;
  fulfillment: Fulfillment;
  items: OrderLine[];
  subtotal: Money;
  deliveryFee: Money;
  discount: Money;
  /** The promotion code applied at checkout, if any. */
  promotionCode: string | null;
  totalAmount: Money;
  paymentMethod: 'CARD' | 'CASH';
  deliveryAddress: DeliveryAddress | null;
  distanceKm: number | null;
  estimatedDeliveryTime: string;
  placedAt: string;
  updatedAt: string;
  status: OrderStatus;
  courierId: string | null;
  courierAssignedAt: string | null;
  payment: {
    state: PaymentState;
    paymentId: string | null;
    failureCode: string | null;
    /** Money was taken (a card capture or authorisation), so a cancellation must give it back. */
    captured: boolean;
  };
  /** The cancellation asked for or done; set while a paid order waits for its refund, before CANCELLED. */
  cancellation: { by: ActorRef; reason: string; at: string } | null;
  /** NONE: nothing asked; REQUESTED: refund being asked of payments; PENDING: payments unreachable, retried; COMPLETED. */
  refund: 'NONE' | 'REQUESTED' | 'PENDING' | 'COMPLETED';
  refunded: boolean;
}

export type OrderState = Order | null;

export const FINAL_STATUSES: readonly OrderStatus[] = ['DELIVERED', 'PICKED_UP', 'CANCELLED'];

export function isFinal(status: OrderStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Still waiting for its payment's outcome (the sweeper retries the charge, then times it out). */
export function awaitingPayment(order: Order): boolean {
  return order.status === 'PENDING' && order.cancellation === null;
}

/**
 * A card payment whose outcome orders does not know yet (asked, or payments could not answer): payments
 * may hold an authorisation for it, so the order must not be CANCELLED before payments has released it.
 */
export function mayHoldPayment(order: Order): boolean {
  return (
    order.paymentMethod === 'CARD' &&
    (order.payment.state === 'REQUESTED' || order.payment.state === 'PENDING')
  );
}

/**
 * Being or already cancelled, and payments not yet done giving the money back: a capture to refund, or a
 * possible hold to release (the sweeper retries either).
 */
export function awaitingRefund(order: Order): boolean {
  return (
    order.cancellation !== null &&
    order.refund !== 'COMPLETED' &&
    (order.payment.captured || (order.status !== 'CANCELLED' && mayHoldPayment(order)))
  );
}

/** A cancellation was asked for and waits for its refund before the order becomes CANCELLED. */
export function cancellationInProgress(order: Order): boolean {
  return order.cancellation !== null && order.status !== 'CANCELLED';
}

const CAPTURING = new Set(['CAPTURED', 'AUTHORIZED']);

export function evolve(state: OrderState, event: OrderEvent): OrderState {
  if (event.type === OrderEventTypes.PLACED) {
    const d = event.data;
    return {
      orderId: d.orderId,
      customerId: d.customerId,
      restaurantId: d.restaurantId,
      fulfillment: d.fulfillment,
      items: d.items,
      subtotal: d.subtotal,
      deliveryFee: d.deliveryFee,
      discount: d.discount,
      promotionCode: d.promotion?.code ?? null,
      totalAmount: d.totalAmount,
      paymentMethod: d.paymentMethod,
      deliveryAddress: d.deliveryAddress,
      distanceKm: d.distanceKm,
      estimatedDeliveryTime: d.estimatedDeliveryTime,
      placedAt: d.at,
      updatedAt: d.at,
      status: 'PENDING',
      courierId: null,
      courierAssignedAt: null,
      payment: { state: 'REQUESTED', paymentId: null, failureCode: null, captured: false },
      cancellation: null,
      refund: 'NONE',
      refunded: false,
    };
  }
  // Events of a stream that has not begun cannot change anything.
  if (state === null) return state;
  const next: Order = { ...state, updatedAt: event.data.at };
  switch (event.type) {
    case OrderEventTypes.PAYMENT_REQUESTED:
      return next;
    case OrderEventTypes.PAYMENT_SUCCEEDED:
      return {
        ...next,
        payment: {
          state: 'SUCCEEDED',
          paymentId: event.data.paymentId,
          failureCode: null,
          captured: CAPTURING.has(event.data.paymentStatus),
        },
      };
    case OrderEventTypes.PAYMENT_FAILED:
      return {
        ...next,
        payment: {
          state: 'FAILED',
          paymentId: event.data.paymentId,
          failureCode: event.data.failureCode,
          captured: false,
        },
      };
    case OrderEventTypes.PAYMENT_PENDING:
      return { ...next, payment: { ...next.payment, state: 'PENDING' } };
    case OrderEventTypes.STATUS_CHANGED:
      return { ...next, status: event.data.to };
    case OrderEventTypes.COURIER_ASSIGNED:
      return { ...next, courierId: event.data.courierId, courierAssignedAt: event.data.at };
    case OrderEventTypes.CANCELLATION_REQUESTED:
      return {
        ...next,
        cancellation: { by: event.data.by, reason: event.data.reason, at: event.data.at },
        refund: 'REQUESTED',
      };
    case OrderEventTypes.REFUND_COMPLETED:
      return { ...next, refund: 'COMPLETED', refunded: !event.data.nothingToRefund };
    case OrderEventTypes.REFUND_PENDING:
      return { ...next, refund: 'PENDING' };
    case OrderEventTypes.CANCELLED:
      return {
        ...next,
        status: 'CANCELLED',
        cancellation: { by: event.data.by, reason: event.data.reason, at: event.data.at },
        refunded: event.data.refunded,
        refund: event.data.refunded ? 'COMPLETED' : event.data.refundPending ? 'PENDING' : next.refund,
      };
  }
}

/** The state after all these events, from nothing. */
export function fold(events: readonly OrderEvent[]): OrderState {
  return events.reduce<OrderState>(evolve, null);
}
