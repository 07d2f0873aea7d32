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

describe('GET/PUT /api/restaurants/{id}/hours', () => {
  const put = (id: string, token: string | undefined, payload: unknown) =>
    h.request({ method: 'PUT', url: `/api/restaurants/${id}/hours`, ...(token ? { token } : {}), payload });

  it('replaces the hours (past midnight allowed), recomputes openNow and publishes the profile', async () => {
    const { id } = await h.restaurant();
    const adminA = await h.user({ roles: ['RESTAURANT_ADMIN'], restaurantIds: [id] });
    // Monday 09:00 UTC is inside Sunday's 22:00-10:00.
    const response = await put(id, adminA.token, {
      hours: { sunday: [{ open: '22:00', close: '10:00' }], friday: [{ open: '18:00', close: '02:00' }] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ restaurantId: id, timeZone: 'UTC', open: true, openNow: true });
    const read = await h.request({ method: 'GET', url: `/api/restaurants/${id}/hours` });
    expect(read.json().hours).toEqual({
      monday: [],
      tuesday: [],
      wednesday: [],
      thursday: [],
      friday: [{ open: '18:00', close: '02:00' }],
      saturday: [],
      sunday: [{ open: '22:00', close: '10:00' }],
    });
    h.clock.advance(60 * 60_000);
    expect((await h.request({ method: 'GET', url: `/api/restaurants/${id}` })).json().openNow).toBe(false);
    const [, event] = await h.outbox('RestaurantProfileUpdated');
    expect(event?.data).toMatchObject({
      restaurant: { hours: { friday: [{ open: '18:00', close: '02:00' }] } },
    });
  });

  it.each([
    [
      'overlaps',
      {
        monday: [
          { open: '09:00', close: '12:00' },
          { open: '11:00', close: '13:00' },
        ],
      },
      'RESTAURANTS.INVALID_HOURS',
    ],
    ['a zero-length interval', { monday: [{ open: '09:00', close: '09:00' }] }, 'RESTAURANTS.INVALID_HOURS'],
    ['a malformed time', { monday: [{ open: '9:00', close: '12:00' }] }, 'COMMON.VALIDATION_FAILED'],
    ['an unknown day', { funday: [] }, 'COMMON.VALIDATION_FAILED'],
    ['a missing close', { monday: [{ open: '09:00' }] }, 'COMMON.VALIDATION_FAILED'],
    [
      'too many intervals',
      { monday: Array.from({ length: 7 }, (_, i) => ({ open: `0${i}:00`, close: `0${i}:30` })) },
      'COMMON.VALIDATION_FAILED',
    ],
  ])('refuses %s with a 400, changing nothing', async (_name, hours, code) => {
    const { id } = await h.restaurant();
    const response = await put(id, await h.adminToken(), { hours });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe(code);
    expect(
      (await h.request({ method: 'GET', url: `/api/restaurants/${id}/hours` })).json().hours.monday,
    ).toEqual([{ open: '00:00', close: '24:00' }]);
    expect(await h.count('outbox')).toBe(1);
  });

  it('is for the restaurant’s admins: staff 403, anonymous 401, unknown 404', async () => {
    const { id } = await h.restaurant();
    const staff = await h.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [id] });
    expect((await put(id, staff.token, { hours: {} })).statusCode).toBe(403);
    expect((await put(id, undefined, { hours: {} })).statusCode).toBe(401);
    expect((await put(UNKNOWN, await h.adminToken(), { hours: {} })).statusCode).toBe(404);
    expect((await h.request({ method: 'GET', url: `/api/restaurants/${UNKNOWN}/hours` })).statusCode).toBe(
      404,
    );
  });
});

describe('PUT /api/restaurants/{id}/status', () => {
  const put = (id: string, token: string | undefined, payload: unknown) =>
    h.request({ method: 'PUT', url: `/api/restaurants/${id}/status`, ...(token ? { token } : {}), payload });

  it('lets staff switch it closed: RestaurantStatusChanged in the outbox and delivered on the bus', async () => {
    const { id } = await h.restaurant();
    const staff = await h.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [id] });
    const delivered = new Promise<unknown>((resolve) => {
      void h.bus.subscribe({
        durableName: 'test.status',
        types: ['RestaurantStatusChanged'],
        maxDeliver: 1,
        backoffMs: () => 0,
        handle: async (event) => resolve(event.data),
      });
    });
    const response = await put(id, staff.token, { open: false, reason: 'kitchen fire drill' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ open: false, openNow: false });
    const [event] = await h.outbox('RestaurantStatusChanged');
    const data = { restaurantId: id, open: false, reason: 'kitchen fire drill', changedBy: staff.id };
    expect(event).toMatchObject({ subject: id, version: 1, data });
    expect(await delivered).toEqual(data);
    expect((await h.request({ method: 'GET', url: `/api/restaurants/${id}` })).json()).toMatchObject({
      open: false,
      openNow: false,
    });
  });

  it('publishes nothing when the switch is already where asked', async () => {
    const { id } = await h.restaurant();
    expect((await put(id, await h.adminToken(), { open: true })).statusCode).toBe(200);
    expect(await h.outbox('RestaurantStatusChanged')).toEqual([]);
  });

  it('refuses staff of another restaurant and customers (403), anonymous (401), bad bodies (400)', async () => {
    const a = await h.restaurant();
    const b = await h.restaurant({ name: 'B' });
    const staffA = await h.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [a.id] });
    const customer = await h.user();
    expect((await put(b.id, staffA.token, { open: false })).statusCode).toBe(403);
    expect((await put(a.id, customer.token, { open: false })).statusCode).toBe(403);
    expect((await put(a.id, undefined, { open: false })).statusCode).toBe(401);
    expect((await put(a.id, staffA.token, { open: 'no' })).statusCode).toBe(400);
    expect((await put(a.id, staffA.token, { open: false, reason: 'x'.repeat(501) })).statusCode).toBe(400);
    expect((await put(UNKNOWN, await h.adminToken(), { open: false })).statusCode).toBe(404);
    expect(await h.outbox('RestaurantStatusChanged')).toEqual([]);
  });
});

