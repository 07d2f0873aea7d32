import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { ChargeResult, PaymentProcessedV1 } from '../index.js';
import {
  aCharge,
  createTestSql,
  everyPaymentsRow,
  startPayments,
  type PaymentsHarness,
} from './payments-harness.js';
import { paymentsRepo } from '../adapters/payments.sql.js';

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

const rowOf = async (orderId: string) =>
  (await sql.query<Record<string, unknown>>('SELECT * FROM payments.payments WHERE order_id = $1', [orderId]))
    .rows;
const providerCalls = async (paymentId: string) =>
  (
    await sql.query<{ step: string; outcome: string; detail: string | null }>(
      'SELECT step, outcome, detail FROM payments.provider_calls WHERE payment_id = $1 ORDER BY at, step',
      [paymentId],
    )
  ).rows;

describe('charge: the sandbox tokens', () => {
  beforeEach(async () => {
    h = await startPayments(sql);
  });

  it.each([
    ['tok_visa', 'Visa', '4242'],
    ['tok_mastercard', 'Mastercard', '4444'],
  ])(
    '%s authorises then captures, records both steps and publishes PaymentProcessed once',
    async (token, brand, last4) => {
      const input = aCharge({}, token);
      const result = await h.client.charge(input);
      expect(result).toEqual<ChargeResult>({
        paymentId: expect.any(String),
        orderId: input.orderId,
        succeeded: true,
        status: 'CAPTURED',
        card: { brand, last4 },
      });
      expect(h.calls).toEqual({ authorize: 1, capture: 1, refund: 0, void: 0 });
      expect(await providerCalls(result.paymentId)).toEqual([
        { step: 'AUTHORIZE', outcome: 'SUCCEEDED', detail: null },
        { step: 'CAPTURE', outcome: 'SUCCEEDED', detail: null },
      ]);
      const [row] = await rowOf(input.orderId);
      expect(row).toMatchObject({ status: 'CAPTURED', card_brand: brand, card_last4: last4, amount: 45_000 });
      expect(row?.capture_id).toEqual(expect.stringMatching(/^cap_/));

      const events = await h.outbox();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'PaymentProcessed',
        version: 1,
        source: 'payments',
        subject: input.orderId,
        data: {
          paymentId: result.paymentId,
          orderId: input.orderId,
          customerId: input.customerId,
          succeeded: true,
          status: 'CAPTURED',
          method: 'CARD',
          amount: input.amount,
          card: { brand, last4 },
        } satisfies PaymentProcessedV1,
      });
    },
  );

  it.each([
    ['tok_chargeDeclined', 'card_declined'],
    ['tok_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
    ['tok_unknown_to_the_sandbox', 'invalid_token'],
  ])(
    '%s is declined (%s): FAILED, never captured, PaymentProcessed with succeeded false',
    async (token, code) => {
      const input = aCharge({}, token);
      const result = await h.client.charge(input);
      expect(result).toMatchObject({ succeeded: false, status: 'FAILED', failureCode: code });
      expect(result.failureMessage).toEqual(expect.any(String));
      expect(h.calls).toEqual({ authorize: 1, capture: 0, refund: 0, void: 0 });
      expect(await providerCalls(result.paymentId)).toEqual([
        { step: 'AUTHORIZE', outcome: 'DECLINED', detail: code },
      ]);
      const events = await h.outbox();
      expect(events.map((e) => e.data)).toEqual([
        expect.objectContaining({ succeeded: false, status: 'FAILED', failureCode: code, method: 'CARD' }),
      ]);
      // A decline is final: asking again returns it without asking the provider.
      expect(await h.client.charge(input)).toEqual(result);
      expect(h.calls.authorize).toBe(1);
      expect(await h.outbox()).toHaveLength(1);
    },
  );

  it('tok_timeout: 503 PAYMENTS.PROVIDER_TIMEOUT, the attempt recorded as a timeout, no event, and a retry is safe', async () => {
    const input = aCharge({}, 'tok_timeout');
    await expect(h.client.charge(input)).rejects.toMatchObject({
      code: 'PAYMENTS.PROVIDER_TIMEOUT',
      details: { orderId: input.orderId, step: 'AUTHORIZE', retryable: true },
    });
    const [row] = await rowOf(input.orderId);
    expect(row).toMatchObject({
      status: 'FAILED',
      failure_code: 'provider_timeout',
      claim_id: null,
      attempts: 1,
    });
    expect(await providerCalls(row?.id as string)).toEqual([
      { step: 'AUTHORIZE', outcome: 'TIMEOUT', detail: 'provider_timeout' },
    ]);
    expect(await h.outbox()).toEqual([]);

    // The saga retries (here with a card that answers): the same payment goes on to capture.
    const retried = await h.client.charge({ ...input, payment: { method: 'CARD', token: 'tok_visa' } });
    expect(retried).toMatchObject({ paymentId: row?.id, succeeded: true, status: 'CAPTURED' });
    expect((await rowOf(input.orderId))[0]).toMatchObject({ attempts: 2, failure_code: null });
    expect(await h.outbox()).toHaveLength(1);
  });

  it('CASH: CASH_ON_DELIVERY, succeeded, nothing sent to the provider, PaymentProcessed once', async () => {
    const input = aCharge({ payment: { method: 'CASH' } });
    const result = await h.client.charge(input);
    expect(result).toEqual({
      paymentId: expect.any(String),
      orderId: input.orderId,
      succeeded: true,
      status: 'CASH_ON_DELIVERY',
    });
    expect(await h.client.charge(input)).toEqual(result);
    expect(h.calls).toEqual({ authorize: 0, capture: 0, refund: 0, void: 0 });
    const events = await h.outbox();
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({
        succeeded: true,
        status: 'CASH_ON_DELIVERY',
        method: 'CASH',
        amount: input.amount,
      }),
    ]);
  });
});

