import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { ChargeInput, ChargeResult, PaymentPage, PaymentView } from '../index.js';
import { aCharge, createTestSql, startPayments, type PaymentsHarness } from './payments-harness.js';

let sql: PgliteSql;
let h: PaymentsHarness;
let customer: { id: string; token: string };
let input: ChargeInput;
let paid: ChargeResult;

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startPayments(sql);
  customer = await h.user();
  input = aCharge({ customerId: customer.id });
  paid = await h.client.charge(input);
});
afterEach(async () => {
  await h.close();
});

const list = (orderId: string, token?: string) =>
  h.request({
    method: 'GET',
    url: `/api/payments?orderId=${orderId}`,
    ...(token === undefined ? {} : { token }),
  });
const one = (paymentId: string, token?: string) =>
  h.request({ method: 'GET', url: `/api/payments/${paymentId}`, ...(token === undefined ? {} : { token }) });

describe('GET /api/payments?orderId=', () => {
  it("shows the paying customer their order's payment, card masked, no token", async () => {
    const response = await list(input.orderId, customer.token);
    expect(response.statusCode).toBe(200);
    const page = response.json<PaymentPage>();
    expect(page).toMatchObject({ page: 0, size: 20, totalElements: 1, totalPages: 1 });
    expect(page.content).toEqual<PaymentView[]>([
      {
        paymentId: paid.paymentId,
        orderId: input.orderId,
        customerId: customer.id,
        method: 'CARD',
        status: 'CAPTURED',
        amount: input.amount,
        card: { brand: 'Visa', last4: '4242', masked: '****4242' },
        createdAt: '2026-03-02T09:00:00.000Z',
        updatedAt: '2026-03-02T09:00:00.000Z',
      },
    ]);
    expect(response.body).not.toContain('tok_');
  });

  it('shows the refund once refunded', async () => {
    const refund = await h.client.refund({ orderId: input.orderId, reason: 'customer cancelled' });
    const [payment] = (await list(input.orderId, customer.token)).json<PaymentPage>().content;
    expect(payment).toMatchObject({
      status: 'REFUNDED',
      refund: { refundId: refund.refundId, amount: input.amount, reason: 'customer cancelled' },
    });
  });

  it('lets SYSTEM_ADMIN read any order, and see an empty page for an order without payments', async () => {
    const admin = await h.user({ roles: ['SYSTEM_ADMIN'] });
    expect((await list(input.orderId, admin.token)).json<PaymentPage>().content).toHaveLength(1);
    const none = await list(crypto.randomUUID(), admin.token);
    expect(none.statusCode).toBe(200);
    expect(none.json()).toMatchObject({ content: [], totalElements: 0, totalPages: 0 });
  });

  it("answers 404 for another customer's order exactly as for an order without payments", async () => {
    const stranger = await h.user();
    const staff = await h.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [crypto.randomUUID()] });
    for (const token of [stranger.token, staff.token]) {
      const theirs = await list(input.orderId, token);
      const unknown = await list(crypto.randomUUID(), token);
      expect(theirs.statusCode).toBe(404);
      expect(unknown.statusCode).toBe(404);
      expect(theirs.json().code).toBe('PAYMENTS.NOT_FOUND');
      expect(theirs.json().message).toBe(unknown.json().message);
    }
  });

  it('answers 401 without a token', async () => {
    expect((await list(input.orderId)).statusCode).toBe(401);
  });

  it.each([
    ['a missing orderId', '/api/payments'],
    ['an orderId that is not a uuid', '/api/payments?orderId=not-a-uuid'],
    ['a size over 100', `/api/payments?orderId=${crypto.randomUUID()}&size=101`],
    ['a negative page', `/api/payments?orderId=${crypto.randomUUID()}&page=-1`],
  ])('answers 400 for %s', async (_what, url) => {
    const response = await h.request({ method: 'GET', url, token: customer.token });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('COMMON.VALIDATION_FAILED');
  });
});

describe('GET /api/payments/{paymentId}', () => {
  it('shows the payment to its customer and to SYSTEM_ADMIN', async () => {
    const admin = await h.user({ roles: ['SYSTEM_ADMIN'] });
    for (const token of [customer.token, admin.token]) {
      const response = await one(paid.paymentId, token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ paymentId: paid.paymentId, card: { masked: '****4242' } });
    }
  });

  it('answers 404 to anyone else, as for an unknown id; 401 without a token; 400 for a bad uuid', async () => {
    const stranger = await h.user();
    const theirs = await one(paid.paymentId, stranger.token);
    const unknown = await one(crypto.randomUUID(), stranger.token);
    expect([theirs.statusCode, unknown.statusCode]).toEqual([404, 404]);
    expect(theirs.json().code).toBe('PAYMENTS.NOT_FOUND');
    expect((await one(paid.paymentId)).statusCode).toBe(401);
    const bad = await one('12345', customer.token);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('COMMON.VALIDATION_FAILED');
  });

  it('shows a declined payment with its failure, without card data', async () => {
    const declined = await h.client.charge(aCharge({ customerId: customer.id }, 'tok_chargeDeclined'));
    const response = await one(declined.paymentId, customer.token);
    expect(response.json()).toMatchObject({ status: 'FAILED', failureCode: 'card_declined' });
    expect(response.json().card).toBeUndefined();
  });
});
