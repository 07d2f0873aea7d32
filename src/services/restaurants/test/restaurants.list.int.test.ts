import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { RestaurantImport, RestaurantPage } from '../index.js';
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
  await h.client.importRestaurants({ restaurants: FIXTURES });
});
afterEach(async () => {
  await h.close();
});

const CENTER = { lat: 12.9716, lng: 77.5946 };
const id = (n: number) => `0190f000-0000-7000-8000-0000000000${n.toString().padStart(2, '0')}`;
const place = (latitude: number, longitude: number) => ({
  line1: '1 Main Road',
  city: 'Somewhere',
  postcode: '560001',
  latitude,
  longitude,
});
const contact = { phone: '+91 80 1234 5678', email: 'hi@x.test' };

// The clock stands at Monday 2026-03-02 09:00 UTC (14:30 in Kolkata, 18:00 in Tokyo).
const FIXTURES: RestaurantImport[] = [
  {
    id: id(1),
    name: 'Dosa Corner',
    cuisines: ['South Indian'],
    address: place(CENTER.lat, CENTER.lng),
    contact,
    deliveryRadiusKm: 5,
    timeZone: 'UTC',
    hours: ALWAYS_OPEN,
    rating: { average: 4.5, count: 10 },
  },
  {
    id: id(2),
    name: 'Biryani House',
    cuisines: ['Biryani'],
    address: place(CENTER.lat + 0.027, CENTER.lng), // 3 km north; delivers only 2 km
    contact,
    deliveryRadiusKm: 2,
    timeZone: 'Asia/Kolkata',
    hours: { monday: [{ open: '11:00', close: '15:00' }] },
    rating: { average: 4.0, count: 3 },
  },
  {
    id: id(3),
    name: 'Pizza 100%',
    cuisines: ['Italian'],
    address: place(CENTER.lat + 0.18, CENTER.lng), // 20 km north; delivers 30 km
    contact,
    deliveryRadiusKm: 30,
    timeZone: 'UTC',
    hours: { monday: [{ open: '18:00', close: '23:00' }] },
    rating: { average: 3.0, count: 8 },
  },
  {
    id: id(4),
    name: 'Tokyo_Ramen',
    cuisines: ['Japanese'],
    address: place(35.6762, 139.6503),
    contact,
    deliveryRadiusKm: 5,
    timeZone: 'Asia/Tokyo',
    hours: { monday: [{ open: '17:00', close: '22:00' }] },
    rating: { average: 4.8, count: 20 },
  },
];

async function list(query: string, token?: string): Promise<RestaurantPage & { names: string[] }> {
  const response = await h.request({
    method: 'GET',
    url: `/api/restaurants${query}`,
    ...(token ? { token } : {}),
  });
  expect(response.statusCode, response.body).toBe(200);
  const page = response.json<RestaurantPage>();
  return { ...page, names: page.content.map((r) => r.name) };
}