describe('charge: idempotent by order id', () => {
  beforeEach(async () => {
    h = await startPayments(sql);
  });

  it('records a provider call only with the update it belongs to: none when another call holds the claim', async () => {
    const { paymentId } = await h.client.charge(aCharge({}, 'tok_visa'));
    const before = await providerCalls(paymentId);
    const refused = await paymentsRepo(sql).update(
      paymentId,
      '0190c000-0000-7000-8000-00000000c1a1',
      { status: 'FAILED', updatedAt: new Date() },
      {
        id: '0190c000-0000-7000-8000-00000000ca11',
        step: 'CAPTURE',
        outcome: 'ERROR',
        detail: 'late',
        at: new Date(),
      },
    );
    expect(refused).toBeUndefined();
    expect(await providerCalls(paymentId)).toEqual(before);
    const { rows } = await sql.query('SELECT status FROM payments.payments WHERE id = $1', [paymentId]);
    expect(rows).toEqual([{ status: 'CAPTURED' }]);
  });

  it('a second call returns the first outcome and never charges twice', async () => {
    const input = aCharge();
    const first = await h.client.charge(input);
    const second = await h.client.charge(input);
    expect(second).toEqual(first);
    expect(h.calls).toEqual({ authorize: 1, capture: 1, refund: 0, void: 0 });
    expect(await rowOf(input.orderId)).toHaveLength(1);
    expect(await h.outbox()).toHaveLength(1);
  });

  it('concurrent double calls charge once and both get the same outcome', async () => {
    const input = aCharge();
    const results = await Promise.all([
      h.client.charge(input),
      h.client.charge(input),
      h.client.charge(input),
    ]);
    expect(new Set(results.map((r) => r.paymentId)).size).toBe(1);
    expect(results.every((r) => r.status === 'CAPTURED')).toBe(true);
    expect(h.calls).toEqual({ authorize: 1, capture: 1, refund: 0, void: 0 });
    expect(await h.outbox()).toHaveLength(1);
  });

  it('concurrent calls on two instances meet at the database: one charge, the same outcome', async () => {
    const other = await h.anotherInstance();
    const input = aCharge();
    const [here, there] = await Promise.all([h.client.charge(input), other.client.charge(input)]);
    expect(there).toEqual(here);
    expect(here.status).toBe('CAPTURED');
    expect(h.calls).toEqual({ authorize: 1, capture: 1, refund: 0, void: 0 });
    expect(await rowOf(input.orderId)).toHaveLength(1);
    expect(await h.outbox()).toHaveLength(1);
  });

  it('a repeated order id with another amount, customer or method is refused, not charged', async () => {
    const input = aCharge();
    await h.client.charge(input);
    for (const other of [
      { ...input, amount: { amount: 1, currency: 'INR' as const } },
      { ...input, customerId: crypto.randomUUID() },
      { ...input, payment: { method: 'CASH' as const } },
    ]) {
      await expect(h.client.charge(other)).rejects.toMatchObject({ code: 'PAYMENTS.IDEMPOTENCY_MISMATCH' });
    }
    expect(h.calls).toEqual({ authorize: 1, capture: 1, refund: 0, void: 0 });
  });

  it.each([
    ['a missing token', { payment: { method: 'CARD' } }],
    ['an empty token', { payment: { method: 'CARD', token: '' } }],
    ['an unknown method', { payment: { method: 'UPI' } }],
    ['a negative amount', { amount: { amount: -1, currency: 'INR' } }],
    ['a fractional amount', { amount: { amount: 10.5, currency: 'INR' } }],
    ['another currency', { amount: { amount: 100, currency: 'USD' } }],
    ['an order id that is not a uuid', { orderId: 'order-1' }],
  ])('refuses %s with COMMON.VALIDATION_FAILED, storing nothing', async (_what, overrides) => {
    const input = { ...aCharge(), ...overrides };
    await expect(h.client.charge(input as never)).rejects.toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
    expect((await sql.query('SELECT 1 FROM payments.payments')).rows).toEqual([]);
    expect(h.calls.authorize).toBe(0);
  });
});

