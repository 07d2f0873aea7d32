import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLocalTransport } from '../../../platform/clients/index.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { promotionsContract, type PromotionsClient, type PromotionView } from '../index.js';
import {
  RESTAURANT_A,
  RESTAURANT_B,
  at,
  createTestSql,
  inr,
  startPromotions,
  type PromotionsHarness,
} from './promotions-harness.js';

let sql: PgliteSql;
let h: PromotionsHarness;
/** The client as another service holds it: inputs, answers and errors cross a JSON round trip. */
let client: PromotionsClient;
beforeAll(async () => {
  sql = await createTestSql();
  h = await startPromotions(sql);
  client = createLocalTransport(promotionsContract, h.promotions.client);
});
afterAll(async () => {
  await h.close();
  await sql.close();
});
beforeEach(async () => {
  await h.reset();
});

const customer = () => h.accounts.customer;
const cart = (overrides: Partial<Parameters<PromotionsClient['redeem']>[0]> = {}) => ({
  code: 'feast20',
  orderId: h.deps.ids.next(),
  restaurantId: RESTAURANT_A,
  customerId: customer().id,
  subtotal: inr(50_000),
  ...overrides,
});
const httpQuote = (body: Record<string, unknown>, token: string | undefined = customer().token) =>
  h.call('POST', '/api/promotions/quote', token, {
    code: 'feast20',
    restaurantId: RESTAURANT_A,
    subtotal: inr(50_000),
    ...body,
  });
