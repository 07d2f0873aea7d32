import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { RestaurantView } from '../index.js';
import {
  createTestSql,
  restaurantBody,
  startRestaurants,
  type RestaurantsHarness,
} from './restaurants-harness.js';

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

const create = (token: string | undefined, payload: unknown) =>
  h.request({ method: 'POST', url: '/api/restaurants', ...(token ? { token } : {}), payload });

describe('POST /api/restaurants', () => {
  it('lets a system admin create an ACTIVE restaurant whose owner becomes its admin', async () => {
    const owner = await h.user({ email: 'owner@x.test' });
    const response = await create(await h.adminToken(), restaurantBody({ ownerEmail: 'OWNER@x.test' }));
    expect(response.statusCode).toBe(201);
    const view = response.json<RestaurantView>();
    expect(view).toMatchObject({
      name: 'Dosa Corner',
      status: 'ACTIVE',
      open: true,
      openNow: true,
      cuisines: ['south indian', 'vegetarian'],
      rating: { average: 0, count: 0 },
      createdAt: '2026-03-02T09:00:00.000Z',
    });
    expect(view.hours.saturday).toEqual([{ open: '00:00', close: '24:00' }]);
    expect(response.headers.location).toBe(`/api/restaurants/${view.id}`);
    expect((await h.auth.client.getAccount(owner.id)).restaurantIds).toEqual([view.id]);
    const staff = await h.request({
      method: 'GET',
      url: `/api/restaurants/${view.id}/staff`,
      token: owner.token,
    });
    // The owner's token predates the grant: the membership recorded here lets them in at once.
    expect(staff.statusCode).toBe(200);
    expect(staff.json()).toMatchObject([
      { accountId: owner.id, role: 'RESTAURANT_ADMIN', email: 'owner@x.test' },
    ]);
    const [event] = await h.outbox('RestaurantProfileUpdated');
    expect(event).toMatchObject({
      subject: view.id,
      data: { restaurant: { id: view.id, status: 'ACTIVE' } },
    });
  });

  it('turns anyone else’s request into an application waiting for approval, hidden from the public', async () => {
    const applicant = await h.user();
    const response = await create(applicant.token, restaurantBody());
    expect(response.statusCode).toBe(201);
    const { id, status } = response.json<RestaurantView>();
    expect(status).toBe('PENDING_APPROVAL');
    expect((await h.request({ method: 'GET', url: `/api/restaurants/${id}` })).statusCode).toBe(404);
    const stranger = await h.user();
    expect(
      (await h.request({ method: 'GET', url: `/api/restaurants/${id}`, token: stranger.token })).statusCode,
    ).toBe(404);
    expect(
      (await h.request({ method: 'GET', url: `/api/restaurants/${id}`, token: applicant.token })).statusCode,
    ).toBe(200);
    const list = await h.request({ method: 'GET', url: '/api/restaurants' });
    expect(list.json()).toMatchObject({ content: [], totalElements: 0 });
    const pending = await h.request({
      method: 'GET',
      url: '/api/restaurants?status=PENDING_APPROVAL',
      token: await h.adminToken(),
    });
    expect(pending.json()).toMatchObject({ totalElements: 1, content: [{ id }] });
    const refused = await h.request({
      method: 'GET',
      url: '/api/restaurants?status=PENDING_APPROVAL',
      token: applicant.token,
    });
    expect(refused.statusCode).toBe(403);
  });

  it('refuses a non-admin naming an owner (403), and an unknown owner email (404), writing nothing', async () => {
    const customer = await h.user();
    const forbidden = await create(customer.token, restaurantBody({ ownerEmail: 'someone@x.test' }));
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('COMMON.FORBIDDEN');
    const unknown = await create(await h.adminToken(), restaurantBody({ ownerEmail: 'nobody@x.test' }));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('RESTAURANTS.ACCOUNT_NOT_FOUND');
    expect(await h.count('restaurants')).toBe(0);
    expect(await h.count('outbox')).toBe(0);
  });

  it('answers 401 without a token', async () => {
    const response = await create(undefined, restaurantBody());
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('COMMON.UNAUTHENTICATED');
  });

  it.each([
    ['a missing name', { name: undefined }, 'COMMON.VALIDATION_FAILED'],
    ['a wrong type', { deliveryRadiusKm: 'far' }, 'COMMON.VALIDATION_FAILED'],
    ['a negative radius', { deliveryRadiusKm: -1 }, 'COMMON.VALIDATION_FAILED'],
    ['an oversized name', { name: 'x'.repeat(121) }, 'COMMON.VALIDATION_FAILED'],
    [
      'a latitude off the globe',
      { address: { ...restaurantBody().address, latitude: 91 } },
      'COMMON.VALIDATION_FAILED',
    ],
    [
      'a bad email',
      { contact: { phone: '+91 80 1234 5678', email: 'not-an-email' } },
      'COMMON.VALIDATION_FAILED',
    ],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'RESTAURANTS.INVALID_TIME_ZONE'],
    [
      'a malformed hour',
      { hours: { monday: [{ open: '25:00', close: '26:00' }] } },
      'COMMON.VALIDATION_FAILED',
    ],
    [
      'overlapping hours',
      {
        hours: {
          monday: [
            { open: '10:00', close: '15:00' },
            { open: '14:00', close: '18:00' },
          ],
        },
      },
      'RESTAURANTS.INVALID_HOURS',
    ],
  ])('refuses %s with a 400 in the error format, writing nothing', async (_name, overrides, code) => {
    const response = await create(await h.adminToken(), { ...restaurantBody(), ...overrides });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, code, path: '/api/restaurants' });
    expect(await h.count('restaurants')).toBe(0);
    expect(await h.count('outbox')).toBe(0);
  });
});

