import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { systemClock } from '../../../platform/time/clock.js';
import { uuidV7Ids } from '../../../platform/time/ids.js';
import type { PaymentRefundedV1, PaymentProvider } from '../index.js';
import { createSandboxProvider } from '../index.js';
import {
  aCharge,
  createTestSql,
  startPayments,
  statusUpdated,
  type PaymentsHarness,
} from './payments-harness.js';

let sql: PgliteSql;
let h: PaymentsHarness;

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
afterEach(async () => {
  await h.close();
});

const refundRows = async (orderId: string) =>
  (await sql.query<Record<string, unknown>>('SELECT * FROM payments.refunds WHERE order_id = $1', [orderId]))
    .rows;
const statusOf = async (orderId: string) =>
  (await sql.query<{ status: string }>('SELECT status FROM payments.payments WHERE order_id = $1', [orderId]))
    .rows[0]?.status;
const refundEvents = async () => (await h.outbox()).filter((e) => e.type === 'PaymentRefunded');

describe('refund (the saga compensating a cancelled paid order)', () => {
  beforeEach(async () => {
    h = await startPayments(sql);
  });

  it('refunds a captured payment in full: REFUNDED, PaymentRefunded once, a second call returns the same refund', async () => {
    const input = aCharge();
    const paid = await h.client.charge(input);
    const refund = await h.client.refund({ orderId: input.orderId, reason: 'customer cancelled' });
    expect(refund).toEqual({
      paymentId: paid.paymentId,
      refundId: expect.any(String),
      orderId: input.orderId,
      amount: input.amount,
      nothingToRefund: false,
    });
    expect(await statusOf(input.orderId)).toBe('REFUNDED');
    expect(await refundRows(input.orderId)).toEqual([
      expect.objectContaining({
        status: 'REFUNDED',
        amount: 45_000,
        provider_refund_id: expect.stringMatching(/^re_/),
      }),
    ]);
    const events = await refundEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'payments',
      subject: input.orderId,
      data: {
        paymentId: paid.paymentId,
        refundId: refund.refundId,
        orderId: input.orderId,
        customerId: input.customerId,
        amount: input.amount,
        reason: 'customer cancelled',
      } satisfies PaymentRefundedV1,
    });

    expect(await h.client.refund({ orderId: input.orderId, reason: 'again' })).toEqual(refund);
    expect(h.calls.refund).toBe(1);
    expect(await refundEvents()).toHaveLength(1);
    // The charge still reads as it was: the saga's retried charge does not charge a refunded order again.
    expect(await h.client.charge(input)).toMatchObject({ paymentId: paid.paymentId, status: 'REFUNDED' });
    expect(h.calls.capture).toBe(1);
  });

  it('concurrent refunds of one order pay out once', async () => {
    const input = aCharge();
    await h.client.charge(input);
    const results = await Promise.all([
      h.client.refund({ orderId: input.orderId, reason: 'a' }),
      h.client.refund({ orderId: input.orderId, reason: 'b' }),
    ]);
    expect(results[1]).toEqual(results[0]);
    expect(h.calls.refund).toBe(1);
    expect(await refundEvents()).toHaveLength(1);
  });

  it.each([
    ['cash', aCharge({ payment: { method: 'CASH' } })],
    ['a declined card', aCharge({}, 'tok_chargeDeclined')],
  ])('%s: nothing to refund, no provider call, no event, the same answer twice', async (_what, input) => {
    await h.client.charge(input);
    const eventsBefore = (await h.outbox()).length;
    const result = await h.client.refund({ orderId: input.orderId, reason: 'cancelled' });
    expect(result).toMatchObject({
      orderId: input.orderId,
      nothingToRefund: true,
      amount: { amount: 0, currency: 'INR' },
    });
    expect(await h.client.refund({ orderId: input.orderId, reason: 'cancelled' })).toEqual(result);
    expect(h.calls.refund).toBe(0);
    expect(await h.outbox()).toHaveLength(eventsBefore);
  });

  it('no payment at all: nothing to refund, and the order is closed to a late charge', async () => {
    const input = aCharge();
    const result = await h.client.refund({ orderId: input.orderId, reason: 'cancelled before paying' });
    expect(result).toMatchObject({ paymentId: '', nothingToRefund: true });
    await expect(h.client.charge(input)).rejects.toMatchObject({ code: 'PAYMENTS.ORDER_CLOSED' });
    expect(h.calls.authorize).toBe(0);
    expect(await h.outbox()).toEqual([]);
  });

  it('a timed-out charge then a cancellation: nothing to refund, and the saga cannot charge it afterwards', async () => {
    const input = aCharge({}, 'tok_timeout');
    await expect(h.client.charge(input)).rejects.toMatchObject({ code: 'PAYMENTS.PROVIDER_TIMEOUT' });
    expect(await h.client.refund({ orderId: input.orderId, reason: 'payment timeout' })).toMatchObject({
      nothingToRefund: true,
    });
    await expect(
      h.client.charge({ ...input, payment: { method: 'CARD', token: 'tok_visa' } }),
    ).rejects.toMatchObject({
      code: 'PAYMENTS.ORDER_CLOSED',
    });
  });

  it.each([
    ['a missing reason', { orderId: crypto.randomUUID() }],
    ['an empty reason', { orderId: crypto.randomUUID(), reason: '' }],
    ['an order id that is not a uuid', { orderId: '42', reason: 'x' }],
  ])('refuses %s with COMMON.VALIDATION_FAILED', async (_what, input) => {
    await expect(h.client.refund(input as never)).rejects.toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
    expect((await sql.query('SELECT 1 FROM payments.refunds')).rows).toEqual([]);
  });
});