const offer = (overrides: Record<string, unknown> = {}) => h.create(h.accounts.admin.token, overrides);
const redemptionRows = async () =>
  (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM promotions.redemptions')).rows[0]?.n;

describe('quoting a code', () => {
  it('prices the signed-in customer’s cart, case-insensitively, reserving nothing', async () => {
    const created = await offer();
    const response = await httpQuote({ code: ' Feast20 ' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      promotionId: created.id,
      code: 'FEAST20',
      title: 'Weekend feast',
      kind: 'PERCENT',
      discount: inr(10_000),
    });
    // 20% of ₹1,000 is ₹200, held to the ₹150 cap.
    const capped = await httpQuote({ subtotal: inr(100_000) });
    expect(capped.json()).toMatchObject({ discount: inr(15_000) });
    expect(await client.quote(cart({ subtotal: inr(999) }))).toMatchObject({ discount: inr(199) });
    expect(await h.redeemedCount(created.id)).toBe(0);
    expect(await redemptionRows()).toBe(0);
  });

  it('takes a fixed amount off, never more than the cart', async () => {
    await offer({
      code: 'FLAT100',
      kind: 'FIXED',
      percentOff: undefined,
      maxDiscount: undefined,
      amountOff: inr(10_000),
    });
    expect((await httpQuote({ code: 'flat100' })).json()).toMatchObject({
      kind: 'FIXED',
      discount: inr(10_000),
    });
    expect((await httpQuote({ code: 'flat100', subtotal: inr(6_000) })).json()).toMatchObject({
      discount: inr(6_000),
    });
  });

  it('accepts a platform-wide code at any restaurant', async () => {
    await offer({ restaurantId: null, code: 'EVERYWHERE' });
    expect((await httpQuote({ code: 'everywhere', restaurantId: RESTAURANT_B })).statusCode).toBe(200);
  });

  it.each<[string, Record<string, unknown>]>([
    ['no code', { code: undefined }],
    ['an empty code', { code: '' }],
    ['a float subtotal', { subtotal: inr(100.5) }],
    ['a zero subtotal', { subtotal: inr(0) }],
    ['a subtotal in another currency', { subtotal: { amount: 100, currency: 'USD' } }],
    ['a malformed restaurant id', { restaurantId: 'nope' }],
  ])('answers %s with 400', async (_why, body) => {
    await offer();
    const response = await httpQuote(body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
  });

  it('needs a signed-in customer', async () => {
    await offer();
    const response = await h.call('POST', '/api/promotions/quote', undefined, {
      code: 'feast20',
      restaurantId: RESTAURANT_A,
      subtotal: inr(50_000),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'COMMON.UNAUTHENTICATED' });
  });
});

describe('refusals at checkout', () => {
  const refusals: Array<
    [
      string,
      Record<string, unknown>,
      Partial<Parameters<PromotionsClient['redeem']>[0]>,
      string,
      (() => void)?,
    ]
  > = [
    ['an unknown code', {}, { code: 'NOPE99' }, 'PROMOTIONS.CODE_NOT_FOUND'],
    ['a code that cannot be a code', {}, { code: 'no such code!' }, 'PROMOTIONS.CODE_NOT_FOUND'],
    ['another restaurant’s code', { restaurantId: RESTAURANT_B }, {}, 'PROMOTIONS.CODE_NOT_APPLICABLE'],
    ['a code not started', { startsAt: at(30), endsAt: at(90) }, {}, 'PROMOTIONS.CODE_NOT_STARTED'],
    [
      'an expired code',
      { startsAt: at(-60), endsAt: at(10) },
      {},
      'PROMOTIONS.CODE_EXPIRED',
      () => h.clock.set(at(10)),
    ],
    ['a cart under the minimum', { minimumOrder: inr(50_001) }, {}, 'PROMOTIONS.MINIMUM_NOT_MET'],
  ];

  it.each(refusals)(
    'refuses %s with 422, quoting and reserving nothing',
    async (_why, terms, input, code, later) => {
      const created = await offer(terms);
      later?.();
      const asked = cart(input);
      const response = await httpQuote({ code: asked.code, restaurantId: asked.restaurantId });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ status: 422, code, message: expect.any(String) });
      await expect(client.quote(asked)).rejects.toThrowCode(code);
      await expect(client.redeem(asked)).rejects.toThrowCode(code);
      expect(await h.redeemedCount(created.id)).toBe(0);
      expect(await redemptionRows()).toBe(0);
    },
  );

  it('tells the minimum order in the refusal', async () => {
    await offer({ minimumOrder: inr(60_000) });
    expect((await httpQuote({})).json()).toMatchObject({ details: { minimumOrder: inr(60_000) } });
  });

  it('refuses a deactivated code as unknown', async () => {
    const created = await offer();
    await h.call('DELETE', `/api/promotions/${created.id}`, h.accounts.admin.token);
    await expect(client.redeem(cart())).rejects.toThrowCode('PROMOTIONS.CODE_NOT_FOUND');
  });

  it('refuses malformed client input as a validation failure', async () => {
    await offer();
    const bad = { ...cart(), orderId: 'not-a-uuid' };
    await expect(client.redeem(bad)).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
    await expect(client.redeem({ ...cart(), subtotal: inr(1.5) })).rejects.toThrowCode(
      'COMMON.VALIDATION_FAILED',
    );
    await expect(client.quote({ ...cart(), customerId: '' })).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
    expect(await redemptionRows()).toBe(0);
  });
});

