import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../contract.js';
import { SYSTEM_ACTOR, type Actor } from './actor.js';
import { OrderEventTypes } from './order-events.js';
import { awaitingRefund, type Order } from './order-state.js';
import {
  COURIER_ID,
  NOW,
  admin,
  courier,
  courierAssigned,
  customer,
  given,
  moved,
  orderAt,
  otherCourier,
  otherCustomer,
  otherStaff,
  paid,
  placed,
  restaurantAdmin,
  staff,
  when,
} from './order.test-support.js';

const change = (to: OrderStatus, actor: Actor, reason?: string) =>
  ({ type: 'ChangeStatus', to, actor, ...(reason === undefined ? {} : { reason }) }) as const;
const cancel = (actor: Actor, reason = 'changed my mind') =>
  ({ type: 'CancelOrder', actor, reason }) as const;
const success = { succeeded: true, paymentId: 'pay-1', status: 'CAPTURED' };
const declined = { succeeded: false, paymentId: 'pay-1', status: 'FAILED', failureCode: 'card_declined' };

describe('placing', () => {
  it('places a PENDING order and requests its payment', () => {
    const events = placed();
    expect(events.map((e) => e.type)).toEqual([OrderEventTypes.PLACED, OrderEventTypes.PAYMENT_REQUESTED]);
    expect(given(events)).toMatchObject({ status: 'PENDING', payment: { state: 'REQUESTED' } });
  });

  it('refuses to place an order twice', () => {
    expect(() => when(given(placed()), { type: 'PlaceOrder', order: given(placed()) as Order })).toThrowCode(
      'ORDERS.INVALID_ORDER_STATE',
    );
  });

  it('refuses any other command on an order that does not exist', () => {
    expect(() => when(null, change('PREPARING', staff))).toThrowCode('ORDERS.NOT_FOUND');
  });
});

