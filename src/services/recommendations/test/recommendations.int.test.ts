import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { Recommendations } from '../index.js';
import {
  CENTRE,
  menuItem,
  menuItemDeleted,
  orderPlaced,
  preferencesUpdated,
  restaurantProfile,
  restaurantSwitched,
  type Dish,
} from './recommendation-events.js';
import {
  createTestSql,
  startRecommendations,
  type RecommendationsHarness,
} from './recommendations-harness.js';

let sql: PgliteSql;
let h: RecommendationsHarness;
let me: { id: string; token: string };

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startRecommendations(sql);
  me = await h.user();
});
afterEach(async () => {
  await h.close();
});

const id = () => h.deps.ids.next();

async function recommendations(query = '', token = me.token): Promise<Recommendations> {
  const response = await h.request({ method: 'GET', url: `/api/recommendations${query}`, token });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Recommendations>();
}

/**
 * Three restaurants around the centre of the demo city and one 30 km north; South Indian at `udupi`,
 * North Indian at `dhaba` (switched off), Chinese at `wok`, and `far` out of everyone's reach.
 */
async function aSmallCity() {
  const r = { udupi: id(), dhaba: id(), wok: id(), far: id() };
  const dish = (
    restaurantId: string,
    name: string,
    price: number,
    dietaryTags: string[] = [],
    allergens: string[] = [],
  ): Dish => ({
    id: id(),
    restaurantId,
    name,
    price,
    dietaryTags,
    allergens,
  });
  const d = {
    dosa: dish(r.udupi, 'Masala Dosa', 12000, ['VEGETARIAN']),
    coffee: dish(r.udupi, 'Filter Coffee', 4000, ['VEGETARIAN'], ['MILK']),
    vada: dish(r.udupi, 'Medu Vada', 6000, ['VEGAN']),
    butterChicken: dish(r.dhaba, 'Butter Chicken', 32000, ['HALAL'], ['MILK']),
    naan: dish(r.dhaba, 'Garlic Naan', 6000, ['VEGETARIAN'], ['WHEAT', 'MILK']),
    noodles: dish(r.wok, 'Hakka Noodles', 18000),
    farBiryani: dish(r.far, 'Far Biryani', 25000, ['HALAL']),
  };
  await h.feed(restaurantProfile(r.udupi, { name: 'Udupi Corner', cuisines: ['South Indian'] }));
  await h.feed(restaurantProfile(r.dhaba, { name: 'Highway Dhaba', cuisines: ['North Indian', 'Punjabi'] }));
  await h.feed(
    restaurantProfile(r.wok, {
      name: 'Wok Express',
      cuisines: ['Chinese'],
      latitude: 12.98,
      longitude: 77.6,
    }),
  );
  await h.feed(
    restaurantProfile(r.far, {
      name: 'Far Away',
      cuisines: ['Hyderabadi'],
      latitude: 13.24,
      longitude: 77.6,
    }),
  );
  await h.feed(restaurantSwitched(r.dhaba, false), '2026-03-02T08:00:00.000Z');
  for (const one of Object.values(d)) await h.feed(menuItem(one));
  return { r, d };
}

const customer = () => id();

