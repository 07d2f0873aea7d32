import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { OrderStatusUpdatedV1, OrderView, TimelineView } from '../index.js';
import { codeOf, createTestSql, startOrders, viewOf, type OrdersHarness } from './orders-harness.js';

let sql: PgliteSql;
let h: OrdersHarness;
beforeAll(async () => {
  sql = await createTestSql();
  h = await startOrders(sql);
});
afterAll(async () => {
  await h.close();
  await sql.close();
});
beforeEach(async () => {
  await h.reset();
});

const detail = async (orderId: string) => viewOf(await h.get(`/api/orders/${orderId}`, h.people.admin.token));
const timelineTypes = async (orderId: string) =>
  (await h.get(`/api/orders/${orderId}/timeline`, h.people.customer.token))
    .json<TimelineView>()
    .entries.map((e) => e.type);
const statusUpdates = async (orderId: string) =>
  (await h.outbox(orderId))
    .filter((e) => e.type === 'OrderStatusUpdated')
    .map((e) => e.data as OrderStatusUpdatedV1);

describe('payment outcomes', () => {
  it('cancels a declined order with the reason and answers 402 naming it', async () => {
    h.payments.mode = 'decline';
    const response = await h.place();
    expect(response.statusCode).toBe(402);
    const body = response.json<{ code: string; details: { orderId: string; reason: string } }>();
    expect(body.code).toBe('ORDERS.PAYMENT_DECLINED');
    expect(body.details.reason).toBe('payment_declined: card_declined');
    const order = await detail(body.details.orderId);
    expect(order).toMatchObject({
      status: 'CANCELLED',
      payment: { state: 'FAILED', failureCode: 'card_declined' },
      cancellation: { reason: 'payment_declined: card_declined', by: { id: 'system' }, completed: true },
      refunded: false,
    });
    expect(await timelineTypes(order.orderId)).toEqual([
      'ORDER_PLACED',
      'PAYMENT_REQUESTED',
      'PAYMENT_FAILED',
      'ORDER_CANCELLED',
    ]);
    expect((await statusUpdates(order.orderId)).map((u) => [u.previousStatus, u.status, u.reason])).toEqual([
      ['PENDING', 'CANCELLED', 'payment_declined: card_declined'],
    ]);
  });

  it('answers 202 PENDING when payments is unreachable, and confirms once PaymentProcessed arrives (fed twice)', async () => {
    h.payments.mode = 'unreachable';
    const response = await h.place();
    expect(response.statusCode).toBe(202);
    const order = viewOf(response);
    expect(order).toMatchObject({ status: 'PENDING', payment: { state: 'PENDING' } });
    expect(await timelineTypes(order.orderId)).toEqual([
      'ORDER_PLACED',
      'PAYMENT_REQUESTED',
      'PAYMENT_PENDING',
    ]);

    const outcomes = await h.feedTwice(
      'payment-outcomes',
      h.paymentProcessed(order.orderId, order.customerId, true),
    );
    expect(outcomes).toEqual(['applied', 'duplicate']);
    expect(await detail(order.orderId)).toMatchObject({
      status: 'CONFIRMED',
      payment: { state: 'SUCCEEDED' },
    });
    const updates = await statusUpdates(order.orderId);
    expect(updates.map((u) => [u.previousStatus, u.status])).toEqual([['PENDING', 'CONFIRMED']]);
    // A second, distinct event with the same outcome changes nothing either.
    await h.feedTwice('payment-outcomes', h.paymentProcessed(order.orderId, order.customerId, true));
    expect(await statusUpdates(order.orderId)).toHaveLength(1);
  });

  it('cancels a pending order when the late PaymentProcessed says it failed', async () => {
    h.payments.mode = 'timeout';
    const order = viewOf(await h.place());
    expect(order.status).toBe('PENDING');
    await h.feedTwice('payment-outcomes', h.paymentProcessed(order.orderId, order.customerId, false));
    expect(await detail(order.orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellation: { reason: 'payment_declined: insufficient_funds' },
    });
  });

  it('retries the charge from the sweeper; past the timeout, has payments release it and cancels with payment_timeout', async () => {
    h.payments.mode = 'unreachable';
    const stays = viewOf(await h.place());
    h.clock.advance(60_000);
    expect(await h.orders.sweepOnce()).toMatchObject({ examined: 1, stillPending: 1 });
    expect((await detail(stays.orderId)).status).toBe('PENDING');

    h.clock.advance(10 * 60_000);
    expect(await h.orders.sweepOnce()).toMatchObject({ examined: 1, cancelled: 1 });
    expect(await detail(stays.orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellation: { reason: 'payment_timeout', by: { id: 'system', role: 'SYSTEM' } },
      refunded: false,
    });
    // No charge once the timeout has passed: payments is asked to release (void, refund or close) instead.
    expect(h.payments.chargeCalls).toHaveLength(2);
    expect(h.payments.refundCalls).toEqual([{ orderId: stays.orderId, reason: 'payment_timeout' }]);
    expect((await statusUpdates(stays.orderId)).map((u) => u.reason)).toEqual(['payment_timeout']);
    expect(await h.orders.sweepOnce()).toMatchObject({ examined: 0 });
  });

  it.each(['provider-unavailable', 'charge-in-progress'] as const)(
    'answers 202 and keeps the order PENDING when payments says %s, then confirms from the sweeper',
    async (mode) => {
      h.payments.mode = mode;
      const response = await h.place();
      expect(response.statusCode).toBe(202);
      const order = viewOf(response);
      expect(order).toMatchObject({ status: 'PENDING', payment: { state: 'PENDING' } });
      expect(await h.orders.sweepOnce()).toMatchObject({ stillPending: 1 });
      h.payments.mode = 'succeed';
      expect(await h.orders.sweepOnce()).toMatchObject({ confirmed: 1 });
      expect(await detail(order.orderId)).toMatchObject({
        status: 'CONFIRMED',
        payment: { state: 'SUCCEEDED' },
      });
    },
  );

  it('past the timeout with payments unreachable, stays PENDING (a hold may exist) until payments releases it', async () => {
    h.payments.mode = 'unreachable';
    h.payments.refundMode = 'unreachable';
    const order = viewOf(await h.place());
    h.clock.advance(11 * 60_000);
    expect(await h.orders.sweepOnce()).toMatchObject({ stillPending: 1 });
    expect(await h.orders.sweepOnce()).toMatchObject({ stillPending: 1 });
    expect(await detail(order.orderId)).toMatchObject({ status: 'PENDING' });
    expect(await timelineTypes(order.orderId)).toEqual([
      'ORDER_PLACED',
      'PAYMENT_REQUESTED',
      'PAYMENT_PENDING',
      'CANCELLATION_REQUESTED',
      'REFUND_PENDING',
    ]);
    h.payments.refundMode = 'succeed';
    expect(await h.orders.sweepOnce()).toMatchObject({ examined: 1 });
    expect(await detail(order.orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellation: { reason: 'payment_timeout' },
      refunded: false,
    });
    expect(h.payments.chargeCalls).toHaveLength(1);
    expect(await h.orders.sweepOnce()).toMatchObject({ examined: 0 });
  });

  it('confirms from the sweeper once payments is back', async () => {
    h.payments.mode = 'unreachable';
    const order = viewOf(await h.place());
    h.payments.mode = 'succeed';
    expect(await h.orders.sweepOnce()).toMatchObject({ confirmed: 1 });
    expect((await detail(order.orderId)).status).toBe('CONFIRMED');
    expect(h.payments.successfulCharges.get(order.orderId)).toBe(1);
  });
});

