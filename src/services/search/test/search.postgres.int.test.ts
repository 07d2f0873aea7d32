import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer } from '../../../../test/support/require-server.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { createPostgresSql } from '../../../platform/db/index.js';
import type { Sql } from '../../../platform/db/sql.js';
import { CENTRE, eventually, names, startSearch, type SearchHarness } from './search-harness.js';

// The core of the PGlite suites on PostgreSQL 15 (the SQL must run on both), in a database of its own,
// dropped at the end, so the shared test database's schemas are never touched.
const server = await requireServer('DATABASE_URL');
let database: TestDatabase | undefined;
let sql: Sql | undefined;
let h: SearchHarness;

beforeAll(async () => {
  if (!server.available) return;
  database = await createTestDatabase(server.url, 'sattzabite_search');
  sql = await createPostgresSql({ url: database.url, poolSize: 4 });
  h = await startSearch(sql);
});

afterAll(async () => {
  await h?.close();
  await sql?.close();
  await database?.drop();
});

describe.skipIf(!server.available)('search on PostgreSQL', () => {
  it('ranks, tolerates typos, filters, follows events and rebuilds to the same results', async () => {
    const a = await h.restaurant({ name: 'Biryani Kitchen', cuisines: ['Biryani'] });
    const b = await h.restaurant({
      name: 'Far Curry House',
      address: {
        line1: '1 Far Road',
        city: 'Bengaluru',
        postcode: '560002',
        latitude: CENTRE.latitude + 0.05,
        longitude: CENTRE.longitude,
      },
    });
    await h.item(a.id, {
      name: 'Chicken Biryani',
      dietaryTags: ['HALAL'],
      price: { amount: 30_000, currency: 'INR' },
    });
    await h.item(a.id, { name: 'Raita', description: 'Cool yoghurt for your biryani', allergens: ['MILK'] });
    const paneer = await h.item(b.id, { name: 'Paneer Curry', dietaryTags: ['VEGETARIAN'] });
    await h.indexed();

    expect(names(await h.find({ q: 'biryani' }))).toEqual(['Biryani Kitchen', 'Chicken Biryani', 'Raita']);
    expect(names(await h.find({ q: 'biriyani', type: 'dishes' }))).toEqual(['Chicken Biryani', 'Raita']);
    expect((await h.find({ q: 'paner' })).content[0]?.highlight.name).toBe('<mark>Paneer</mark> Curry');
    expect(names(await h.find({ q: 'biryani', excludeAllergens: 'MILK' }))).toEqual(['Chicken Biryani']);
    expect(
      names(await h.find({ q: 'curry', lat: CENTRE.latitude, lng: CENTRE.longitude, maxDistanceKm: 3 })),
    ).toEqual([]);
    expect(names(await h.find({ type: 'restaurants', openNow: true })).sort()).toEqual([
      'Biryani Kitchen',
      'Far Curry House',
    ]);
    expect((await h.suggest('biry')).suggestions.map((s) => s.text)).toContain('Chicken Biryani');

    await h.request({
      method: 'PUT',
      url: `/api/menu/items/${paneer.id}/availability`,
      token: h.admin,
      payload: { available: false },
    });
    await eventually(async () => expect((await h.find({ q: 'paneer' })).totalElements).toBe(0));
    await h.request({
      method: 'PUT',
      url: `/api/restaurants/${a.id}/status`,
      token: h.admin,
      payload: { open: false },
    });
    await eventually(async () => expect((await h.find({ q: 'biryani' })).totalElements).toBe(0));
    await h.indexed();

    const before = await Promise.all([h.find({}), h.find({ q: 'curry' }), h.suggest('cur')]);
    for (const event of await h.publishedSoFar()) {
      expect(await h.search.consumer.deliver(event)).toBe('duplicate');
    }
    await h.search.rebuildIndex();
    expect(await Promise.all([h.find({}), h.find({ q: 'curry' }), h.suggest('cur')])).toEqual(before);
    expect(names(before[1])).toEqual(['Far Curry House']);
  });
});
