import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { RestaurantImport } from '../index.js';
import {
  ALWAYS_OPEN,
  createTestSql,
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

const UNKNOWN = '0190f000-0000-7000-8000-0000000000ff';
const idOf = (n: number) => `0190f000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const seed = (n: number, overrides: Partial<RestaurantImport> = {}): RestaurantImport => ({
  id: idOf(n),
  name: `Restaurant ${n}`,
  cuisines: ['Demo'],
  address: { line1: `${n} Road`, city: 'Bengaluru', postcode: '560001', latitude: 12.97, longitude: 77.59 },
  contact: { phone: '+91 80 0000 0000', email: `r${n}@demo.test` },
  deliveryRadiusKm: 5,
  timeZone: 'UTC',
  hours: ALWAYS_OPEN,
  ...overrides,
});

describe('importRestaurants', () => {
  it('creates ACTIVE open restaurants with their ids, idempotently, each with its event', async () => {
    expect(await h.client.importRestaurants({ restaurants: [seed(1), seed(2)] })).toEqual({ created: 2 });
    expect(await h.client.importRestaurants({ restaurants: [seed(1), seed(2), seed(3)] })).toEqual({
      created: 1,
    });
    const events = await h.outbox('RestaurantProfileUpdated');
    expect(events.map((e) => e.subject)).toEqual([idOf(1), idOf(2), idOf(3)]);
    expect(await h.client.getRestaurant({ id: idOf(3) })).toMatchObject({
      status: 'ACTIVE',
      open: true,
      openNow: true,
    });
  });

  it('loads 10,000 restaurants in a few seconds', async () => {
    const restaurants = Array.from({ length: 10_000 }, (_, i) => seed(i + 1));
    const started = performance.now();
    expect(await h.client.importRestaurants({ restaurants })).toEqual({ created: 10_000 });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(await h.count('restaurants')).toBe(10_000);
    expect(await h.count('outbox')).toBe(10_000);
    const page = await h.request({ method: 'GET', url: '/api/restaurants?openNow=true&size=5&page=3' });
    expect(page.json()).toMatchObject({ totalElements: 10_000, totalPages: 2000 });
  }, 60_000);

  it('refuses the whole batch when one restaurant is bad, naming it, and writes nothing', async () => {
    const badZone = h.client.importRestaurants({
      restaurants: [seed(1), seed(2, { timeZone: 'Moon/Base' })],
    });
    await expect(badZone).rejects.toThrowCode('RESTAURANTS.INVALID_TIME_ZONE');
    await expect(badZone).rejects.toMatchObject({ details: { restaurantId: idOf(2) } });
    const badHours = seed(3, {
      hours: {
        monday: [
          { open: '10:00', close: '12:00' },
          { open: '11:00', close: '13:00' },
        ],
      },
    });
    await expect(h.client.importRestaurants({ restaurants: [badHours] })).rejects.toThrowCode(
      'RESTAURANTS.INVALID_HOURS',
    );
    const badShape = { ...seed(4), deliveryRadiusKm: -1 };
    await expect(h.client.importRestaurants({ restaurants: [badShape] })).rejects.toThrowCode(
      'RESTAURANTS.INVALID_INPUT',
    );
    expect(await h.count('restaurants')).toBe(0);
    expect(await h.count('outbox')).toBe(0);
  });
});

describe('getRestaurant, getRestaurants', () => {
  it('answers views, in the order asked, leaving unknown ids out; an unknown id is RESTAURANTS.NOT_FOUND', async () => {
    await h.client.importRestaurants({ restaurants: [seed(1), seed(2)] });
    const views = await h.client.getRestaurants({ ids: [idOf(2), UNKNOWN, idOf(1)] });
    expect(views.map((v) => v.id)).toEqual([idOf(2), idOf(1)]);
    await expect(h.client.getRestaurant({ id: UNKNOWN })).rejects.toThrowCode('RESTAURANTS.NOT_FOUND');
    await expect(h.client.getRestaurant({ id: 'nope' })).rejects.toThrowCode('RESTAURANTS.INVALID_INPUT');
  });
});

describe('checkOrderable', () => {
  const at = { latitude: 12.97, longitude: 77.59 };

  it('says yes for a delivery inside the radius of an open restaurant', async () => {
    await h.client.importRestaurants({ restaurants: [seed(1)] });
    const check = await h.client.checkOrderable({ restaurantId: idOf(1), ...at, fulfillment: 'DELIVERY' });
    expect(check).toMatchObject({
      openNow: true,
      distanceKm: 0,
      withinDeliveryRadius: true,
      orderable: true,
    });
    expect(check.reason).toBeUndefined();
  });

  it('says why not: out of range, closed, not active; pickup ignores the radius', async () => {
    await h.client.importRestaurants({ restaurants: [seed(1), seed(2, { hours: {} })] });
    const far = { latitude: 13.2, longitude: 77.59 };
    expect(
      await h.client.checkOrderable({ restaurantId: idOf(1), ...far, fulfillment: 'DELIVERY' }),
    ).toMatchObject({
      withinDeliveryRadius: false,
      orderable: false,
      reason: 'OUT_OF_RANGE',
    });
    expect(
      await h.client.checkOrderable({ restaurantId: idOf(1), ...far, fulfillment: 'PICKUP' }),
    ).toMatchObject({
      withinDeliveryRadius: true,
      orderable: true,
    });
    expect(await h.client.checkOrderable({ restaurantId: idOf(2), fulfillment: 'PICKUP' })).toMatchObject({
      openNow: false,
      reason: 'CLOSED',
    });
    const applicant = await h.user();
    const applied = await h.request({
      method: 'POST',
      url: '/api/restaurants',
      token: applicant.token,
      payload: { ...seed(9), id: undefined },
    });
    expect(
      await h.client.checkOrderable({ restaurantId: applied.json().id, fulfillment: 'PICKUP' }),
    ).toMatchObject({
      openNow: false,
      reason: 'NOT_ACTIVE',
    });
  });

  it('needs the point for a delivery; unknown restaurants are RESTAURANTS.NOT_FOUND', async () => {
    await h.client.importRestaurants({ restaurants: [seed(1)] });
    await expect(
      h.client.checkOrderable({ restaurantId: idOf(1), fulfillment: 'DELIVERY' }),
    ).rejects.toThrowCode('RESTAURANTS.LOCATION_REQUIRED');
    await expect(
      h.client.checkOrderable({ restaurantId: UNKNOWN, ...at, fulfillment: 'DELIVERY' }),
    ).rejects.toThrowCode('RESTAURANTS.NOT_FOUND');
  });
});

describe('updateRating', () => {
  it('sets the rating, publishes the profile, and the cached detail follows', async () => {
    await h.client.importRestaurants({ restaurants: [seed(1)] });
    const url = `/api/restaurants/${idOf(1)}`;
    expect((await h.request({ method: 'GET', url })).json().rating).toEqual({ average: 0, count: 0 });
    const view = await h.client.updateRating({ restaurantId: idOf(1), average: 4.2, count: 17 });
    expect(view.rating).toEqual({ average: 4.2, count: 17 });
    expect((await h.request({ method: 'GET', url })).json().rating).toEqual({ average: 4.2, count: 17 });
    const events = await h.outbox('RestaurantProfileUpdated');
    expect(events.at(-1)?.data).toMatchObject({ restaurant: { rating: { average: 4.2, count: 17 } } });
    await expect(h.client.updateRating({ restaurantId: idOf(1), average: 6, count: 1 })).rejects.toThrowCode(
      'RESTAURANTS.INVALID_INPUT',
    );
    await expect(h.client.updateRating({ restaurantId: UNKNOWN, average: 4, count: 1 })).rejects.toThrowCode(
      'RESTAURANTS.NOT_FOUND',
    );
  });
});