describe('refund: the provider times out', () => {
  it('503 PAYMENTS.PROVIDER_TIMEOUT, nothing written; the retry refunds once', async () => {
    const sandbox = createSandboxProvider({ sql, ids: uuidV7Ids, clock: systemClock });
    let hang = 1;
    const slowRefunds: PaymentProvider = {
      authorize: (input) => sandbox.authorize(input),
      capture: (input) => sandbox.capture(input),
      voidAuthorization: (input) => sandbox.voidAuthorization(input),
      findAuthorization: (input) => sandbox.findAuthorization(input),
      async refund(input) {
        const answer = await sandbox.refund(input);
        if (hang-- > 0) return new Promise<never>(() => undefined);
        return answer;
      },
    };
    h = await startPayments(sql, { inner: slowRefunds });
    const input = aCharge();
    await h.client.charge(input);
    await expect(h.client.refund({ orderId: input.orderId, reason: 'x' })).rejects.toMatchObject({
      code: 'PAYMENTS.PROVIDER_TIMEOUT',
    });
    expect(await refundRows(input.orderId)).toEqual([]);
    expect(await statusOf(input.orderId)).toBe('CAPTURED');
    const refund = await h.client.refund({ orderId: input.orderId, reason: 'x' });
    expect(refund.nothingToRefund).toBe(false);
    expect(await refundRows(input.orderId)).toHaveLength(1);
    expect(await refundEvents()).toHaveLength(1);
  });
});