describe('the payment step', () => {
  it('confirms a PENDING order on success, by the system', () => {
    const events = when(given(placed()), { type: 'RecordPaymentResult', result: success });
    expect(events.map((e) => e.type)).toEqual([
      OrderEventTypes.PAYMENT_SUCCEEDED,
      OrderEventTypes.STATUS_CHANGED,
    ]);
    expect(events[1]?.data).toMatchObject({ from: 'PENDING', to: 'CONFIRMED', by: { id: 'system' } });
  });

  it('cancels on a decline, with the reason', () => {
    const events = when(given(placed()), { type: 'RecordPaymentResult', result: declined });
    expect(events.map((e) => e.type)).toEqual([OrderEventTypes.PAYMENT_FAILED, OrderEventTypes.CANCELLED]);
    expect(events[1]?.data).toMatchObject({ reason: 'payment_declined: card_declined', refunded: false });
  });

  it('records the first outcome only', () => {
    const state = given(placed(), paid());
    expect(when(state, { type: 'RecordPaymentResult', result: success })).toEqual([]);
    expect(when(state, { type: 'RecordPaymentResult', result: declined })).toEqual([]);
  });

  it('records payments unreachable once, and keeps the order PENDING', () => {
    const events = when(given(placed()), { type: 'RecordPaymentPending', reason: 'payments_unreachable' });
    expect(events.map((e) => e.type)).toEqual([OrderEventTypes.PAYMENT_PENDING]);
    const state = given(placed(), events);
    expect(state?.status).toBe('PENDING');
    expect(when(state, { type: 'RecordPaymentPending', reason: 'again' })).toEqual([]);
  });

  it('on timeout, asks payments to release a card order first; cancels a cash one at once; leaves a paid one', () => {
    const events = when(given(placed()), { type: 'ExpirePayment' });
    expect(events).toMatchObject([
      {
        type: OrderEventTypes.CANCELLATION_REQUESTED,
        data: { reason: 'payment_timeout', by: { role: 'SYSTEM' } },
      },
    ]);
    const expiring = given(placed(), events) as Order;
    expect(expiring.status).toBe('PENDING');
    expect(awaitingRefund(expiring)).toBe(true);
    expect(when(expiring, { type: 'ExpirePayment' })).toEqual([]);
    const cash = when(given(placed({ paymentMethod: 'CASH' })), { type: 'ExpirePayment' });
    expect(cash[0]).toMatchObject({ type: OrderEventTypes.CANCELLED, data: { reason: 'payment_timeout' } });
    expect(when(given(placed(), paid()), { type: 'ExpirePayment' })).toEqual([]);
  });

  it('cancels a timed-out card order once payments has released it (a void: nothing refunded)', () => {
    const expiring = given(placed(), when(given(placed()), { type: 'ExpirePayment' }));
    const events = when(expiring, { type: 'RecordRefund', refundId: 'void-1', nothingToRefund: true });
    expect(events).toMatchObject([
      { type: OrderEventTypes.REFUND_COMPLETED },
      {
        type: OrderEventTypes.CANCELLED,
        data: { from: 'PENDING', reason: 'payment_timeout', refunded: false },
      },
    ]);
    expect(
      awaitingRefund(given(placed(), when(given(placed()), { type: 'ExpirePayment' }), events) as Order),
    ).toBe(false);
  });

  it('stays PENDING while payments cannot release a possible hold, recorded once', () => {
    const expiring = given(placed(), when(given(placed()), { type: 'ExpirePayment' }));
    const events = when(expiring, { type: 'RecordRefundPending', reason: 'payments_unreachable' });
    expect(events.map((e) => e.type)).toEqual([OrderEventTypes.REFUND_PENDING]);
    const waiting = given(placed(), when(given(placed()), { type: 'ExpirePayment' }), events) as Order;
    expect(waiting.status).toBe('PENDING');
    expect(awaitingRefund(waiting)).toBe(true);
    expect(when(waiting, { type: 'RecordRefundPending', reason: 'again' })).toEqual([]);
  });

  it('keeps a success that arrives while or after the order is cancelled, so that it is refunded', () => {
    const expiring = [...placed(), ...when(given(placed()), { type: 'ExpirePayment' })];
    const events = when(given(expiring), { type: 'RecordPaymentResult', result: success });
    expect(events).toMatchObject([
      { type: OrderEventTypes.PAYMENT_SUCCEEDED, data: { afterCancellation: true } },
    ]);
    const state = given(expiring, events) as Order;
    expect(state.status).toBe('PENDING');
    expect(awaitingRefund(state)).toBe(true);

    const cashCancelled = given(
      placed({ paymentMethod: 'CASH' }),
      when(given(placed({ paymentMethod: 'CASH' })), { type: 'ExpirePayment' }),
    );
    expect(when(cashCancelled, { type: 'RecordPaymentResult', result: success })).toMatchObject([
      { type: OrderEventTypes.PAYMENT_SUCCEEDED, data: { afterCancellation: true } },
    ]);
  });

  it('ignores a decline that arrives while the order is being cancelled: the release closes it', () => {
    const expiring = given(placed(), when(given(placed()), { type: 'ExpirePayment' }));
    expect(when(expiring, { type: 'RecordPaymentResult', result: declined })).toEqual([]);
  });
});

describe('status changes: every allowed transition', () => {
  const allowed: Array<[OrderStatus, OrderStatus, Actor, 'DELIVERY' | 'PICKUP']> = [
    ['CONFIRMED', 'PREPARING', staff, 'DELIVERY'],
    ['CONFIRMED', 'PREPARING', restaurantAdmin, 'PICKUP'],
    ['PREPARING', 'READY', staff, 'DELIVERY'],
    ['READY', 'PICKED_UP', staff, 'PICKUP'],
    ['READY', 'OUT_FOR_DELIVERY', courier, 'DELIVERY'],
    ['OUT_FOR_DELIVERY', 'DELIVERED', courier, 'DELIVERY'],
  ];
  it.each(allowed)('%s → %s by %j (%s)', (from, to, actor, fulfillment) => {
    const events = when(given(orderAt(from, fulfillment)), change(to, actor));
    expect(events).toEqual([
      {
        type: OrderEventTypes.STATUS_CHANGED,
        data: {
          from,
          to,
          by: {
            id: (actor as { userId: string }).userId,
            role: (actor as { roles: readonly string[] }).roles[0],
          },
          reason: null,
          at: NOW.toISOString(),
        },
      },
    ]);
  });
});

