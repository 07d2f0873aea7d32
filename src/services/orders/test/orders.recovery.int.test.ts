import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createOrdersService, type OrderView } from '../index.js';
import { createTestSql, startOrders, viewOf, type OrdersHarness } from './orders-harness.js';

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

describe('a crash between the saga steps', () => {
  it('is finished by a new instance on the same database, charging at most once', async () => {
    h.payments.mode = 'crash-after-charge';
    const response = await h.place();
    // The process "died" after payments took the money: the order stayed PENDING, nothing recorded.
    expect(response.statusCode).toBe(500);
    const [pending] = (await h.get('/api/orders', h.people.customer.token)).json<{ content: OrderView[] }>()
      .content;
    expect(pending).toMatchObject({ status: 'PENDING', payment: { state: 'REQUESTED' } });
    const orderId = pending?.orderId ?? '';
    await h.orders.stop();

    h.payments.mode = 'succeed';
    const restarted = await h.newInstance();
    await restarted.start();
    try {
      expect(await restarted.sweepOnce()).toMatchObject({ confirmed: 1 });
      expect(await detail(orderId)).toMatchObject({ status: 'CONFIRMED', payment: { state: 'SUCCEEDED' } });
      expect(h.payments.successfulCharges.get(orderId)).toBe(1);
      expect(h.payments.chargeCalls.filter((c) => c.orderId === orderId)).toHaveLength(2);
      expect((await h.outbox(orderId)).map((e) => e.type)).toEqual(['OrderCreated', 'OrderStatusUpdated']);
      expect(await restarted.sweepOnce()).toMatchObject({ examined: 0 });
    } finally {
      await restarted.stop();
      await h.orders.start();
    }
  });

  it('runs the sweeper on its own timer from start()', async () => {
    h.payments.mode = 'unreachable';
    const order = viewOf(await h.place());
    h.payments.mode = 'succeed';
    const timed = await createOrdersService({
      ...h.deps,
      catalog: h.upstreams.catalog,
      restaurants: h.upstreams.restaurants,
      users: h.upstreams.users,
      promotions: h.upstreams.promotions,
      payments: h.payments,
      sagaSettings: { sweepIntervalMs: 20 },
    });
    await timed.start();
    try {
      await vi.waitFor(async () => expect((await detail(order.orderId)).status).toBe('CONFIRMED'), {
        timeout: 5_000,
        interval: 20,
      });
    } finally {
      await timed.stop();
    }
  });
});

describe('replay', () => {
  const snapshot = async () => {
    const tables = ['order_views', 'order_timeline', 'restaurant_queue', 'courier_jobs'];
    const out: Record<string, unknown[]> = {};
    for (const table of tables) {
      out[table] = (await sql.query(`SELECT * FROM orders.${table} ORDER BY 1, 2`)).rows;
    }
    return out;
  };

  it('rebuilds read models equal to the live ones', async () => {
    const { staffA, courier, customer } = h.people;
    const delivered = viewOf(await h.place());
    await h.setStatus(delivered.orderId, staffA.token, 'PREPARING');
    await h.setStatus(delivered.orderId, staffA.token, 'READY');
    await h.orders.client.assignCourier({ orderId: delivered.orderId, courierId: courier.id });
    h.clock.advance(60_000);
    await h.setStatus(delivered.orderId, courier.token, 'OUT_FOR_DELIVERY');
    const preparing = viewOf(await h.place());
    await h.setStatus(preparing.orderId, staffA.token, 'PREPARING');
    const assigned = viewOf(await h.place());
    await h.orders.client.assignCourier({ orderId: assigned.orderId, courierId: courier.id });
    const cancelled = viewOf(await h.place());
    await h.request({
      method: 'POST',
      url: `/api/orders/${cancelled.orderId}/cancel`,
      token: customer.token,
      payload: { reason: 'changed my mind' },
    });
    h.payments.mode = 'unreachable';
    await h.place();

    const live = await snapshot();
    expect(live.order_views).toHaveLength(5);
    expect(await h.orders.rebuildReadModels()).toMatchObject({ orders: 5 });
    expect(await snapshot()).toEqual(live);
  });
});
