import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import {
  PROMO_CODE,
  codeOf,
  createTestSql,
  deliveryBody,
  startOrders,
  viewOf,
  type OrdersHarness,
} from './orders-harness.js';

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
  h.upstreams.promotionsState.redeemed.clear();
  h.upstreams.promotionsState.released.length = 0;
  h.upstreams.promotionsState.limit = 2;
  h.upstreams.promotionsState.hold = undefined;
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('a promotion code at checkout', () => {
  it('takes the discount off the total and shows it in the detail, the timeline and OrderCreated', async () => {
    const response = await h.place({ body: deliveryBody({ promotionCode: 'save10' }) });
    expect(response.statusCode).toBe(201);
    const order = viewOf(response);
    expect(order.promotionCode).toBe(PROMO_CODE);
    expect(order.discount.amount).toBe(Math.floor(order.subtotal.amount / 10));
    expect(order.totalAmount.amount).toBe(
      order.subtotal.amount + order.deliveryFee.amount - order.discount.amount,
    );
    expect(h.upstreams.promotionsState.redeemed.get(order.orderId)).toBe(PROMO_CODE);
    // The customer is charged the discounted total.
    expect(h.payments.chargeCalls.at(-1)?.amount).toEqual(order.totalAmount);

    const timeline = (await h.get(`/api/orders/${order.orderId}/timeline`, h.people.customer.token)).json<{
      entries: Array<{ type: string; details: Record<string, unknown> }>;
    }>();
    expect(timeline.entries[0]).toMatchObject({
      type: 'ORDER_PLACED',
      details: { discount: order.discount, promotionCode: PROMO_CODE },
    });
    const { rows } = await sql.query<{ event: { data: { promotion?: { code: string } } } }>(
      "SELECT event FROM orders.outbox WHERE event->>'type' = 'OrderCreated'",
    );
    expect(rows[0]?.event.data.promotion).toMatchObject({ code: PROMO_CODE, discount: order.discount });
  });

  it('refuses the order with the code promotions gave, and writes nothing', async () => {
    const unknown = await h.place({ body: deliveryBody({ promotionCode: 'NOPE' }) });
    expect([unknown.statusCode, codeOf(unknown)]).toEqual([422, 'PROMOTIONS.CODE_NOT_FOUND']);
    h.upstreams.promotionsState.limit = 0;
    const exhausted = await h.place({ body: deliveryBody({ promotionCode: PROMO_CODE }) });
    expect([exhausted.statusCode, codeOf(exhausted)]).toEqual([422, 'PROMOTIONS.CODE_EXHAUSTED']);
    expect(await h.counts()).toEqual({ events: 0, views: 0, outbox: 0, keys: 0 });
    expect(h.payments.chargeCalls).toHaveLength(0);
  });

  it('reserves once for a repeated request with the same Idempotency-Key', async () => {
    const first = viewOf(
      await h.place({ body: deliveryBody({ promotionCode: PROMO_CODE }), key: 'promo-1' }),
    );
    const again = viewOf(
      await h.place({ body: deliveryBody({ promotionCode: PROMO_CODE }), key: 'promo-1' }),
    );
    expect(again.orderId).toBe(first.orderId);
    expect(h.upstreams.promotionsState.redeemed.size).toBe(1);
  });

  it('gives two requests with one Idempotency-Key at once one order, one redemption and one charge', async () => {
    // The code has one use left: were both requests to reach promotions, the second would be refused.
    h.upstreams.promotionsState.limit = 1;
    const body = deliveryBody({ promotionCode: PROMO_CODE });
    // The first request is held inside promotions (its redemption taken) while the second arrives.
    let answer!: () => void;
    h.upstreams.promotionsState.hold = new Promise<void>((resolve) => (answer = resolve));
    const first = h.place({ body, key: 'twin' });
    await waitUntil(() => h.upstreams.promotionsState.redeemed.size === 1);
    const second = h.place({ body, key: 'twin' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    h.upstreams.promotionsState.hold = undefined;
    answer();
    const [a, b] = await Promise.all([first, second]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(viewOf(b).orderId).toBe(viewOf(a).orderId);
    expect(h.upstreams.promotionsState.redeemed.size).toBe(1);
    expect(h.payments.chargeCalls).toHaveLength(1);
  });

  it('refuses the late write of a request whose key a repeat took over: one order, one charge', async () => {
    const body = deliveryBody({ promotionCode: PROMO_CODE });
    let answer!: () => void;
    h.upstreams.promotionsState.hold = new Promise<void>((resolve) => (answer = resolve));
    const slow = h.place({ body, key: 'slow' });
    await waitUntil(() => h.upstreams.promotionsState.redeemed.size === 1);
    // Past the claim's lease, the client repeats: the repeat takes the key over and places its order.
    h.upstreams.promotionsState.hold = undefined;
    h.clock.advance(31_000);
    const repeat = await h.place({ body, key: 'slow' });
    expect(repeat.statusCode).toBe(201);
    // The slow request comes back to write its order: refused, its redemption given back, nothing charged.
    answer();
    const late = await slow;
    expect([late.statusCode, codeOf(late)]).toEqual([409, 'ORDERS.IDEMPOTENCY_KEY_IN_USE']);
    expect((await h.counts()).views).toBe(1);
    expect(h.payments.chargeCalls).toHaveLength(1);
    expect(h.upstreams.promotionsState.released).toHaveLength(1);
    const again = await h.place({ body, key: 'slow' });
    expect(viewOf(again).orderId).toBe(viewOf(repeat).orderId);
  });

  it('gives the redemption back when the order cannot be written', async () => {
    // A key reused with another body is refused before anything is reserved...
    await h.place({ body: deliveryBody(), key: 'promo-2' });
    const reused = await h.place({ body: deliveryBody({ promotionCode: PROMO_CODE }), key: 'promo-2' });
    expect(codeOf(reused)).toBe('ORDERS.IDEMPOTENCY_KEY_REUSED');
    expect(h.upstreams.promotionsState.redeemed.size).toBe(0);
    // ...and a write that fails after the reservation releases it.
    const before = await h.counts();
    await sql.exec(
      `CREATE OR REPLACE FUNCTION orders.fail_insert() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql;
       CREATE TRIGGER fail_views BEFORE INSERT ON orders.order_views
         FOR EACH ROW EXECUTE FUNCTION orders.fail_insert();`,
    );
    try {
      const failed = await h.place({ body: deliveryBody({ promotionCode: PROMO_CODE }) });
      expect(failed.statusCode).toBe(500);
    } finally {
      await sql.exec('DROP TRIGGER fail_views ON orders.order_views; DROP FUNCTION orders.fail_insert();');
    }
    expect(h.upstreams.promotionsState.redeemed.size).toBe(0);
    expect(h.upstreams.promotionsState.released).toHaveLength(1);
    expect(await h.counts()).toEqual(before);
  });
});