describe('status changes: refused', () => {
  const invalid: Array<[OrderStatus, OrderStatus, Actor, 'DELIVERY' | 'PICKUP']> = [
    ['CONFIRMED', 'DELIVERED', courier, 'DELIVERY'],
    ['CONFIRMED', 'READY', staff, 'DELIVERY'],
    ['PENDING', 'PREPARING', staff, 'DELIVERY'],
    ['READY', 'PICKED_UP', staff, 'DELIVERY'],
    ['READY', 'OUT_FOR_DELIVERY', courier, 'PICKUP'],
    ['DELIVERED', 'READY', staff, 'DELIVERY'],
    ['PREPARING', 'PREPARING', staff, 'DELIVERY'],
    ['PREPARING', 'CONFIRMED', staff, 'DELIVERY'],
  ];
  it.each(invalid)('%s → %s by %j (%s) is an invalid state', (from, to, actor, fulfillment) => {
    expect(() => when(given(orderAt(from, fulfillment)), change(to, actor))).toThrowCode(
      'ORDERS.INVALID_ORDER_STATE',
    );
  });

  const wrongActor: Array<[OrderStatus, OrderStatus, Actor]> = [
    ['CONFIRMED', 'PREPARING', customer],
    ['CONFIRMED', 'PREPARING', otherStaff],
    ['CONFIRMED', 'PREPARING', admin],
    ['CONFIRMED', 'PREPARING', courier],
    ['READY', 'OUT_FOR_DELIVERY', otherCourier],
    ['READY', 'OUT_FOR_DELIVERY', staff],
    ['OUT_FOR_DELIVERY', 'DELIVERED', customer],
    ['PENDING', 'CONFIRMED', staff],
  ];
  it.each(wrongActor)('%s → %s by %j is forbidden', (from, to, actor) => {
    expect(() => when(given(orderAt(from)), change(to, actor))).toThrowCode('ORDERS.FORBIDDEN_TRANSITION');
  });

  it('refuses a courier who is not yet assigned', () => {
    const state = given(placed(), paid(), moved('CONFIRMED', 'PREPARING'), moved('PREPARING', 'READY'));
    expect(() => when(state, change('OUT_FOR_DELIVERY', courier))).toThrowCode('ORDERS.FORBIDDEN_TRANSITION');
  });
});