describe('GET /api/recommendations', () => {
  it('answers 401 without a token', async () => {
    const response = await h.request({ method: 'GET', url: '/api/recommendations' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'COMMON.UNAUTHENTICATED' });
  });

  it.each([
    ['a limit above 50', '?limit=51', 'COMMON.VALIDATION_FAILED'],
    ['a limit of 0', '?limit=0', 'COMMON.VALIDATION_FAILED'],
    ['a limit that is not a number', '?limit=ten', 'COMMON.VALIDATION_FAILED'],
    ['a latitude past 90', '?lat=91&lng=77', 'COMMON.VALIDATION_FAILED'],
    ['a latitude without a longitude', '?lat=12.9', 'RECOMMENDATIONS.LOCATION_INCOMPLETE'],
    ['a longitude without a latitude', '?lng=77.5', 'RECOMMENDATIONS.LOCATION_INCOMPLETE'],
  ])('answers 400 for %s', async (_name, query, code) => {
    const response = await h.request({ method: 'GET', url: `/api/recommendations${query}`, token: me.token });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, code });
  });

  it('starts cold with what is popular near the point, open restaurants first', async () => {
    const { r, d } = await aSmallCity();
    // Others' orders: the (closed) dhaba is the most ordered, then udupi; the far one is busy too.
    for (let i = 0; i < 3; i += 1)
      await h.feed(orderPlaced(id(), customer(), r.dhaba, [{ dish: d.butterChicken }]));
    for (let i = 0; i < 2; i += 1) await h.feed(orderPlaced(id(), customer(), r.udupi, [{ dish: d.dosa }]));
    for (let i = 0; i < 5; i += 1)
      await h.feed(orderPlaced(id(), customer(), r.far, [{ dish: d.farBiryani }]));

    const near = await recommendations(`?lat=${CENTRE.latitude}&lng=${CENTRE.longitude}`);
    expect(near.basis).toBe('POPULAR_NEARBY');
    expect(near.restaurants.map((x) => [x.name, x.openNow])).toEqual([
      ['Udupi Corner', true],
      ['Wok Express', true],
      ['Highway Dhaba', false],
    ]);
    expect(near.restaurants.every((x) => x.reason === 'Popular near you' && x.reasonKind === 'POPULAR')).toBe(
      true,
    );
    expect(near.restaurants[0]?.distanceKm).toBe(0);
    expect(near.dishes[0]).toMatchObject({
      name: 'Masala Dosa',
      restaurantName: 'Udupi Corner',
      price: { amount: 12000, currency: 'INR' },
      openNow: true,
      reason: 'Popular near you',
    });
    expect(near.dishes.map((x) => x.name)).not.toContain('Far Biryani');

    // Without a point, the whole city: the far restaurant too, and it is the most ordered.
    const city = await recommendations();
    expect(city.restaurants[0]).toMatchObject({
      name: 'Far Away',
      reason: 'Popular in your city',
      distanceKm: null,
    });
    expect(city.dishes[0]?.name).toBe('Far Biryani');
  });

  it('puts what customers who ordered the same also ordered first, naming the dish', async () => {
    const { r, d } = await aSmallCity();
    // Two customers had dosa and coffee, one dosa and vada; the wok's noodles are popular with strangers.
    for (const lines of [
      [d.dosa, d.coffee],
      [d.dosa, d.coffee],
      [d.dosa, d.vada],
    ]) {
      await h.feed(
        orderPlaced(
          id(),
          customer(),
          r.udupi,
          lines.map((dish) => ({ dish })),
        ),
      );
    }
    for (let i = 0; i < 4; i += 1) await h.feed(orderPlaced(id(), customer(), r.wok, [{ dish: d.noodles }]));
    await h.feed(orderPlaced(id(), me.id, r.udupi, [{ dish: d.dosa }]));

    const mine = await recommendations();
    expect(mine.basis).toBe('PERSONAL');
    expect(mine.dishes.slice(0, 2).map((x) => [x.name, x.reason])).toEqual([
      ['Filter Coffee', 'Often ordered with Masala Dosa'],
      ['Medu Vada', 'Often ordered with Masala Dosa'],
    ]);
    expect(mine.restaurants[0]).toMatchObject({ name: 'Udupi Corner', reasonKind: 'CO_ORDERED' });
    // Someone else with no orders still gets the popular list.
    const stranger = await h.user();
    const cold = await recommendations('', stranger.token);
    expect(cold.basis).toBe('POPULAR_NEARBY');
    expect(cold.dishes[0]?.name).toBe('Hakka Noodles');
  });

  it('follows the newest preferences: liked cuisines first, and nothing the diet forbids', async () => {
    const { r, d } = await aSmallCity();
    for (let i = 0; i < 3; i += 1) await h.feed(orderPlaced(id(), customer(), r.wok, [{ dish: d.noodles }]));
    await h.feed(orderPlaced(id(), customer(), r.dhaba, [{ dish: d.butterChicken }, { dish: d.naan }]));
    await h.feed(orderPlaced(id(), me.id, r.dhaba, [{ dish: d.naan }]));

    await h.feed(preferencesUpdated(me.id, ['south indian'], ['VEGETARIAN']), '2026-03-02T08:30:00.000Z');
    // An older change delivered late must not win.
    await h.feed(preferencesUpdated(me.id, ['Chinese'], []), '2026-03-02T08:00:00.000Z');

    const mine = await recommendations('?limit=50');
    expect(mine.basis).toBe('PERSONAL');
    expect(mine.restaurants[0]).toMatchObject({
      name: 'Udupi Corner',
      reason: 'Because you like south indian',
    });
    const names = mine.dishes.map((x) => x.name);
    // Butter chicken is co-ordered with the naan I had, but it is not vegetarian; the noodles carry no tag.
    expect(names).not.toContain('Butter Chicken');
    expect(names).not.toContain('Hakka Noodles');
    expect(names).toEqual(expect.arrayContaining(['Masala Dosa', 'Filter Coffee', 'Medu Vada']));
    // The wok has nothing tagged vegetarian, so it is not recommended at all.
    expect(mine.restaurants.map((x) => x.name)).not.toContain('Wok Express');
  });

  it('drops dishes taken off the menu or sold out, and restaurants no longer listed', async () => {
    const { r, d } = await aSmallCity();
    await h.feed(
      menuItem(d.coffee, { available: false, change: 'AVAILABILITY', updatedAt: '2026-03-02T08:00:00.000Z' }),
    );
    await h.feed(menuItemDeleted(d.vada), '2026-03-02T08:00:00.000Z');
    // A stale copy of the item, redelivered late, must not bring it back.
    await h.feed(menuItem(d.coffee, { updatedAt: '2026-03-01T00:00:00.000Z' }));
    await h.feed(
      restaurantProfile(r.wok, {
        name: 'Wok Express',
        status: 'SUSPENDED',
        updatedAt: '2026-03-02T08:00:00.000Z',
      }),
    );

    const all = await recommendations('?limit=50');
    const dishes = all.dishes.map((x) => x.name);
    expect(dishes).toContain('Masala Dosa');
    expect(dishes).not.toContain('Filter Coffee');
    expect(dishes).not.toContain('Medu Vada');
    expect(dishes).not.toContain('Hakka Noodles');
    expect(all.restaurants.map((x) => x.name)).not.toContain('Wok Express');
    // The switch turned on again: the dhaba is open, so it ranks by popularity among the open ones.
    await h.feed(restaurantSwitched(r.dhaba, true), '2026-03-02T08:45:00.000Z');
    const after = await recommendations('?limit=50');
    expect(after.restaurants.find((x) => x.name === 'Highway Dhaba')?.openNow).toBe(true);
  });

  it('honours the limit on both lists', async () => {
    await aSmallCity();
    const two = await recommendations('?limit=2');
    expect(two.restaurants).toHaveLength(2);
    expect(two.dishes).toHaveLength(2);
  });
});
