import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { RestaurantReport, SummaryReport } from '../index.js';
import { after, anOrder, type AnalyticsEvent } from './analytics-events.js';
import { createTestSql, startAnalytics, type AnalyticsHarness } from './analytics-harness.js';
import {
  COFFEE,
  deliveredLife,
  DOSA,
  feedFourOrders,
  IDLI,
  RESTAURANT_A,
  RESTAURANT_B,
} from './analytics-scenario.js';

let sql: PgliteSql;
let h: AnalyticsHarness;
let admin: { id: string; token: string };

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startAnalytics(sql);
  // The reports' "now"; the events carry their own instants. Set before signing in: tokens expire.
  h.clock.set('2026-03-02T09:30:00.000Z');
  admin = await h.user({ roles: ['SYSTEM_ADMIN'] });
});
afterEach(async () => {
  await h.close();
});

const inr = (amount: number) => ({ amount, currency: 'INR' });
const ids = () => h.deps.ids.next();

async function get<T>(url: string, token = admin.token): Promise<T> {
  const response = await h.request({ method: 'GET', url, token });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

describe('the platform summary', () => {
  it('counts orders, revenue, timings, statuses and items from the events, each delivered twice', async () => {
    await feedFourOrders(h.feed, ids);
    const summary = await get<SummaryReport>('/api/analytics/summary');

    expect(summary).toMatchObject({
      from: '2026-03-01T09:30:00.000Z',
      to: '2026-03-02T09:30:00.000Z',
      orders: 4,
      // Card 28000 (delivered) + cash 12000 (picked up) + card 20000 (captured, B); the refunded order 0.
      revenue: inr(60000),
      averageOrderValue: inr(20000),
      statusCounts: {
        PENDING: 0,
        CONFIRMED: 1,
        PREPARING: 0,
        READY: 0,
        OUT_FOR_DELIVERY: 0,
        DELIVERED: 1,
        PICKED_UP: 1,
        CANCELLED: 1,
      },
      // CONFIRMED→READY: 14 min (08:06→08:20) and 10 min (08:41→08:51).
      averagePreparationMinutes: 12,
      averageDeliveryMinutes: 25,
      averageTotalMinutes: 45,
      cancellationRate: 0.25,
      refundRate: 0.25,
      perRestaurant: [
        { restaurantId: RESTAURANT_A, orders: 3, revenue: inr(40000) },
        { restaurantId: RESTAURANT_B, orders: 1, revenue: inr(20000) },
      ],
    });
    // The cancelled order's three coffees were never sold.
    expect(summary.topItems).toEqual([
      { menuItemId: IDLI.menuItemId, name: 'Idli', quantity: 4, revenue: inr(20000) },
      { menuItemId: DOSA.menuItemId, name: 'Masala Dosa', quantity: 3, revenue: inr(36000) },
      { menuItemId: COFFEE.menuItemId, name: 'Filter Coffee', quantity: 1, revenue: inr(4000) },
    ]);
    expect(summary.ordersPerHour).toHaveLength(25);
    expect(summary.ordersPerHour.filter((h) => h.orders > 0)).toEqual([
      { hour: '2026-03-02T08:00:00.000Z', orders: 2, revenue: inr(40000) },
      { hour: '2026-03-02T09:00:00.000Z', orders: 2, revenue: inr(20000) },
    ]);
    expect(summary.ordersPerMinute).toHaveLength(60);
    expect(summary.ordersPerMinute[0]?.minute).toBe('2026-03-02T08:31:00.000Z');
    expect(summary.ordersPerMinute.filter((m) => m.orders > 0)).toEqual([
      { minute: '2026-03-02T08:40:00.000Z', orders: 1, revenue: inr(12000) },
      { minute: '2026-03-02T09:10:00.000Z', orders: 1, revenue: inr(0) },
      { minute: '2026-03-02T09:20:00.000Z', orders: 1, revenue: inr(20000) },
    ]);
  });

  it('selects orders by the hour they were placed in', async () => {
    const yesterday = anOrder({
      orderId: ids(),
      restaurantId: RESTAURANT_A,
      placedAt: '2026-03-01T05:10:00.000Z',
      lines: [{ ...DOSA, quantity: 1 }],
    });
    for (const event of deliveredLife(yesterday, '2026-03-01T05:10:00.000Z')) await h.feed(event);
    await feedFourOrders(h.feed, ids);

    expect((await get<SummaryReport>('/api/analytics/summary')).orders).toBe(4);
    const all = await get<SummaryReport>('/api/analytics/summary?from=2026-03-01T00:00:00Z');
    expect(all).toMatchObject({ orders: 5, revenue: inr(72000) });
    // `from` inside an hour takes that whole hour (08:05 and 08:40 both count).
    const morning = await get<SummaryReport>(
      '/api/analytics/summary?from=2026-03-02T08:30:00Z&to=2026-03-02T09:00:00Z',
    );
    expect(morning).toMatchObject({ orders: 2, revenue: inr(40000) });
    expect(morning.ordersPerHour).toEqual([
      { hour: '2026-03-02T08:00:00.000Z', orders: 2, revenue: inr(40000) },
    ]);
    // A range in another time zone names the same instants.
    const sameInIst = await get<SummaryReport>(
      '/api/analytics/summary?from=2026-03-02T14:00:00%2B05:30&to=2026-03-02T14:30:00%2B05:30',
    );
    expect(sameInIst).toMatchObject({ orders: 2, from: '2026-03-02T08:30:00.000Z' });
  });
});

describe('a restaurant report', () => {
  it("holds only that restaurant's orders: A's never include B's", async () => {
    await feedFourOrders(h.feed, ids);
    const a = await get<RestaurantReport>(`/api/analytics/restaurants/${RESTAURANT_A}`);
    const b = await get<RestaurantReport>(`/api/analytics/restaurants/${RESTAURANT_B}`);
    const all = await get<SummaryReport>('/api/analytics/summary');

    expect(a).toMatchObject({
      restaurantId: RESTAURANT_A,
      orders: 3,
      revenue: inr(40000),
      averageOrderValue: inr(20000),
      statusCounts: { DELIVERED: 1, PICKED_UP: 1, CANCELLED: 1, CONFIRMED: 0 },
      cancellationRate: 0.3333,
      refundRate: 0.3333,
    });
    expect(a.topItems.map((item) => item.menuItemId)).toEqual([DOSA.menuItemId, COFFEE.menuItemId]);
    expect(a).not.toHaveProperty('perRestaurant');
    expect(b).toMatchObject({
      restaurantId: RESTAURANT_B,
      orders: 1,
      revenue: inr(20000),
      statusCounts: { CONFIRMED: 1, DELIVERED: 0 },
      averagePreparationMinutes: null,
      cancellationRate: 0,
    });
    expect(b.topItems).toEqual([
      { menuItemId: IDLI.menuItemId, name: 'Idli', quantity: 4, revenue: inr(20000) },
    ]);
    expect(b.ordersPerMinute.filter((m) => m.orders > 0).map((m) => m.minute)).toEqual([
      '2026-03-02T09:20:00.000Z',
    ]);
    // Together they make the whole platform, hour by hour.
    expect(a.orders + b.orders).toBe(all.orders);
    all.ordersPerHour.forEach((hour, i) => {
      expect(a.ordersPerHour[i]!.orders + b.ordersPerHour[i]!.orders).toBe(hour.orders);
    });
  });

  it('comes out the same when the events come in one batch as one at a time', async () => {
    const restaurants = ['0190f000-0000-7000-8000-00000000e001', '0190f000-0000-7000-8000-00000000f001'];
    const livesAt = (restaurantId: string) => {
      const placedAt = '2026-03-02T08:20:00.000Z';
      const delivered = anOrder({
        orderId: ids(),
        restaurantId,
        placedAt,
        lines: [{ ...DOSA, quantity: 3 }],
        method: 'CARD',
      });
      const cancelled = anOrder({
        orderId: ids(),
        restaurantId,
        placedAt,
        lines: [{ ...DOSA, quantity: 1 }],
        method: 'CARD',
      });
      return [
        ...deliveredLife(delivered, placedAt),
        ...deliveredLife(cancelled, placedAt).slice(0, 3),
        cancelled.status('CONFIRMED', 'CANCELLED', after(placedAt, 4), { refunded: true }),
        cancelled.refunded,
      ];
    };
    for (const event of livesAt(restaurants[0]!)) await h.feed(event);
    // Two orders' events interleaved in one batch, the second order's newest first.
    const batch = livesAt(restaurants[1]!);
    await h.feedBatch([...batch.slice(0, 4), ...batch.slice(4).reverse(), ...batch.slice(0, 2)]);

    const [one, many] = await Promise.all(
      restaurants.map((id) => get<RestaurantReport>(`/api/analytics/restaurants/${id}`)),
    );
    expect(one).toMatchObject({ orders: 2 });
    expect(one?.statusCounts.DELIVERED).toBe(1);
    expect({ ...many, restaurantId: undefined }).toEqual({ ...one, restaurantId: undefined });
  });

  it('comes out the same whatever order the events arrive in', async () => {
    const restaurants = ['0190f000-0000-7000-8000-00000000c001', '0190f000-0000-7000-8000-00000000d001'];
    const lifeAt = (restaurantId: string) => {
      const placedAt = '2026-03-02T08:15:00.000Z';
      const order = anOrder({
        orderId: ids(),
        restaurantId,
        placedAt,
        lines: [{ ...DOSA, quantity: 2 }],
        method: 'CARD',
      });
      return [
        ...deliveredLife(order, placedAt).slice(0, 5),
        order.status('READY', 'CANCELLED', after(placedAt, 18), { refunded: true }),
        order.refunded,
      ];
    };
    const inOrder: AnalyticsEvent[] = lifeAt(restaurants[0]!);
    // Payments first, then the order's changes newest first, OrderCreated last.
    const shuffled: AnalyticsEvent[] = lifeAt(restaurants[1]!).reverse();
    for (const event of inOrder) await h.feed(event);
    for (const event of shuffled) await h.feed(event);

    const [c, d] = await Promise.all(
      restaurants.map((id) => get<RestaurantReport>(`/api/analytics/restaurants/${id}`)),
    );
    expect(c).toMatchObject({ orders: 1, revenue: inr(0), cancellationRate: 1, refundRate: 1 });
    expect(c?.statusCounts.CANCELLED).toBe(1);
    expect(c?.averagePreparationMinutes).toBe(14);
    expect(c?.topItems).toEqual([]);
    expect({ ...d, restaurantId: undefined }).toEqual({ ...c, restaurantId: undefined });
  });
});

describe('bad ranges', () => {
  it.each([
    ['from not before to', '?from=2026-03-02T09:00:00Z&to=2026-03-02T08:00:00Z', 'ANALYTICS.INVALID_RANGE'],
    ['an empty range', '?from=2026-03-02T09:00:00Z&to=2026-03-02T09:00:00Z', 'ANALYTICS.INVALID_RANGE'],
    ['from in the future', '?from=2026-03-03T00:00:00Z', 'ANALYTICS.INVALID_RANGE'],
    ['more than 92 days', '?from=2025-01-01T00:00:00Z&to=2025-06-01T00:00:00Z', 'ANALYTICS.RANGE_TOO_LONG'],
    ['not an instant', '?from=yesterday', 'COMMON.VALIDATION_FAILED'],
    ['a date without a time', '?from=2026-03-01', 'COMMON.VALIDATION_FAILED'],
  ])('answers 400 for %s', async (_name, query, code) => {
    for (const url of [
      `/api/analytics/summary${query}`,
      `/api/analytics/restaurants/${RESTAURANT_A}${query}`,
    ]) {
      const response = await h.request({ method: 'GET', url, token: admin.token });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ status: 400, code });
      expect(response.json<{ message: string }>().message).not.toBe('');
    }
  });

  it('answers 400 for a restaurant id that is not a UUID', async () => {
    const response = await h.request({
      method: 'GET',
      url: '/api/analytics/restaurants/abc',
      token: admin.token,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
  });
});