describe('/api/restaurants/{id}/staff', () => {
  it('adds staff by email, lists them, revokes them; the revocation holds at once', async () => {
    const { id } = await h.restaurant();
    const owner = await h.user({ roles: ['RESTAURANT_ADMIN'], restaurantIds: [id] });
    const cook = await h.user({ email: 'cook@x.test' });
    const added = await h.request({
      method: 'POST',
      url: `/api/restaurants/${id}/staff`,
      token: owner.token,
      payload: { email: 'cook@x.test', role: 'RESTAURANT_STAFF' },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      accountId: cook.id,
      email: 'cook@x.test',
      role: 'RESTAURANT_STAFF',
    });
    expect(await h.auth.client.getAccount(cook.id)).toMatchObject({ restaurantIds: [id] });
    // The cook's token predates the grant; the membership recorded here already counts.
    expect(
      (
        await h.request({
          method: 'PUT',
          url: `/api/restaurants/${id}/status`,
          token: cook.token,
          payload: { open: false },
        })
      ).statusCode,
    ).toBe(200);

    const list = await h.request({ method: 'GET', url: `/api/restaurants/${id}/staff`, token: owner.token });
    expect(list.json()).toEqual([added.json()]);

    const fresh = await h.user({ email: 'cook2@x.test', roles: ['RESTAURANT_STAFF'], restaurantIds: [id] });
    const removed = await h.request({
      method: 'DELETE',
      url: `/api/restaurants/${id}/staff/${fresh.id}`,
      token: owner.token,
    });
    expect(removed.statusCode).toBe(204);
    expect((await h.auth.client.getAccount(fresh.id)).restaurantIds).toEqual([]);
    // Its token still names the restaurant, but the revocation recorded here wins.
    expect(
      (
        await h.request({
          method: 'PUT',
          url: `/api/restaurants/${id}/status`,
          token: fresh.token,
          payload: { open: true },
        })
      ).statusCode,
    ).toBe(403);
    const again = await h.request({
      method: 'DELETE',
      url: `/api/restaurants/${id}/staff/${fresh.id}`,
      token: owner.token,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('RESTAURANTS.STAFF_NOT_FOUND');
  });

  it('answers 404 RESTAURANTS.ACCOUNT_NOT_FOUND for an unknown email, writing nothing', async () => {
    const { id } = await h.restaurant();
    const response = await h.request({
      method: 'POST',
      url: `/api/restaurants/${id}/staff`,
      token: await h.adminToken(),
      payload: { email: 'ghost@x.test', role: 'RESTAURANT_ADMIN' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('RESTAURANTS.ACCOUNT_NOT_FOUND');
    expect(await h.count('staff')).toBe(0);
  });

  it('is for the restaurant’s admins: its staff, other admins and customers get 403, anonymous 401', async () => {
    const a = await h.restaurant();
    const b = await h.restaurant({ name: 'B' });
    const staffA = await h.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [a.id] });
    const adminB = await h.user({ roles: ['RESTAURANT_ADMIN'], restaurantIds: [b.id] });
    const customer = await h.user({ email: 'c@x.test' });
    for (const token of [staffA.token, adminB.token, customer.token]) {
      expect(
        (await h.request({ method: 'GET', url: `/api/restaurants/${a.id}/staff`, token })).statusCode,
      ).toBe(403);
      const post = await h.request({
        method: 'POST',
        url: `/api/restaurants/${a.id}/staff`,
        token,
        payload: { email: 'c@x.test', role: 'RESTAURANT_ADMIN' },
      });
      expect(post.statusCode).toBe(403);
      const del = await h.request({
        method: 'DELETE',
        url: `/api/restaurants/${a.id}/staff/${staffA.id}`,
        token,
      });
      expect(del.statusCode).toBe(403);
    }
    expect((await h.request({ method: 'GET', url: `/api/restaurants/${a.id}/staff` })).statusCode).toBe(401);
    expect((await h.auth.client.getAccount(customer.id)).restaurantIds).toEqual([]);
    const badRole = await h.request({
      method: 'POST',
      url: `/api/restaurants/${a.id}/staff`,
      token: await h.adminToken(),
      payload: { email: 'c@x.test', role: 'SYSTEM_ADMIN' },
    });
    expect(badRole.statusCode).toBe(400);
    expect(await h.count('staff')).toBe(0);
  });
});