describe('redeeming a code for an order', () => {
  it('reserves one redemption, and answers a repeat for the order the same without taking another', async () => {
    const created = await offer({ maxRedemptions: 5 });
    const input = cart();
    const first = await client.redeem(input);
    expect(first).toEqual({
      promotionId: created.id,
      code: 'FEAST20',
      title: 'Weekend feast',
      kind: 'PERCENT',
      discount: inr(10_000),
    });
    await h.call('PATCH', `/api/promotions/${created.id}`, h.accounts.admin.token, { title: 'Renamed' });
    expect(await client.redeem(input)).toEqual(first);
    expect(await client.redeem({ ...input, code: 'FEAST20' })).toEqual(first);
    expect(await h.redeemedCount(created.id)).toBe(1);
    expect(await h.redemption(input.orderId)).toEqual({
      status: 'RESERVED',
      discount: 10_000,
      release_reason: null,
    });
  });

  it('refuses another code for an order that holds one', async () => {
    await offer();
    await offer({ code: 'OTHER1' });
    const input = cart();
    await client.redeem(input);
    await expect(client.redeem({ ...input, code: 'OTHER1' })).rejects.toThrowCode(
      'PROMOTIONS.REDEMPTION_CONFLICT',
    );
  });

  it('refuses the redemption after the last with CODE_EXHAUSTED, and takes one given back', async () => {
    const created = await offer({ maxRedemptions: 2 });
    const first = cart();
    await client.redeem(first);
    await client.redeem(cart({ customerId: h.accounts.otherCustomer.id }));
    const third = cart();
    await expect(client.redeem(third)).rejects.toThrowCode('PROMOTIONS.CODE_EXHAUSTED');
    expect((await httpQuote({})).json()).toMatchObject({ code: 'PROMOTIONS.CODE_EXHAUSTED' });
    expect(await h.redeemedCount(created.id)).toBe(2);
    expect(await h.redemption(third.orderId)).toBeUndefined();

    expect(await client.release({ orderId: first.orderId })).toEqual({ released: true });
    expect(await client.redeem(third)).toMatchObject({ promotionId: created.id });
    expect(await h.redeemedCount(created.id)).toBe(2);
  });

  it('lets exactly one of two orders racing for the last redemption win', async () => {
    const created = await offer({ maxRedemptions: 1 });
    const outcomes = await Promise.allSettled([client.redeem(cart()), client.redeem(cart())]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(lost?.status === 'rejected' && lost.reason).toMatchObject({ code: 'PROMOTIONS.CODE_EXHAUSTED' });
    expect(await h.redeemedCount(created.id)).toBe(1);
    expect(await redemptionRows()).toBe(1);
  });

  it('holds each customer to the per-customer limit, giving a use back on release', async () => {
    await offer({ perCustomerLimit: 1 });
    const first = cart();
    await client.redeem(first);
    await expect(client.redeem(cart())).rejects.toThrowCode('PROMOTIONS.CUSTOMER_LIMIT_REACHED');
    const refused = await httpQuote({});
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'PROMOTIONS.CUSTOMER_LIMIT_REACHED',
      details: { perCustomerLimit: 1 },
    });
    // Another customer is not held to this customer's uses.
    expect((await httpQuote({}, h.accounts.otherCustomer.token)).statusCode).toBe(200);
    await client.redeem(cart({ customerId: h.accounts.otherCustomer.id }));

    await client.release({ orderId: first.orderId });
    expect((await httpQuote({})).statusCode).toBe(200);
    await client.redeem(cart());
  });

  it('lets one of two orders of one customer racing for their last use win', async () => {
    const created = await offer({ perCustomerLimit: 1 });
    const outcomes = await Promise.allSettled([client.redeem(cart()), client.redeem(cart())]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(lost?.status === 'rejected' && lost.reason).toMatchObject({
      code: 'PROMOTIONS.CUSTOMER_LIMIT_REACHED',
    });
    expect(await h.redeemedCount(created.id)).toBe(1);
  });
});

describe('releasing an order’s redemption', () => {
  it('gives it back once, answering every repeat the same', async () => {
    const created = await offer();
    const input = cart();
    await client.redeem(input);
    expect(await client.release({ orderId: input.orderId })).toEqual({ released: true });
    expect(await client.release({ orderId: input.orderId })).toEqual({ released: true });
    expect(await h.redeemedCount(created.id)).toBe(0);
    expect(await h.redemption(input.orderId)).toMatchObject({
      status: 'RELEASED',
      release_reason: 'RELEASED_BY_ORDERS',
    });
  });

  it('answers released: false for an order that never held one', async () => {
    expect(await client.release({ orderId: h.deps.ids.next() })).toEqual({ released: false });
    expect(await client.release({ orderId: 'not-a-uuid' })).toEqual({ released: false });
    await expect(client.release({ orderId: '' })).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
  });

  it('lets the order reserve again after its release', async () => {
    const created = await offer();
    const input = cart();
    await client.redeem(input);
    await client.release({ orderId: input.orderId });
    expect(await client.redeem(input)).toMatchObject({ discount: inr(10_000) });
    expect(await h.redemption(input.orderId)).toMatchObject({ status: 'RESERVED' });
    expect(await h.redeemedCount(created.id)).toBe(1);
  });
});