describe('GET /api/restaurants', () => {
  it('lists active restaurants by name, paged', async () => {
    const all = await list('');
    expect(all).toMatchObject({ page: 0, size: 20, totalElements: 4, totalPages: 1 });
    expect(all.names).toEqual(['Biryani House', 'Dosa Corner', 'Pizza 100%', 'Tokyo_Ramen']);
    expect(all.content[0]?.distanceKm).toBeUndefined();
    const second = await list('?size=3&page=1');
    expect(second).toMatchObject({
      page: 1,
      size: 3,
      totalElements: 4,
      totalPages: 2,
      names: ['Tokyo_Ramen'],
    });
    expect(await list('?size=3&page=5')).toMatchObject({ content: [], totalElements: 4, totalPages: 2 });
  });

  it('filters by cuisine (any case), minimum rating and name', async () => {
    expect((await list('?cuisine=BIRYANI')).names).toEqual(['Biryani House']);
    expect((await list('?minRating=4.5')).names).toEqual(['Dosa Corner', 'Tokyo_Ramen']);
    expect((await list('?q=house')).names).toEqual(['Biryani House']);
    // % and _ are letters in a search, not wildcards.
    expect((await list('?q=100%25')).names).toEqual(['Pizza 100%']);
    expect((await list('?q=_')).names).toEqual(['Tokyo_Ramen']);
  });

  it('sorts by rating', async () => {
    expect((await list('?sort=rating')).names).toEqual([
      'Tokyo_Ramen',
      'Dosa Corner',
      'Biryani House',
      'Pizza 100%',
    ]);
  });

  it('filters openNow on each restaurant’s own clock, and follows the manual switch', async () => {
    expect((await list('?openNow=true')).names).toEqual(['Biryani House', 'Dosa Corner', 'Tokyo_Ramen']);
    expect((await list('?openNow=false')).names).toEqual(['Pizza 100%']);
    const page = await list('?openNow=true&size=2&page=1');
    expect(page).toMatchObject({ totalElements: 3, totalPages: 2, names: ['Tokyo_Ramen'] });
    await h.request({
      method: 'PUT',
      url: `/api/restaurants/${id(1)}/status`,
      token: await h.adminToken(),
      payload: { open: false },
    });
    expect((await list('?openNow=true')).names).toEqual(['Biryani House', 'Tokyo_Ramen']);
    // Two hours on: 16:30 in Kolkata (closed), 20:00 in Tokyo (open), 11:00 UTC (Pizza not yet).
    h.clock.advance(2 * 60 * 60_000);
    expect((await list('?openNow=true')).names).toEqual(['Tokyo_Ramen']);
  });

  it('with a point and no radius, lists who delivers there, nearest first, with distanceKm', async () => {
    const near = await list(`?lat=${CENTER.lat}&lng=${CENTER.lng}`);
    expect(near.names).toEqual(['Dosa Corner', 'Pizza 100%']);
    expect(near.content[0]?.distanceKm).toBe(0);
    expect(near.content[1]?.distanceKm).toBeCloseTo(20.02, 1);
  });

  it('with a point and a radius, lists everything within it', async () => {
    const within = await list(`?lat=${CENTER.lat}&lng=${CENTER.lng}&radiusKm=5`);
    expect(within.names).toEqual(['Dosa Corner', 'Biryani House']);
    expect(within.content[1]?.distanceKm).toBeCloseTo(3, 0);
    expect((await list(`?lat=${CENTER.lat}&lng=${CENTER.lng}&radiusKm=5&sort=name`)).names).toEqual([
      'Biryani House',
      'Dosa Corner',
    ]);
    expect(
      (await list(`?lat=${CENTER.lat}&lng=${CENTER.lng}&radiusKm=50&openNow=true&cuisine=italian`)).names,
    ).toEqual([]);
  });

  it.each([
    ['lat without lng', '?lat=12.9', 'RESTAURANTS.INVALID_QUERY'],
    ['radius without a point', '?radiusKm=5', 'RESTAURANTS.INVALID_QUERY'],
    ['sort by distance without a point', '?sort=distance', 'RESTAURANTS.INVALID_QUERY'],
    ['a negative radius', `?lat=1&lng=1&radiusKm=-3`, 'COMMON.VALIDATION_FAILED'],
    ['a page size over 100', '?size=101', 'COMMON.VALIDATION_FAILED'],
    ['a negative page', '?page=-1', 'COMMON.VALIDATION_FAILED'],
    ['an unknown sort', '?sort=price', 'COMMON.VALIDATION_FAILED'],
    ['a non-numeric rating', '?minRating=great', 'COMMON.VALIDATION_FAILED'],
    ['an oversized search', `?q=${'x'.repeat(101)}`, 'COMMON.VALIDATION_FAILED'],
  ])('refuses %s with a 400', async (_name, query, code) => {
    const response = await h.request({ method: 'GET', url: `/api/restaurants${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, code });
  });
});
