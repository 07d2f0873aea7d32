import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { systemClock } from '../../../platform/time/clock.js';
import { uuidV7Ids } from '../../../platform/time/ids.js';
import { createSandboxProvider, type PaymentProvider } from '../index.js';
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

const paymentOf = async (orderId: string) =>
  (
    await sql.query<{ status: string; failure_code: string | null }>(
      'SELECT status, failure_code FROM payments.payments WHERE order_id = $1',
      [orderId],
    )
  ).rows[0];
const refundRows = async (orderId: string) =>
  (
    await sql.query<{ status: string; provider_refund_id: string | null }>(
      'SELECT status, provider_refund_id FROM payments.refunds WHERE order_id = $1',
      [orderId],
    )
  ).rows;
const holds = async () =>
  (
    await sql.query<{ capture_id: string | null; void_id: string | null }>(
      'SELECT capture_id, void_id FROM payments.sandbox_authorizations',
    )
  ).rows;
const eventTypes = async () =>
  (await h.outbox()).map((e) => `${e.type}:${String((e.data as { succeeded?: boolean }).succeeded ?? '')}`);

/** A charge left AUTHORIZED: the sandbox's first capture of this token never answers (50 ms timeout). */
async function authorisedOnly(): Promise<ReturnType<typeof aCharge>> {
  const input = aCharge({}, 'tok_captureHangsOnce');
  await expect(h.client.charge(input)).rejects.toMatchObject({ code: 'PAYMENTS.PROVIDER_TIMEOUT' });
  expect(await paymentOf(input.orderId)).toMatchObject({ status: 'AUTHORIZED' });
  return input;
}

describe('releasing the hold of an order cancelled between authorise and capture', () => {
  it('refund voids an AUTHORIZED payment: VOIDED, the hold released, nothing to refund, no later capture', async () => {
    h = await startPayments(sql);
    const input = await authorisedOnly();

    const released = await h.client.refund({ orderId: input.orderId, reason: 'payment_timeout' });
    expect(released).toMatchObject({ orderId: input.orderId, nothingToRefund: true });
    expect(await paymentOf(input.orderId)).toEqual({
      status: 'VOIDED',
      failure_code: 'authorization_voided',
    });
    expect(await refundRows(input.orderId)).toEqual([
      { status: 'VOIDED', provider_refund_id: expect.stringMatching(/^void_/) },
    ]);
    expect(await holds()).toEqual([{ capture_id: null, void_id: expect.stringMatching(/^void_/) }]);
    // Idempotent, and closed: a repeated refund answers the same, a late charge captures nothing.
    expect(await h.client.refund({ orderId: input.orderId, reason: 'again' })).toEqual(released);
    expect(await h.client.charge(input)).toMatchObject({
      succeeded: false,
      failureCode: 'authorization_voided',
    });
    expect(h.calls).toMatchObject({ capture: 1, void: 1, refund: 0 });
    expect(await eventTypes()).toEqual([]);
  });

  it("payments' own consumer of a cancellation voids the hold too (not NOTHING_TO_REFUND)", async () => {
    h = await startPayments(sql);
    const input = await authorisedOnly();
    const cancelled = statusUpdated(h, {
      orderId: input.orderId,
      customerId: input.customerId,
      status: 'CANCELLED',
      previous: 'PENDING',
    });
    expect(await h.cancellations.deliver(cancelled)).toBe('applied');
    expect(await paymentOf(input.orderId)).toMatchObject({ status: 'VOIDED' });
    expect(await refundRows(input.orderId)).toEqual([expect.objectContaining({ status: 'VOIDED' })]);
  });

  it('a void refused because the hold was captured (the answer lost) records the capture and refunds it', async () => {
    h = await startPayments(sql, { hangCapture: 1 });
    const input = aCharge();
    await expect(h.client.charge(input)).rejects.toMatchObject({ code: 'PAYMENTS.PROVIDER_TIMEOUT' });
    expect(await paymentOf(input.orderId)).toMatchObject({ status: 'AUTHORIZED' });

    const released = await h.client.refund({ orderId: input.orderId, reason: 'cancelled' });
    expect(released).toMatchObject({ nothingToRefund: false, amount: input.amount });
    expect(await paymentOf(input.orderId)).toMatchObject({ status: 'REFUNDED' });
    expect(await refundRows(input.orderId)).toEqual([expect.objectContaining({ status: 'REFUNDED' })]);
    // The capture is published (the order learns money was taken), then its refund.
    expect(await eventTypes()).toEqual(['PaymentProcessed:true', 'PaymentRefunded:']);
  });

  it('an authorise whose answer was lost: the release asks the provider, finds the hold and voids it', async () => {
    h = await startPayments(sql, { hangAuthorize: 1 });
    const input = aCharge();
    await expect(h.client.charge(input)).rejects.toMatchObject({ code: 'PAYMENTS.PROVIDER_TIMEOUT' });
    // Payments never heard of the hold; the provider made it all the same.
    expect(await paymentOf(input.orderId)).toMatchObject({
      status: 'FAILED',
      failure_code: 'provider_timeout',
    });
    expect(await holds()).toEqual([{ capture_id: null, void_id: null }]);

    expect(await h.client.refund({ orderId: input.orderId, reason: 'x' })).toMatchObject({
      nothingToRefund: true,
    });
    expect(await paymentOf(input.orderId)).toMatchObject({ status: 'VOIDED' });
    expect(await holds()).toEqual([{ capture_id: null, void_id: expect.stringMatching(/^void_/) }]);
    expect(await refundRows(input.orderId)).toEqual([expect.objectContaining({ status: 'VOIDED' })]);
  });

  it('an authorise that never reached the provider: nothing held, closed with nothing to refund', async () => {
    h = await startPayments(sql);
    const input = aCharge({}, 'tok_timeout');
    await expect(h.client.charge(input)).rejects.toMatchObject({ code: 'PAYMENTS.PROVIDER_TIMEOUT' });
    expect(await h.client.refund({ orderId: input.orderId, reason: 'x' })).toMatchObject({
      nothingToRefund: true,
    });
    expect(await refundRows(input.orderId)).toEqual([
      { status: 'NOTHING_TO_REFUND', provider_refund_id: null },
    ]);
    expect(h.calls.void).toBe(0);
  });

  it('a provider outage during the void: 503 PROVIDER_UNAVAILABLE, the payment still AUTHORIZED; the retry voids', async () => {
    const sandbox = createSandboxProvider({ sql, ids: uuidV7Ids, clock: systemClock });
    let down = true;
    const flaky: PaymentProvider = {
      authorize: (input) => sandbox.authorize(input),
      capture: (input) => sandbox.capture(input),
      refund: (input) => sandbox.refund(input),
      findAuthorization: (input) => sandbox.findAuthorization(input),
      async voidAuthorization(input) {
        if (down) throw new Error('provider down');
        return sandbox.voidAuthorization(input);
      },
    };
    h = await startPayments(sql, { inner: flaky });
    const input = await authorisedOnly();
    await expect(h.client.refund({ orderId: input.orderId, reason: 'x' })).rejects.toMatchObject({
      code: 'PAYMENTS.PROVIDER_UNAVAILABLE',
    });
    expect(await paymentOf(input.orderId)).toMatchObject({ status: 'AUTHORIZED' });
    expect(await refundRows(input.orderId)).toEqual([]);
    down = false;
    expect(await h.client.refund({ orderId: input.orderId, reason: 'x' })).toMatchObject({
      nothingToRefund: true,
    });
    expect(await paymentOf(input.orderId)).toMatchObject({ status: 'VOIDED' });
  });
});
