import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { OrderHistoryPage } from '../index.js';
import { feed, orderCreated, RESTAURANT, statusUpdated } from './order-events.js';
import { createTestSql, startUsers, type UsersHarness } from './users-harness.js';

let sql: PgliteSql;
let h: UsersHarness;
let ann: { id: string; token: string };

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startUsers(sql);
  ann = await h.user();
});
afterEach(async () => {
  await h.close();
});

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();
const orders = async (query = '', token = ann.token) => {
  const response = await h.request({ method: 'GET', url: `/api/users/me/orders${query}`, token });
  expect(response.statusCode).toBe(200);
  return response.json<OrderHistoryPage>();
};
const only = async () => {
  const page = await orders();
  expect(page.content).toHaveLength(1);
  return page.content[0]!;
};

describe('the order history projection', () => {
  it('follows an order through its life, each event delivered twice', async () => {
    const created = orderCreated(h.deps.ids.next(), ann.id, at(0));
    await feed(h, created);
    expect(await only()).toEqual({
      orderId: created.orderId,
      restaurantId: RESTAURANT,
      status: 'PENDING',
      fulfillment: 'DELIVERY',
      totalAmount: { amount: 31000, currency: 'INR' },
      items: [
        { name: 'Masala Dosa', quantity: 2 },
        { name: 'Filter Coffee', quantity: 1 },
      ],
      itemSummary: 'Masala Dosa × 2, Filter Coffee × 1',
      refunded: false,
      promotionCode: null,
      discount: { amount: 0, currency: 'INR' },
      createdAt: at(0),
      updatedAt: at(0),
    });
    const life = ['PENDING', 'CONFIRMED', 'PREPARING', 'READY', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const;
    for (let i = 1; i < life.length; i += 1) {
      await feed(h, statusUpdated(created, life[i - 1]!, life[i]!, at(i * 5)));
      expect(await only()).toMatchObject({ status: life[i], createdAt: at(0), updatedAt: at(i * 5) });
    }
  });

  it('shows the promotion code and discount of an order placed with one, even after a status change overtook it', async () => {
    const created = orderCreated(h.deps.ids.next(), ann.id, at(0), {
      discount: { amount: 2800, currency: 'INR' },
      totalAmount: { amount: 28200, currency: 'INR' },
      promotion: {
        promotionId: '0190f000-0000-7000-8000-0000000000f1',
        code: 'SAVE10',
        title: '10% off',
        discount: { amount: 2800, currency: 'INR' },
      },
    });
    await feed(h, statusUpdated(created, 'PENDING', 'CONFIRMED', at(1)));
    expect(await only()).toMatchObject({ promotionCode: null, discount: { amount: 0, currency: 'INR' } });
    await feed(h, created);
    expect(await only()).toMatchObject({
      status: 'CONFIRMED',
      promotionCode: 'SAVE10',
      discount: { amount: 2800, currency: 'INR' },
      totalAmount: { amount: 28200, currency: 'INR' },
    });
  });

  it('never moves the status back: an older change arriving late is ignored', async () => {
    const created = orderCreated(h.deps.ids.next(), ann.id, at(0));
    await feed(h, created);
    await feed(h, statusUpdated(created, 'PENDING', 'CONFIRMED', at(1)));
    await feed(h, statusUpdated(created, 'PREPARING', 'READY', at(20)));
    await feed(h, statusUpdated(created, 'CONFIRMED', 'PREPARING', at(10)));
    expect(await only()).toMatchObject({ status: 'READY', updatedAt: at(20) });
  });

  it('breaks a tie of instants by the order of statuses (a confirmation made as the order was placed)', async () => {
    const created = orderCreated(h.deps.ids.next(), ann.id, at(0));
    const confirmed = statusUpdated(created, 'PENDING', 'CONFIRMED', at(0));
    await feed(h, confirmed);
    await feed(h, created);
    expect(await only()).toMatchObject({ status: 'CONFIRMED', createdAt: at(0) });
  });

  it('creates the row from a status change that overtook OrderCreated, which then only fixes createdAt', async () => {
    const created = orderCreated(h.deps.ids.next(), ann.id, at(0), { fulfillment: 'PICKUP' });
    await feed(h, statusUpdated(created, 'PENDING', 'CONFIRMED', at(3)));
    expect(await only()).toMatchObject({
      status: 'CONFIRMED',
      fulfillment: 'PICKUP',
      itemSummary: 'Masala Dosa × 2, Filter Coffee × 1',
      totalAmount: { amount: 31000, currency: 'INR' },
      createdAt: at(3),
    });
    await feed(h, created);
    expect(await only()).toMatchObject({ status: 'CONFIRMED', createdAt: at(0), updatedAt: at(3) });
  });

  it('keeps a refund once recorded, whatever arrives after', async () => {
    const created = orderCreated(h.deps.ids.next(), ann.id, at(0));
    await feed(h, created);
    await feed(h, statusUpdated(created, 'CONFIRMED', 'CANCELLED', at(5), { refunded: false }));
    expect(await only()).toMatchObject({ status: 'CANCELLED', refunded: false });
    await feed(h, statusUpdated(created, 'CANCELLED', 'CANCELLED', at(7), { refunded: true }));
    await feed(h, statusUpdated(created, 'PENDING', 'CONFIRMED', at(2)));
    expect(await only()).toMatchObject({ status: 'CANCELLED', refunded: true, updatedAt: at(7) });
  });
});

describe('GET /api/users/me/orders', () => {
  it("shows the caller's orders only", async () => {
    const bob = await h.user();
    await feed(h, orderCreated(h.deps.ids.next(), bob.id, at(1)));
    const mine = orderCreated(h.deps.ids.next(), ann.id, at(2));
    await feed(h, mine);
    expect((await orders()).content.map((o) => o.orderId)).toEqual([mine.orderId]);
    expect((await orders('', bob.token)).totalElements).toBe(1);
    const carol = await h.user();
    expect(await orders('', carol.token)).toEqual({
      content: [],
      page: 0,
      size: 20,
      totalElements: 0,
      totalPages: 0,
    });
    expect((await h.request({ method: 'GET', url: '/api/users/me/orders' })).statusCode).toBe(401);
  });

  it('pages newest first and filters by status', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const created = orderCreated(h.deps.ids.next(), ann.id, at(i));
      ids.push(created.orderId);
      await feed(h, created);
      if (i % 2 === 0) await feed(h, statusUpdated(created, 'PENDING', 'CONFIRMED', at(i + 30)));
    }
    const newest = [...ids].reverse();
    const first = await orders('?size=2');
    expect(first).toMatchObject({ page: 0, size: 2, totalElements: 5, totalPages: 3 });
    expect(first.content.map((o) => o.orderId)).toEqual(newest.slice(0, 2));
    expect((await orders('?size=2&page=2')).content.map((o) => o.orderId)).toEqual(newest.slice(4));
    expect((await orders('?size=2&page=3')).content).toEqual([]);

    const confirmed = await orders('?status=CONFIRMED');
    expect(confirmed.totalElements).toBe(3);
    expect(confirmed.content.map((o) => o.orderId)).toEqual([ids[4], ids[2], ids[0]]);
    expect((await orders('?status=DELIVERED')).totalElements).toBe(0);
  });

  it.each([['?size=101'], ['?size=0'], ['?page=-1'], ['?status=LOST']])(
    'refuses %s with 400',
    async (query) => {
      const response = await h.request({
        method: 'GET',
        url: `/api/users/me/orders${query}`,
        token: ann.token,
      });
      expect(response.statusCode).toBe(400);
    },
  );
});