describe('refund: the provider is called outside any transaction', () => {
  it('leaves the embedded store free while the provider works, from the client call and from the consumer', async () => {
    const sandbox = createSandboxProvider({ sql, ids: uuidV7Ids, clock: systemClock });
    const probes: string[] = [];
    // A provider that uses the store while it works: inside a transaction of the same connection, the SQL
    // port refuses the call (SQL.CALL_INSIDE_TRANSACTION), so this fails if the refund holds one open.
    const probing: PaymentProvider = {
      authorize: (input) => sandbox.authorize(input),
      capture: (input) => sandbox.capture(input),
      voidAuthorization: (input) => sandbox.voidAuthorization(input),
      findAuthorization: (input) => sandbox.findAuthorization(input),
      async refund(input) {
        await sql.query('SELECT 1');
        probes.push(input.idempotencyKey);
        return sandbox.refund(input);
      },
    };
    h = await startPayments(sql, { inner: probing });
    const bySaga = aCharge();
    await h.client.charge(bySaga);
    expect((await h.client.refund({ orderId: bySaga.orderId, reason: 'x' })).nothingToRefund).toBe(false);

    const byConsumer = aCharge();
    await h.client.charge(byConsumer);
    const cancelled = statusUpdated(h, {
      orderId: byConsumer.orderId,
      customerId: byConsumer.customerId,
      status: 'CANCELLED',
    });
    expect(await h.cancellations.deliver(cancelled)).toBe('applied');
    expect(probes).toHaveLength(2);
    expect(await statusOf(byConsumer.orderId)).toBe('REFUNDED');
    expect(await refundEvents()).toHaveLength(2);
  });
});

describe('the OrderStatusUpdated consumer', () => {
  beforeEach(async () => {
    h = await startPayments(sql);
  });

  it('refunds a paid order on CANCELLED even without the saga; fed twice, it refunds once', async () => {
    const input = aCharge();
    const paid = await h.client.charge(input);
    const cancelled = statusUpdated(h, {
      orderId: input.orderId,
      customerId: input.customerId,
      status: 'CANCELLED',
    });
    expect(await h.cancellations.deliver(cancelled)).toBe('applied');
    expect(await h.cancellations.deliver(cancelled)).toBe('duplicate');
    expect(h.calls.refund).toBe(1);
    expect(await statusOf(input.orderId)).toBe('REFUNDED');
    const events = await refundEvents();
    expect(events).toHaveLength(1);
    // The refund joins the cancellation's flow.
    expect(events[0]).toMatchObject({
      correlationId: cancelled.correlationId,
      causationId: cancelled.id,
      data: { paymentId: paid.paymentId, reason: 'changed my mind' },
    });
    // The saga's own refund call afterwards gets the same refund.
    const bySaga = await h.client.refund({ orderId: input.orderId, reason: 'saga' });
    expect(bySaga.refundId).toBe((events[0]?.data as PaymentRefundedV1).refundId);
    expect(h.calls.refund).toBe(1);
  });

  it('after the saga refunded, the cancellation changes nothing', async () => {
    const input = aCharge();
    await h.client.charge(input);
    await h.client.refund({ orderId: input.orderId, reason: 'saga' });
    const cancelled = statusUpdated(h, {
      orderId: input.orderId,
      customerId: input.customerId,
      status: 'CANCELLED',
    });
    expect(await h.cancellations.deliver(cancelled)).toBe('applied');
    expect(await h.cancellations.deliver(cancelled)).toBe('duplicate');
    expect(h.calls.refund).toBe(1);
    expect(await refundEvents()).toHaveLength(1);
  });

  it('ignores every other status', async () => {
    const input = aCharge();
    await h.client.charge(input);
    const preparing = statusUpdated(h, {
      orderId: input.orderId,
      customerId: input.customerId,
      status: 'PREPARING',
    });
    expect(await h.cancellations.deliver(preparing)).toBe('applied');
    expect(await h.cancellations.deliver(preparing)).toBe('duplicate');
    expect(await statusOf(input.orderId)).toBe('CAPTURED');
    expect(await refundRows(input.orderId)).toEqual([]);
  });

  it('a cancellation arriving through the bus is processed (the consumer is subscribed)', async () => {
    const input = aCharge();
    await h.client.charge(input);
    const cancelled = statusUpdated(h, {
      orderId: input.orderId,
      customerId: input.customerId,
      status: 'CANCELLED',
    });
    await h.bus.publish(cancelled);
    await h.cancellations.whenProcessed(cancelled.id);
    expect(await statusOf(input.orderId)).toBe('REFUNDED');
    expect(await h.cancellations.deliver(cancelled)).toBe('duplicate');
    expect(h.calls.refund).toBe(1);
  });
});