describe('order events', () => {
  it('confirms the redemption when the order is placed (fed twice)', async () => {
    const created = await offer();
    const input = cart();
    await client.redeem(input);
    await h.feed(
      h.orderCreated(input.orderId, customer().id, {
        promotion: { promotionId: created.id, code: 'FEAST20', title: 'Feast', discount: inr(10_000) },
      }),
    );
    expect(await h.redemption(input.orderId)).toMatchObject({ status: 'CONFIRMED' });
    expect(await h.redeemedCount(created.id)).toBe(1);
    // Confirmed: the timer leaves it alone.
    h.clock.set(at(60));
    expect(await h.promotions.releaseLapsedReservations()).toBe(0);
    expect(await h.redemption(input.orderId)).toMatchObject({ status: 'CONFIRMED' });
  });

  it('gives the redemption back when the order is cancelled (fed twice), counting it once', async () => {
    const created = await offer();
    const input = cart();
    await client.redeem(input);
    await h.feed(h.orderCreated(input.orderId, customer().id));
    await h.feed(h.orderStatus(input.orderId, customer().id, 'CONFIRMED'));
    expect(await h.redemption(input.orderId)).toMatchObject({ status: 'CONFIRMED' });
    await h.feed(h.orderStatus(input.orderId, customer().id, 'CANCELLED'));
    expect(await h.redemption(input.orderId)).toMatchObject({
      status: 'RELEASED',
      release_reason: 'ORDER_CANCELLED',
    });
    expect(await h.redeemedCount(created.id)).toBe(0);
    // A later release by orders finds it given back already.
    expect(await client.release({ orderId: input.orderId })).toEqual({ released: true });
    expect(await h.redeemedCount(created.id)).toBe(0);
  });

  it('changes nothing for orders without a redemption', async () => {
    const created = await offer();
    const orderId = h.deps.ids.next();
    await h.feed(h.orderCreated(orderId, customer().id));
    await h.feed(h.orderStatus(orderId, customer().id, 'CANCELLED'));
    await h.feed(h.orderCreated('legacy-order-7', customer().id));
    expect(await redemptionRows()).toBe(0);
    expect(await h.redeemedCount(created.id)).toBe(0);
  });
});

describe('reservations no order confirmed', () => {
  it('are released by the timer after 15 minutes, and taken back if the order arrives late', async () => {
    const created = await offer({ maxRedemptions: 1 });
    const input = cart();
    await client.redeem(input);

    h.clock.set(at(15));
    expect(await h.promotions.releaseLapsedReservations()).toBe(0);
    h.clock.set(new Date(Date.parse(at(15)) + 1).toISOString());
    expect(await h.promotions.releaseLapsedReservations()).toBe(1);
    expect(await h.promotions.releaseLapsedReservations()).toBe(0);
    expect(await h.redemption(input.orderId)).toMatchObject({
      status: 'RELEASED',
      release_reason: 'UNCONFIRMED',
    });
    expect(await h.redeemedCount(created.id)).toBe(0);

    // The order was placed after all: it has the discount, so it is counted again.
    await h.feed(h.orderCreated(input.orderId, customer().id));
    expect(await h.redemption(input.orderId)).toMatchObject({ status: 'CONFIRMED', release_reason: null });
    expect(await h.redeemedCount(created.id)).toBe(1);
  });

  it('stay released when the order was cancelled before its OrderCreated', async () => {
    const created = await offer();
    const input = cart();
    await client.redeem(input);
    await client.release({ orderId: input.orderId });
    await h.feed(h.orderCreated(input.orderId, customer().id));
    expect(await h.redemption(input.orderId)).toMatchObject({ status: 'RELEASED' });
    expect(await h.redeemedCount(created.id)).toBe(0);
  });
});

describe('the offer view', () => {
  it('shows the redemptions held', async () => {
    const created = await offer();
    await client.redeem(cart());
    const view = await h.call('GET', `/api/promotions/${created.id}`);
    expect(view.json<PromotionView>().redeemed).toBe(1);
  });
});