describe('cancellation and its compensation', () => {
  it('refunds a paid order the customer cancels, once, and shows refunded: true', async () => {
    const order = viewOf(await h.place());
    const response = await h.request({
      method: 'POST',
      url: `/api/orders/${order.orderId}/cancel`,
      token: h.people.customer.token,
      payload: { reason: 'changed my mind' },
    });
    expect(response.statusCode).toBe(200);
    expect(viewOf(response)).toMatchObject({
      status: 'CANCELLED',
      refunded: true,
      refundPending: false,
      cancellation: { reason: 'changed my mind', by: { role: 'CUSTOMER' } },
    });
    expect(h.payments.refundCalls).toEqual([{ orderId: order.orderId, reason: 'changed my mind' }]);
    expect(await timelineTypes(order.orderId)).toEqual([
      'ORDER_PLACED',
      'PAYMENT_REQUESTED',
      'PAYMENT_SUCCEEDED',
      'STATUS_CHANGED',
      'CANCELLATION_REQUESTED',
      'REFUND_COMPLETED',
      'ORDER_CANCELLED',
    ]);
    const last = (await statusUpdates(order.orderId)).at(-1);
    expect(last).toMatchObject({ previousStatus: 'CONFIRMED', status: 'CANCELLED', refunded: true });
    // PaymentRefunded from payments' own consumer arrives later: nothing changes.
    await h.feedTwice('payment-refunds', h.paymentRefunded(order.orderId, order.customerId));
    expect(await timelineTypes(order.orderId)).toHaveLength(7);
    const again = await h.request({
      method: 'POST',
      url: `/api/orders/${order.orderId}/cancel`,
      token: h.people.customer.token,
      payload: { reason: 'again' },
    });
    expect([again.statusCode, codeOf(again)]).toEqual([409, 'ORDERS.INVALID_ORDER_STATE']);
    expect(h.payments.refundCalls).toHaveLength(1);
  });

  it('lets the restaurant reject a PREPARING order, with the refund', async () => {
    const order = viewOf(await h.place());
    await h.setStatus(order.orderId, h.people.staffA.token, 'PREPARING');
    const response = await h.setStatus(
      order.orderId,
      h.people.staffA.token,
      'CANCELLED',
      'out of dosa batter',
    );
    expect(viewOf(response)).toMatchObject({
      status: 'CANCELLED',
      refunded: true,
      cancellation: {
        reason: 'out of dosa batter',
        by: { id: h.people.staffA.id, role: 'RESTAURANT_STAFF' },
      },
    });
    expect(h.payments.refundCalls).toHaveLength(1);
  });

  it('refuses the customer once the order is PREPARING (409), and refunds nothing', async () => {
    const order = viewOf(await h.place());
    await h.setStatus(order.orderId, h.people.staffA.token, 'PREPARING');
    const response = await h.request({
      method: 'POST',
      url: `/api/orders/${order.orderId}/cancel`,
      token: h.people.customer.token,
      payload: { reason: 'too slow' },
    });
    expect([response.statusCode, codeOf(response)]).toEqual([409, 'ORDERS.INVALID_ORDER_STATE']);
    expect(h.payments.refundCalls).toHaveLength(0);
    expect((await detail(order.orderId)).status).toBe('PREPARING');
  });

  it('cancels with the refund pending when payments is unreachable; PaymentRefunded completes it', async () => {
    const order = viewOf(await h.place());
    h.payments.refundMode = 'unreachable';
    const response = await h.request({
      method: 'POST',
      url: `/api/orders/${order.orderId}/cancel`,
      token: h.people.admin.token,
      payload: { reason: 'fraud check' },
    });
    expect(viewOf(response)).toMatchObject({ status: 'CANCELLED', refunded: false, refundPending: true });
    expect((await statusUpdates(order.orderId)).at(-1)).toMatchObject({
      status: 'CANCELLED',
      refunded: false,
    });

    const outcomes = await h.feedTwice('payment-refunds', h.paymentRefunded(order.orderId, order.customerId));
    expect(outcomes).toEqual(['applied', 'duplicate']);
    const done: OrderView = await detail(order.orderId);
    expect(done).toMatchObject({ status: 'CANCELLED', refunded: true, refundPending: false });
    expect((await timelineTypes(order.orderId)).slice(-4)).toEqual([
      'CANCELLATION_REQUESTED',
      'REFUND_PENDING',
      'ORDER_CANCELLED',
      'REFUND_COMPLETED',
    ]);
  });

  it('has the sweeper retry a pending refund', async () => {
    const order = viewOf(await h.place());
    h.payments.refundMode = 'unreachable';
    await h.request({
      method: 'POST',
      url: `/api/orders/${order.orderId}/cancel`,
      token: h.people.customer.token,
      payload: { reason: 'oops' },
    });
    h.payments.refundMode = 'succeed';
    expect(await h.orders.sweepOnce()).toMatchObject({ refunded: 1 });
    expect(await detail(order.orderId)).toMatchObject({ refunded: true, refundPending: false });
  });

  it('cancels an unpaid PENDING card order once payments has closed it, with nothing refunded', async () => {
    h.payments.mode = 'unreachable';
    const order = viewOf(await h.place());
    const response = await h.request({
      method: 'POST',
      url: `/api/orders/${order.orderId}/cancel`,
      token: h.people.customer.token,
      payload: { reason: 'never mind' },
    });
    expect(viewOf(response)).toMatchObject({ status: 'CANCELLED', refunded: false, refundPending: false });
    // The payment's outcome is unknown: it may be a hold, so payments releases it before the cancellation.
    expect(h.payments.refundCalls).toEqual([{ orderId: order.orderId, reason: 'never mind' }]);
  });
});