describe('PUT /api/restaurants/{id}/approval', () => {
  async function apply() {
    const applicant = await h.user();
    const response = await create(applicant.token, restaurantBody());
    return { applicant, id: response.json<RestaurantView>().id };
  }
  const decide = async (id: string, payload: unknown, token?: string) =>
    h.request({
      method: 'PUT',
      url: `/api/restaurants/${id}/approval`,
      token: token ?? (await h.adminToken()),
      payload,
    });

  it('approves: ACTIVE, listed, the applicant becomes its admin, an event is published', async () => {
    const { applicant, id } = await apply();
    const response = await decide(id, { approved: true });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ACTIVE' });
    expect((await h.auth.client.getAccount(applicant.id)).roles).toContain('RESTAURANT_ADMIN');
    expect((await h.request({ method: 'GET', url: `/api/restaurants/${id}` })).statusCode).toBe(200);
    const events = await h.outbox('RestaurantProfileUpdated');
    expect(events.map((e) => e.data)).toMatchObject([
      { restaurant: { status: 'PENDING_APPROVAL' } },
      { restaurant: { status: 'ACTIVE' } },
    ]);
    const patch = await h.request({
      method: 'PATCH',
      url: `/api/restaurants/${id}`,
      token: applicant.token,
      payload: { name: 'Dosa Palace' },
    });
    expect(patch.statusCode).toBe(200);
  });

  it('rejects with a reason; a second decision is a 409; unknown ids 404', async () => {
    const { applicant, id } = await apply();
    const rejected = await decide(id, { approved: false, reason: 'incomplete papers' });
    expect(rejected.json()).toMatchObject({ status: 'REJECTED', statusReason: 'incomplete papers' });
    expect((await h.auth.client.getAccount(applicant.id)).restaurantIds).toEqual([]);
    const again = await decide(id, { approved: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('RESTAURANTS.NOT_PENDING');
    const unknown = await decide('0190f000-0000-7000-8000-0000000000ff', { approved: true });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('RESTAURANTS.NOT_FOUND');
  });

  it('is for system admins only', async () => {
    const { applicant, id } = await apply();
    const response = await decide(id, { approved: true }, applicant.token);
    expect(response.statusCode).toBe(403);
    expect(
      (
        await h.request({
          method: 'PUT',
          url: `/api/restaurants/${id}/approval`,
          payload: { approved: true },
        })
      ).statusCode,
    ).toBe(401);
    const bad = await decide(id, { approved: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(await h.outbox('RestaurantProfileUpdated')).toHaveLength(1);
  });
});