describe('cancellation', () => {
  it('asks payments to release a PENDING card order first (it may hold an authorisation)', () => {
    const events = when(given(placed()), cancel(customer));
    expect(events).toMatchObject([
      { type: OrderEventTypes.CANCELLATION_REQUESTED, data: { by: { role: 'CUSTOMER' } } },
    ]);
  });

  it('cancels an unpaid PENDING cash order at once, for the customer', () => {
    const events = when(given(placed({ paymentMethod: 'CASH' })), cancel(customer));
    expect(events).toMatchObject([
      {
        type: OrderEventTypes.CANCELLED,
        data: { from: 'PENDING', by: { role: 'CUSTOMER' }, refunded: false, refundPending: false },
      },
    ]);
  });

  it('asks for a refund first when the order was paid', () => {
    const events = when(given(orderAt('CONFIRMED')), cancel(customer));
    expect(events.map((e) => e.type)).toEqual([OrderEventTypes.CANCELLATION_REQUESTED]);
    const state = given(orderAt('CONFIRMED'), events);
    expect(state?.status).toBe('CONFIRMED');
    const done = when(state, { type: 'RecordRefund', refundId: 'ref-1', nothingToRefund: false });
    expect(done.map((e) => e.type)).toEqual([OrderEventTypes.REFUND_COMPLETED, OrderEventTypes.CANCELLED]);
    expect(done[1]?.data).toMatchObject({ refunded: true, reason: 'changed my mind', from: 'CONFIRMED' });
    expect(given(orderAt('CONFIRMED'), events, done)).toMatchObject({ status: 'CANCELLED', refunded: true });
  });

  it('cancels with the refund pending when payments is unreachable, and completes it later', () => {
    const requested = when(given(orderAt('CONFIRMED')), cancel(customer));
    const pending = when(given(orderAt('CONFIRMED'), requested), {
      type: 'RecordRefundPending',
      reason: 'payments_unreachable',
    });
    expect(pending.map((e) => e.type)).toEqual([OrderEventTypes.REFUND_PENDING, OrderEventTypes.CANCELLED]);
    const state = given(orderAt('CONFIRMED'), requested, pending) as Order;
    expect(state).toMatchObject({ status: 'CANCELLED', refunded: false, refund: 'PENDING' });
    expect(awaitingRefund(state)).toBe(true);
    const later = when(state, { type: 'RecordRefund', refundId: 'ref-1', nothingToRefund: false });
    expect(later.map((e) => e.type)).toEqual([OrderEventTypes.REFUND_COMPLETED]);
    expect(given(orderAt('CONFIRMED'), requested, pending, later)).toMatchObject({ refunded: true });
    expect(
      when(given(orderAt('CONFIRMED'), requested, pending, later), {
        type: 'RecordRefund',
        refundId: 'x',
        nothingToRefund: false,
      }),
    ).toEqual([]);
  });

  it('cancels a cash order without a refund', () => {
    const state = given(placed({ paymentMethod: 'CASH' }), paid('CASH_ON_DELIVERY'));
    expect(when(state, cancel(customer)).map((e) => e.type)).toEqual([OrderEventTypes.CANCELLED]);
  });

  it('lets the restaurant reject a CONFIRMED or PREPARING order, not a READY one', () => {
    expect(when(given(orderAt('CONFIRMED')), cancel(staff, 'out of paneer'))[0]?.data).toMatchObject({
      by: { role: 'RESTAURANT_STAFF' },
    });
    expect(when(given(orderAt('PREPARING')), cancel(restaurantAdmin))).toHaveLength(1);
    expect(() => when(given(orderAt('READY')), cancel(staff))).toThrowCode('ORDERS.INVALID_ORDER_STATE');
  });

  it('refuses the customer once the order is PREPARING', () => {
    expect(() => when(given(orderAt('PREPARING')), cancel(customer))).toThrowCode(
      'ORDERS.INVALID_ORDER_STATE',
    );
  });

  it('lets an admin cancel any non-final order, and nobody a final one', () => {
    expect(when(given(orderAt('OUT_FOR_DELIVERY')), cancel(admin))).toHaveLength(1);
    expect(() => when(given(orderAt('DELIVERED')), cancel(admin))).toThrowCode('ORDERS.INVALID_ORDER_STATE');
    expect(() => when(given(orderAt('PICKED_UP', 'PICKUP')), cancel(SYSTEM_ACTOR))).toThrowCode(
      'ORDERS.INVALID_ORDER_STATE',
    );
  });

  it('refuses strangers and couriers', () => {
    expect(() => when(given(orderAt('CONFIRMED')), cancel(otherCustomer))).toThrowCode(
      'ORDERS.FORBIDDEN_TRANSITION',
    );
    expect(() => when(given(orderAt('CONFIRMED')), cancel(otherStaff))).toThrowCode(
      'ORDERS.FORBIDDEN_TRANSITION',
    );
    expect(() => when(given(orderAt('READY')), cancel(courier))).toThrowCode('ORDERS.FORBIDDEN_TRANSITION');
  });

  it('treats PUT status CANCELLED as a cancellation', () => {
    expect(when(given(placed()), change('CANCELLED', customer, 'too slow'))[0]?.data).toMatchObject({
      reason: 'too slow',
    });
  });

  it('refuses other changes while a refund is under way, and repeats of the request are no-ops', () => {
    const state = given(orderAt('CONFIRMED'), when(given(orderAt('CONFIRMED')), cancel(customer)));
    expect(() => when(state, change('PREPARING', staff))).toThrowCode('ORDERS.INVALID_ORDER_STATE');
    expect(when(state, cancel(customer))).toEqual([]);
  });
});

describe('courier assignment', () => {
  it('assigns a courier to a delivery order before it leaves, idempotently', () => {
    const events = when(given(placed(), paid()), { type: 'AssignCourier', courierId: COURIER_ID });
    expect(events).toEqual([courierAssigned()]);
    expect(when(given(placed(), paid(), events), { type: 'AssignCourier', courierId: COURIER_ID })).toEqual(
      [],
    );
  });

  it('refuses another courier, a pickup order and an order on its way', () => {
    const state = given(placed(), paid(), courierAssigned());
    expect(() => when(state, { type: 'AssignCourier', courierId: 'other' })).toThrowCode(
      'ORDERS.COURIER_ALREADY_ASSIGNED',
    );
    expect(() =>
      when(given(orderAt('READY', 'PICKUP')), { type: 'AssignCourier', courierId: COURIER_ID }),
    ).toThrowCode('ORDERS.INVALID_ORDER_STATE');
    const cancelled = given(placed(), when(given(placed()), cancel(customer)));
    expect(() => when(cancelled, { type: 'AssignCourier', courierId: COURIER_ID })).toThrowCode(
      'ORDERS.INVALID_ORDER_STATE',
    );
  });
});
