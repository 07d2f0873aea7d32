import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { RestaurantReport } from '../index.js';
import { createTestSql, startAnalytics, type AnalyticsHarness } from './analytics-harness.js';
import { feedFourOrders, RESTAURANT_A, RESTAURANT_B } from './analytics-scenario.js';

let sql: PgliteSql;
let h: AnalyticsHarness;

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startAnalytics(sql);
  h.clock.set('2026-03-02T09:30:00.000Z');
  await feedFourOrders(h.feed, () => h.deps.ids.next());
});
afterEach(async () => {
  await h.close();
});

const SUMMARY = '/api/analytics/summary';
const OF_A = `/api/analytics/restaurants/${RESTAURANT_A}`;
const OF_B = `/api/analytics/restaurants/${RESTAURANT_B}`;

async function status(url: string, token?: string): Promise<[number, string | undefined]> {
  const response = await h.request({ method: 'GET', url, ...(token === undefined ? {} : { token }) });
  return [
    response.statusCode,
    response.statusCode === 200 ? undefined : response.json<{ code: string }>().code,
  ];
}

describe('who may read analytics', () => {
  it('answers 401 without a token', async () => {
    expect(await status(SUMMARY)).toEqual([401, 'COMMON.UNAUTHENTICATED']);
    expect(await status(OF_A)).toEqual([401, 'COMMON.UNAUTHENTICATED']);
  });

  it('gives the summary to system admins only', async () => {
    const admin = await h.user({ roles: ['SYSTEM_ADMIN'] });
    expect(await status(SUMMARY, admin.token)).toEqual([200, undefined]);
    for (const roles of [
      ['CUSTOMER'],
      ['RESTAURANT_ADMIN'],
      ['RESTAURANT_STAFF'],
      ['DELIVERY_PARTNER'],
    ] as const) {
      const staffRole = roles[0] === 'RESTAURANT_ADMIN' || roles[0] === 'RESTAURANT_STAFF';
      const user = await h.user({
        roles: [...roles],
        ...(staffRole ? { restaurantIds: [RESTAURANT_A] } : {}),
      });
      expect(await status(SUMMARY, user.token)).toEqual([403, 'COMMON.FORBIDDEN']);
    }
  });

  it("gives a restaurant's report to its staff and admins and to system admins, and 403 to anyone else", async () => {
    const staffA = await h.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [RESTAURANT_A] });
    const ownerA = await h.user({ roles: ['RESTAURANT_ADMIN'], restaurantIds: [RESTAURANT_A] });
    const ownerB = await h.user({ roles: ['RESTAURANT_ADMIN'], restaurantIds: [RESTAURANT_B] });
    const admin = await h.user({ roles: ['SYSTEM_ADMIN'] });
    const customer = await h.user({ roles: ['CUSTOMER'] });
    const courier = await h.user({ roles: ['DELIVERY_PARTNER'] });

    expect(await status(OF_A, staffA.token)).toEqual([200, undefined]);
    expect(await status(OF_A, ownerA.token)).toEqual([200, undefined]);
    expect(await status(OF_A, admin.token)).toEqual([200, undefined]);
    expect(await status(OF_B, ownerB.token)).toEqual([200, undefined]);
    expect(await status(OF_B, staffA.token)).toEqual([403, 'ANALYTICS.NOT_YOUR_RESTAURANT']);
    expect(await status(OF_A, ownerB.token)).toEqual([403, 'ANALYTICS.NOT_YOUR_RESTAURANT']);
    expect(await status(OF_A, customer.token)).toEqual([403, 'ANALYTICS.NOT_YOUR_RESTAURANT']);
    expect(await status(OF_A, courier.token)).toEqual([403, 'ANALYTICS.NOT_YOUR_RESTAURANT']);
  });

  it("shows a restaurant's staff only its own numbers", async () => {
    const ownerB = await h.user({ roles: ['RESTAURANT_ADMIN'], restaurantIds: [RESTAURANT_B] });
    const response = await h.request({ method: 'GET', url: OF_B, token: ownerB.token });
    const report = response.json<RestaurantReport>();
    expect(report).toMatchObject({ restaurantId: RESTAURANT_B, orders: 1, revenue: { amount: 20000 } });
    expect(report.topItems.map((item) => item.name)).toEqual(['Idli']);
  });
});
