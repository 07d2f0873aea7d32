import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createTestSql, startRestaurants, type RestaurantsHarness } from './restaurants-harness.js';

let sql: PgliteSql;
let h: RestaurantsHarness;
beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startRestaurants(sql);
});
afterEach(async () => {
  await h.close();
});

const UNKNOWN = '0190f000-0000-7000-8000-0000000000ff';

describe('GET /api/restaurants/{id}', () => {
  it('answers the view to anyone, with an ETag that If-None-Match turns into a 304', async () => {
    const { id } = await h.restaurant();
    const first = await h.request({ method: 'GET', url: `/api/restaurants/${id}` });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ id, status: 'ACTIVE', openNow: true });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await h.request({
      method: 'GET',
      url: `/api/restaurants/${id}`,
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const unknown = await h.request({ method: 'GET', url: `/api/restaurants/${UNKNOWN}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({
      code: 'RESTAURANTS.NOT_FOUND',
      path: `/api/restaurants/${UNKNOWN}`,
    });
    expect((await h.request({ method: 'GET', url: '/api/restaurants/not-a-uuid' })).statusCode).toBe(400);
  });

  it('is never stale after a change: GET, PATCH, GET shows the change and a new ETag', async () => {
    const { id } = await h.restaurant();
    const before = await h.request({ method: 'GET', url: `/api/restaurants/${id}` });
    const patch = await h.request({
      method: 'PATCH',
      url: `/api/restaurants/${id}`,
      token: await h.adminToken(),
      payload: { name: 'Dosa Palace', cuisines: [' Tiffin '] },
    });
    expect(patch.statusCode).toBe(200);
    const after = await h.request({
      method: 'GET',
      url: `/api/restaurants/${id}`,
      headers: { 'if-none-match': before.headers.etag as string },
    });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({
      name: 'Dosa Palace',
      cuisines: ['tiffin'],
      updatedAt: '2026-03-02T09:00:00.000Z',
    });
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('goes through the cache under restaurants:detail:<id>', async () => {
    const { id } = await h.restaurant();
    await h.request({ method: 'GET', url: `/api/restaurants/${id}` });
    expect(await h.deps.cache.get(`restaurants:detail:${id}`)).toMatchObject({ id, name: 'Dosa Corner' });
    await h.request({
      method: 'PUT',
      url: `/api/restaurants/${id}/status`,
      token: await h.adminToken(),
      payload: { open: false },
    });
    expect(await h.deps.cache.get(`restaurants:detail:${id}`)).toBeUndefined();
  });

  it('computes openNow with the clock: the hours decide, on the restaurant’s own time', async () => {
    const { id } = await h.restaurant({
      timeZone: 'Asia/Kolkata',
      hours: { monday: [{ open: '11:00', close: '15:00' }] },
    });
    // The clock is Monday 09:00 UTC = 14:30 in Kolkata.
    expect((await h.request({ method: 'GET', url: `/api/restaurants/${id}` })).json().openNow).toBe(true);
    h.clock.advance(60 * 60_000);
    expect((await h.request({ method: 'GET', url: `/api/restaurants/${id}` })).json().openNow).toBe(false);
  });
});

describe('PATCH /api/restaurants/{id}', () => {
  const patch = (id: string, token: string | undefined, payload: unknown) =>
    h.request({ method: 'PATCH', url: `/api/restaurants/${id}`, ...(token ? { token } : {}), payload });

  it('publishes the whole profile as RestaurantProfileUpdated', async () => {
    const { id } = await h.restaurant();
    await patch(id, await h.adminToken(), { deliveryRadiusKm: 8, timeZone: 'Asia/Kolkata' });
    const events = await h.outbox('RestaurantProfileUpdated');
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      type: 'RestaurantProfileUpdated',
      version: 1,
      source: 'restaurants',
      subject: id,
      data: {
        restaurant: {
          id,
          deliveryRadiusKm: 8,
          timeZone: 'Asia/Kolkata',
          hours: { monday: [{ open: '00:00' }] },
        },
      },
    });
  });

  it('lets the restaurant’s admin patch it, but not its staff, another restaurant’s admin, or a customer', async () => {
    const a = await h.restaurant();
    const b = await h.restaurant({ name: 'Biryani House' });
    const adminA = await h.user({ roles: ['RESTAURANT_ADMIN'], restaurantIds: [a.id] });
    const staffA = await h.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [a.id] });
    const customer = await h.user();
    expect((await patch(a.id, adminA.token, { name: 'A+' })).statusCode).toBe(200);
    for (const [who, token] of [
      ['staff of A', staffA.token],
      ['admin of A on B', adminA.token],
      ['a customer', customer.token],
    ] as const) {
      const target = who === 'admin of A on B' ? b.id : a.id;
      const response = await patch(target, token, { name: 'Hijacked' });
      expect(response.statusCode, who).toBe(403);
      expect(response.json().code).toBe('COMMON.FORBIDDEN');
    }
    expect((await patch(a.id, undefined, { name: 'x' })).statusCode).toBe(401);
    const names = (await h.outbox('RestaurantProfileUpdated')).map(
      (e) => (e.data as { restaurant: { name: string } }).restaurant.name,
    );
    expect(names).toEqual(['Dosa Corner', 'Biryani House', 'A+']);
  });

  it.each([
    ['an empty patch', {}, 'COMMON.VALIDATION_FAILED'],
    ['an unknown time zone', { timeZone: 'Nowhere/Land' }, 'RESTAURANTS.INVALID_TIME_ZONE'],
    ['a zero radius', { deliveryRadiusKm: 0 }, 'COMMON.VALIDATION_FAILED'],
    ['an oversized description', { description: 'x'.repeat(2001) }, 'COMMON.VALIDATION_FAILED'],
    [
      'too many cuisines',
      { cuisines: Array.from({ length: 11 }, (_, i) => `c${i}`) },
      'COMMON.VALIDATION_FAILED',
    ],
    ['a partial address', { address: { city: 'Pune' } }, 'COMMON.VALIDATION_FAILED'],
  ])('refuses %s with a 400, changing nothing', async (_name, payload, code) => {
    const { id } = await h.restaurant();
    const response = await patch(id, await h.adminToken(), payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe(code);
    expect((await h.request({ method: 'GET', url: `/api/restaurants/${id}` })).json().name).toBe(
      'Dosa Corner',
    );
    expect(await h.outbox('RestaurantProfileUpdated')).toHaveLength(1);
  });

  it('answers 404 for an unknown restaurant', async () => {
    const response = await patch(UNKNOWN, await h.adminToken(), { name: 'x' });
    expect(response.statusCode).toBe(404);
  });
});
