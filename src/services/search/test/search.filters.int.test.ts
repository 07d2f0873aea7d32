import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { CENTRE, createTestSql, names, startSearch, type SearchHarness } from './search-harness.js';

let sql: PgliteSql;
let h: SearchHarness;

beforeAll(async () => {
  sql = await createTestSql();
  h = await startSearch(sql);
});
afterAll(async () => {
  await h?.close();
  await sql?.close();
});
beforeEach(async () => {
  await h.reset();
  h.clock.set('2026-03-02T09:00:00.000Z');
});

const every = (intervals: Array<{ open: string; close: string }>) =>
  Object.fromEntries(
    ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [d, intervals]),
  );

describe('dish filters', () => {
  beforeEach(async () => {
    const r = await h.restaurant({ name: 'Curry House' });
    await h.item(r.id, {
      name: 'Veg Curry',
      price: { amount: 20_000, currency: 'INR' },
      dietaryTags: ['VEGETARIAN', 'VEGAN', 'GLUTEN_FREE'],
      allergens: [],
    });
    await h.item(r.id, {
      name: 'Paneer Curry',
      price: { amount: 30_000, currency: 'INR' },
      dietaryTags: ['VEGETARIAN', 'GLUTEN_FREE'],
      allergens: ['MILK'],
    });
    await h.item(r.id, {
      name: 'Prawn Curry',
      price: { amount: 45_000, currency: 'INR' },
      dietaryTags: ['GLUTEN_FREE'],
      allergens: ['SHELLFISH', 'MILK'],
    });
    await h.indexed();
  });

  it('requires every dietary tag asked for (repeated or comma-separated)', async () => {
    expect(names(await h.find({ q: 'curry', dietary: 'VEGETARIAN' })).sort()).toEqual([
      'Paneer Curry',
      'Veg Curry',
    ]);
    expect(names(await h.find({ q: 'curry', dietary: ['VEGETARIAN', 'VEGAN'] }))).toEqual(['Veg Curry']);
    expect(names(await h.find({ q: 'curry', dietary: 'VEGAN,GLUTEN_FREE' }))).toEqual(['Veg Curry']);
  });

  it('leaves out dishes with any excluded allergen', async () => {
    expect(names(await h.find({ q: 'curry', excludeAllergens: 'SHELLFISH' })).sort()).toEqual([
      'Paneer Curry',
      'Veg Curry',
    ]);
    expect(names(await h.find({ q: 'curry', excludeAllergens: 'SHELLFISH,MILK' }))).toEqual(['Veg Curry']);
  });

  it('filters by price in paise, bounds included, and shows the price', async () => {
    const page = await h.find({ q: 'curry', minPrice: 20_000, maxPrice: 30_000 });
    expect(names(page).sort()).toEqual(['Paneer Curry', 'Veg Curry']);
    expect(page.content.find((hit) => hit.name === 'Veg Curry')?.price).toEqual({
      amount: 20_000,
      currency: 'INR',
    });
    expect(names(await h.find({ q: 'curry', minPrice: 30_001 }))).toEqual(['Prawn Curry']);
  });

  it('leaves restaurants out of type=all when a dish filter is given', async () => {
    const all = await h.find({ q: 'curry' });
    expect(all.content.map((hit) => hit.kind).sort()).toEqual(['dish', 'dish', 'dish', 'restaurant']);
    const filtered = await h.find({ q: 'curry', maxPrice: 100_000 });
    expect(filtered.content.every((hit) => hit.kind === 'dish')).toBe(true);
    expect(filtered.totalElements).toBe(3);
  });
});

