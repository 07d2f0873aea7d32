import { AppError } from '../../../platform/errors/app-error.js';
import { OrdersErrors, type OrderStatus } from '../contract.js';
import { capacitiesOf, SYSTEM_REF, type Actor, type ActorRef } from './actor.js';
import { OrderEventTypes, type OrderEvent, type OrderPlacedData } from './order-events.js';
import { ASSIGNABLE_FROM, CANCEL_CAPACITY_ORDER, CANCELLABLE_FROM, findTransition } from './order-rules.js';
import {
  cancellationInProgress,
  isFinal,
  mayHoldPayment,
  type Order,
  type OrderState,
} from './order-state.js';

/** What can be asked of an order. The saga's own steps are commands too, so they obey the same rules. */
export type OrderCommand =
  | { type: 'PlaceOrder'; order: Omit<OrderPlacedData, 'at'> }
  | {
      type: 'RecordPaymentResult';
      result: {
        succeeded: boolean;
        /** Absent when payments refused the charge before making a payment. */
        paymentId?: string;
        status: string;
        failureCode?: string;
        failureMessage?: string;
        card?: { brand: string; last4: string };
      };
    }
  | { type: 'RecordPaymentPending'; reason: string }
  | { type: 'ExpirePayment' }
  | { type: 'ChangeStatus'; to: OrderStatus; actor: Actor; reason?: string }
  | { type: 'CancelOrder'; actor: Actor; reason: string }
  | { type: 'AssignCourier'; courierId: string }
  | { type: 'RecordRefund'; refundId: string | null; nothingToRefund: boolean }
  | { type: 'RecordRefundPending'; reason: string };

const invalidState = (order: Order, message: string, extra: Record<string, unknown> = {}) =>
  new AppError(OrdersErrors.INVALID_ORDER_STATE, message, {
    details: { orderId: order.orderId, status: order.status, ...extra },
  });

const forbidden = (order: Order, message: string) =>
  new AppError(OrdersErrors.FORBIDDEN_TRANSITION, message, {
    details: { orderId: order.orderId, status: order.status },
  });

/** The events a command produces on this state, or an AppError. An empty list: nothing to do (a repeat). */
export function decide(state: OrderState, command: OrderCommand, now: Date): OrderEvent[] {
  const at = now.toISOString();
  if (command.type === 'PlaceOrder') {
    if (state !== null) {
      throw invalidState(state, `Order ${state.orderId} already exists.`);
    }
    const order = command.order;
    return [
      { type: OrderEventTypes.PLACED, data: { ...order, at } },
      {
        type: OrderEventTypes.PAYMENT_REQUESTED,
        data: { amount: order.totalAmount, method: order.paymentMethod, at },
      },
    ];
  }
  if (state === null) throw new AppError(OrdersErrors.NOT_FOUND, 'No such order.');

  switch (command.type) {
    case 'RecordPaymentResult':
      return recordPaymentResult(state, command.result, at);
    case 'RecordPaymentPending':
      if (state.status !== 'PENDING' || state.payment.state !== 'REQUESTED') return [];
      return [{ type: OrderEventTypes.PAYMENT_PENDING, data: { reason: command.reason, at } }];
    case 'ExpirePayment':
      if (state.status !== 'PENDING' || state.payment.state === 'SUCCEEDED') return [];
      if (cancellationInProgress(state)) return [];
      // A hold may exist: payments releases it first (the saga's refund step), then the order is CANCELLED.
      if (mayHoldPayment(state)) {
        return [
          {
            type: OrderEventTypes.CANCELLATION_REQUESTED,
            data: { by: SYSTEM_REF, reason: 'payment_timeout', at },
          },
        ];
      }
      return [cancelled(state, SYSTEM_REF, 'payment_timeout', false, false, at)];
    case 'ChangeStatus':
      if (command.to === 'CANCELLED') {
        return cancelOrder(state, command.actor, command.reason ?? 'cancelled', at);
      }
      return changeStatus(state, command.to, command.actor, command.reason ?? null, at);
    case 'CancelOrder':
      return cancelOrder(state, command.actor, command.reason, at);
    case 'AssignCourier':
      return assignCourier(state, command.courierId, at);
    case 'RecordRefund':
      return recordRefund(state, command.refundId, command.nothingToRefund, at);
    case 'RecordRefundPending':
      if (!cancellationInProgress(state)) return [];
      // A hold may still be on the card: the order waits, PENDING, until payments has released it.
      if (!state.payment.captured && mayHoldPayment(state)) {
        if (state.refund === 'PENDING') return [];
        return [{ type: OrderEventTypes.REFUND_PENDING, data: { reason: command.reason, at } }];
      }
      return [
        { type: OrderEventTypes.REFUND_PENDING, data: { reason: command.reason, at } },
        cancelled(state, state.cancellation?.by ?? SYSTEM_REF, cancelReason(state), false, true, at),
      ];
  }
}