describe('charge: a lost provider answer', () => {
  it('authorised at the provider but the answer lost: the retry gets the same authorisation, one hold, one capture', async () => {
    h = await startPayments(sql, { hangAuthorize: 1 });
    const input = aCharge();
    await expect(h.client.charge(input)).rejects.toMatchObject({ code: 'PAYMENTS.PROVIDER_TIMEOUT' });
    const retried = await h.client.charge(input);
    expect(retried).toMatchObject({ succeeded: true, status: 'CAPTURED' });
    expect(h.calls).toEqual({ authorize: 2, capture: 1, refund: 0, void: 0 });
    expect(await providerCalls(retried.paymentId)).toEqual([
      { step: 'AUTHORIZE', outcome: 'TIMEOUT', detail: 'provider_timeout' },
      { step: 'AUTHORIZE', outcome: 'SUCCEEDED', detail: null },
      { step: 'CAPTURE', outcome: 'SUCCEEDED', detail: null },
    ]);
  });

  it('captured but the answer lost: the payment stays AUTHORIZED and the retry resumes at capture', async () => {
    h = await startPayments(sql, { hangCapture: 1 });
    const input = aCharge();
    await expect(h.client.charge(input)).rejects.toMatchObject({
      code: 'PAYMENTS.PROVIDER_TIMEOUT',
      details: { step: 'CAPTURE' },
    });
    expect((await rowOf(input.orderId))[0]).toMatchObject({
      status: 'AUTHORIZED',
      failure_code: 'provider_timeout',
    });
    expect(await h.outbox()).toEqual([]);
    const retried = await h.client.charge(input);
    expect(retried).toMatchObject({
      succeeded: true,
      status: 'CAPTURED',
      card: { brand: 'Visa', last4: '4242' },
    });
    expect(h.calls).toEqual({ authorize: 1, capture: 2, refund: 0, void: 0 });
    expect(await h.outbox()).toHaveLength(1);
  });
});

describe('charge: card data', () => {
  it('stores, publishes and logs only the masked card, never the token', async () => {
    h = await startPayments(sql);
    const secret = 'tok_visa';
    const paid = aCharge({}, secret);
    await h.client.charge(paid);
    await h.client.charge(aCharge({}, 'tok_chargeDeclined'));
    await expect(h.client.charge(aCharge({}, 'tok_timeout'))).rejects.toMatchObject({
      code: 'PAYMENTS.PROVIDER_TIMEOUT',
    });
    await h.client.refund({ orderId: paid.orderId, reason: 'test' });

    const stored = await everyPaymentsRow(sql);
    expect(stored).toContain('4242');
    for (const token of [secret, 'tok_chargeDeclined', 'tok_timeout']) {
      expect(stored).not.toContain(token);
      expect(h.logs.join('')).not.toContain(token);
    }
    expect(h.logs.join('')).toContain('tok_****');
  });
});