describe('restaurant filters (restaurants and, through them, their dishes)', () => {
  it('filters by cuisine, case-insensitively', async () => {
    const chinese = await h.restaurant({ name: 'Wok Express', cuisines: ['Chinese'] });
    const indian = await h.restaurant({ name: 'Tandoor Express', cuisines: ['North Indian'] });
    await h.item(chinese.id, { name: 'Fried Rice' });
    await h.item(indian.id, { name: 'Jeera Rice' });
    await h.indexed();

    expect(names(await h.find({ q: 'express', cuisine: 'CHINESE' }))).toEqual(['Wok Express']);
    expect(names(await h.find({ q: 'rice', cuisine: 'north indian' }))).toEqual(['Jeera Rice']);
    expect(names(await h.find({ cuisine: 'chinese' })).sort()).toEqual(['Fried Rice', 'Wok Express']);
  });

  it('filters by minimum rating, and orders a browse by rating', async () => {
    const a = await h.restaurant({ name: 'Average Place' });
    const b = await h.restaurant({ name: 'Great Place' });
    await h.rate(a.id, 3.5, 20);
    await h.rate(b.id, 4.6, 20);
    await h.item(a.id, { name: 'Dal' });
    await h.item(b.id, { name: 'Dal' });
    await h.indexed();

    const page = await h.find({ q: 'dal', minRating: 4 });
    expect(page.content.map((hit) => hit.restaurantName)).toEqual(['Great Place']);
    expect(page.content[0]?.rating).toEqual({ average: 4.6, count: 20 });
    expect(names(await h.find({ type: 'restaurants' }))).toEqual(['Great Place', 'Average Place']);
  });

  it('keeps restaurants open now, by their hours in their own time zone', async () => {
    // Monday 09:00 UTC = 14:30 in Kolkata.
    const lunch = await h.restaurant({
      name: 'Lunch Kolkata Time',
      timeZone: 'Asia/Kolkata',
      hours: every([{ open: '12:00', close: '16:00' }]),
    });
    await h.restaurant({
      name: 'Dinner Only',
      timeZone: 'UTC',
      hours: every([{ open: '18:00', close: '23:00' }]),
    });
    // Sunday's 22:00-10:00 runs into Monday morning.
    await h.restaurant({
      name: 'Night Owl',
      timeZone: 'UTC',
      hours: { sunday: [{ open: '22:00', close: '10:00' }] },
    });
    await h.item(lunch.id, { name: 'Thali' });
    await h.indexed();

    const open = await h.find({ type: 'restaurants', openNow: true });
    expect(names(open).sort()).toEqual(['Lunch Kolkata Time', 'Night Owl']);
    expect(open.content.every((hit) => hit.openNow)).toBe(true);
    expect(names(await h.find({ type: 'restaurants', openNow: false }))).toEqual(['Dinner Only']);
    expect(names(await h.find({ q: 'thali', openNow: true }))).toEqual(['Thali']);

    // An hour later by the clock alone (no event): Night Owl has closed, lunch goes on.
    h.clock.set('2026-03-02T10:00:00.000Z');
    expect(names(await h.find({ type: 'restaurants', openNow: true }))).toEqual(['Lunch Kolkata Time']);
    const all = await h.find({ type: 'restaurants' });
    expect(all.content.find((hit) => hit.name === 'Night Owl')?.openNow).toBe(false);
  });

  it('finds only restaurants that deliver to the point, within maxDistanceKm, with the distance', async () => {
    // ~0.05 degrees of latitude is ~5.6 km.
    await h.restaurant({ name: 'Next Door', deliveryRadiusKm: 3 });
    await h.restaurant({
      name: 'Across Town',
      deliveryRadiusKm: 10,
      address: {
        line1: '1 Far Road',
        city: 'Bengaluru',
        postcode: '560002',
        latitude: CENTRE.latitude + 0.05,
        longitude: CENTRE.longitude,
      },
    });
    await h.restaurant({
      name: 'Too Far To Deliver',
      deliveryRadiusKm: 4,
      address: {
        line1: '2 Far Road',
        city: 'Bengaluru',
        postcode: '560002',
        latitude: CENTRE.latitude + 0.05,
        longitude: CENTRE.longitude,
      },
    });
    await h.indexed();

    const near = { lat: CENTRE.latitude, lng: CENTRE.longitude };
    const page = await h.find({ type: 'restaurants', ...near });
    expect(names(page).sort()).toEqual(['Across Town', 'Next Door']);
    expect(page.content.find((hit) => hit.name === 'Next Door')?.distanceKm).toBe(0);
    expect(page.content.find((hit) => hit.name === 'Across Town')?.distanceKm).toBeCloseTo(5.56, 1);
    expect(names(await h.find({ type: 'restaurants', ...near, maxDistanceKm: 5 }))).toEqual(['Next Door']);
    // Without a point there is no distance.
    expect((await h.find({ type: 'restaurants' })).content[0]?.distanceKm).toBeUndefined();
  });
});