function recordPaymentResult(
  order: Order,
  result: Extract<OrderCommand, { type: 'RecordPaymentResult' }>['result'],
  at: string,
): OrderEvent[] {
  // Payments is idempotent by order: the first outcome recorded is the outcome.
  if (order.payment.state === 'SUCCEEDED' || order.payment.state === 'FAILED') return [];
  if (order.status !== 'PENDING' || order.cancellation !== null) {
    // Cancelled (or being cancelled) while the charge was in flight: keep a success so it is refunded.
    if (!result.succeeded) return [];
    return [paymentSucceeded(result, true, at)];
  }
  if (result.succeeded) {
    return [
      paymentSucceeded(result, false, at),
      {
        type: OrderEventTypes.STATUS_CHANGED,
        data: { from: 'PENDING', to: 'CONFIRMED', by: SYSTEM_REF, reason: null, at },
      },
    ];
  }
  const failureCode = result.failureCode ?? 'payment_failed';
  return [
    {
      type: OrderEventTypes.PAYMENT_FAILED,
      data: {
        paymentId: result.paymentId ?? null,
        failureCode,
        failureMessage: result.failureMessage ?? null,
        at,
      },
    },
    cancelled(order, SYSTEM_REF, `payment_declined: ${failureCode}`, false, false, at),
  ];
}

function paymentSucceeded(
  result: Extract<OrderCommand, { type: 'RecordPaymentResult' }>['result'],
  afterCancellation: boolean,
  at: string,
): OrderEvent {
  return {
    type: OrderEventTypes.PAYMENT_SUCCEEDED,
    data: {
      paymentId: result.paymentId ?? 'unknown',
      paymentStatus: result.status,
      card: result.card ?? null,
      afterCancellation,
      at,
    },
  };
}

function changeStatus(
  order: Order,
  to: OrderStatus,
  actor: Actor,
  reason: string | null,
  at: string,
): OrderEvent[] {
  if (cancellationInProgress(order)) {
    throw invalidState(order, `Order ${order.orderId} is being cancelled.`, { requested: to });
  }
  const transition = findTransition(order.status, to, order.fulfillment);
  if (transition === undefined) {
    throw invalidState(order, `An order ${order.status} cannot become ${to}.`, { requested: to });
  }
  const by = capacitiesOf(actor, order).get(transition.by);
  if (by === undefined) {
    throw forbidden(order, `Only ${describe(transition.by)} may move the order to ${to}.`);
  }
  return [{ type: OrderEventTypes.STATUS_CHANGED, data: { from: order.status, to, by, reason, at } }];
}

function cancelOrder(order: Order, actor: Actor, reason: string, at: string): OrderEvent[] {
  if (order.status === 'CANCELLED') {
    throw invalidState(order, `Order ${order.orderId} is already cancelled.`, { requested: 'CANCELLED' });
  }
  if (isFinal(order.status)) {
    throw invalidState(order, `An order ${order.status} cannot be cancelled.`, { requested: 'CANCELLED' });
  }
  const capacities = capacitiesOf(actor, order);
  const acting = CANCEL_CAPACITY_ORDER.filter((c) => capacities.has(c));
  if (acting.length === 0) throw forbidden(order, 'You may not cancel this order.');
  // A repeated request while the refund is under way: nothing new, the caller resumes the refund.
  if (cancellationInProgress(order)) return [];
  const allowed = acting.find((c) => CANCELLABLE_FROM[c].includes(order.status));
  if (allowed === undefined) {
    throw invalidState(order, `You may not cancel an order that is ${order.status}.`, {
      requested: 'CANCELLED',
    });
  }
  const by = capacities.get(allowed) as ActorRef;
  // Money taken, or possibly held: payments gives it back (refund or void) before the order is CANCELLED.
  if (order.payment.captured || mayHoldPayment(order)) {
    return [{ type: OrderEventTypes.CANCELLATION_REQUESTED, data: { by, reason, at } }];
  }
  return [cancelled(order, by, reason, false, false, at)];
}

function assignCourier(order: Order, courierId: string, at: string): OrderEvent[] {
  if (order.courierId === courierId) return [];
  if (order.courierId !== null) {
    throw new AppError(OrdersErrors.COURIER_ALREADY_ASSIGNED, 'Another courier is assigned to this order.', {
      details: { orderId: order.orderId },
    });
  }
  if (order.fulfillment !== 'DELIVERY') throw invalidState(order, 'A pickup order has no courier.');
  if (!ASSIGNABLE_FROM.includes(order.status) || cancellationInProgress(order)) {
    throw invalidState(order, `A courier cannot be assigned to an order that is ${order.status}.`);
  }
  return [{ type: OrderEventTypes.COURIER_ASSIGNED, data: { courierId, at } }];
}

function recordRefund(
  order: Order,
  refundId: string | null,
  nothingToRefund: boolean,
  at: string,
): OrderEvent[] {
  if (order.refund === 'COMPLETED' || order.cancellation === null) return [];
  const completed: OrderEvent = {
    type: OrderEventTypes.REFUND_COMPLETED,
    data: { refundId, nothingToRefund, at },
  };
  if (order.status === 'CANCELLED') return [completed];
  return [
    completed,
    cancelled(order, order.cancellation.by, cancelReason(order), !nothingToRefund, false, at),
  ];
}

function cancelled(
  order: Order,
  by: ActorRef,
  reason: string,
  refunded: boolean,
  refundPending: boolean,
  at: string,
): OrderEvent {
  return {
    type: OrderEventTypes.CANCELLED,
    data: { from: order.status, by, reason, refunded, refundPending, at },
  };
}

function cancelReason(order: Order): string {
  return order.cancellation?.reason ?? 'cancelled';
}

function describe(capacity: string): string {
  switch (capacity) {
    case 'STAFF':
      return "the restaurant's staff";
    case 'COURIER':
      return 'the assigned courier';
    case 'SYSTEM':
      return 'the system (on payment)';
    default:
      return capacity.toLowerCase();
  }
}