describe('pagination', () => {
  it('pages through every hit once, in order, with the totals', async () => {
    const r = await h.restaurant({ name: 'Big Menu' });
    for (let i = 1; i <= 25; i++) await h.item(r.id, { name: `Dish Number ${String(i).padStart(2, '0')}` });
    await h.indexed();

    const pages = [];
    for (let page = 0; page < 3; page++) pages.push(await h.find({ q: 'dish', page, size: 10 }));
    expect(pages.map((p) => p.content.length)).toEqual([10, 10, 5]);
    expect(pages.every((p) => p.totalElements === 25 && p.totalPages === 3)).toBe(true);
    const seen = pages.flatMap((p) => names(p));
    expect(new Set(seen).size).toBe(25);
    // Equal scores and ratings: by name.
    expect(seen).toEqual([...seen].sort());

    const past = await h.find({ q: 'dish', page: 5, size: 10 });
    expect(past).toEqual({ content: [], page: 5, size: 10, totalElements: 25, totalPages: 3 });
    expect((await h.find({ q: 'dish', size: 100 })).content).toHaveLength(25);
  });
});

describe('bad parameters', () => {
  const cases: Array<[string, Record<string, string | number | boolean>, string]> = [
    ['lat without lng', { lat: 12.9 }, 'SEARCH.INVALID_QUERY'],
    ['lng without lat', { lng: 77.5 }, 'SEARCH.INVALID_QUERY'],
    ['maxDistanceKm without a point', { maxDistanceKm: 5 }, 'SEARCH.INVALID_QUERY'],
    ['minPrice above maxPrice', { minPrice: 500, maxPrice: 100 }, 'SEARCH.INVALID_QUERY'],
    [
      'a dish filter with type=restaurants',
      { type: 'restaurants', dietary: 'VEGAN' },
      'SEARCH.INVALID_QUERY',
    ],
    ['an unknown dietary tag', { dietary: 'CARNIVORE' }, 'COMMON.VALIDATION_FAILED'],
    ['an unknown allergen', { excludeAllergens: 'GLITTER' }, 'COMMON.VALIDATION_FAILED'],
    ['an unknown type', { type: 'drinks' }, 'COMMON.VALIDATION_FAILED'],
    ['size over 100', { size: 101 }, 'COMMON.VALIDATION_FAILED'],
    ['size 0', { size: 0 }, 'COMMON.VALIDATION_FAILED'],
    ['a negative page', { page: -1 }, 'COMMON.VALIDATION_FAILED'],
    ['a latitude out of range', { lat: 91, lng: 0 }, 'COMMON.VALIDATION_FAILED'],
    ['a rating over 5', { minRating: 6 }, 'COMMON.VALIDATION_FAILED'],
    ['a fractional price', { minPrice: 10.5 }, 'COMMON.VALIDATION_FAILED'],
    ['openNow not a boolean', { openNow: 'sometimes' }, 'COMMON.VALIDATION_FAILED'],
    ['a query too long', { q: 'x'.repeat(201) }, 'COMMON.VALIDATION_FAILED'],
  ];
  it.each(cases)('refuses %s with 400', async (_label, params, code) => {
    const response = await h.findRaw(params);
    expect(response.statusCode).toBe(400);
    const body = response.json<{ code: string; message: string; path: string }>();
    expect(body.code).toBe(code);
    expect(body.message).not.toBe('');
    expect(body.path).toBe('/api/search');
  });

  it('refuses a suggest without q or with a limit over 10', async () => {
    for (const url of [
      '/api/search/suggest',
      '/api/search/suggest?q=',
      '/api/search/suggest?q=ab&limit=11',
    ]) {
      const response = await h.request({ method: 'GET', url });
      expect(response.statusCode).toBe(400);
      expect(response.json<{ code: string }>().code).toBe('COMMON.VALIDATION_FAILED');
    }
  });

  it('answers without a token, like the restaurant list, and under /api/v1 too', async () => {
    expect((await h.request({ method: 'GET', url: '/api/search?q=anything' })).statusCode).toBe(200);
    expect((await h.request({ method: 'GET', url: '/api/v1/search/suggest?q=an' })).statusCode).toBe(200);
  });
});
