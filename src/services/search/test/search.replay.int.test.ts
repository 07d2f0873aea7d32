import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createTestSql, startSearch, type SearchHarness } from './search-harness.js';

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

const QUERIES: Array<Record<string, string | number | boolean>> = [
  { q: 'biryani' },
  { q: 'biriyani' },
  { q: 'curry', type: 'dishes' },
  { q: 'kitchen', type: 'restaurants' },
  { type: 'restaurants', openNow: true },
  { q: 'rice', maxPrice: 20_000 },
  { q: 'paner' },
  {},
];

async function answers() {
  return Promise.all(QUERIES.map((query) => h.find({ ...query, size: 100 })));
}

async function suggestions() {
  return Promise.all(['bi', 'cur', 'kitch', 'nor'].map((q) => h.suggest(q)));
}

describe('rebuilding the index from the publishers’ events', () => {
  it('gives the same results as the event-fed index, also when run twice', async () => {
    const a = await h.restaurant({ name: 'Biryani Kitchen', cuisines: ['Biryani'] });
    const b = await h.restaurant({ name: 'Curry Kitchen', cuisines: ['North Indian'] });
    const c = await h.restaurant({ name: 'Closed Kitchen' });
    for (const [restaurant, dishes] of [
      [a.id, ['Chicken Biryani', 'Egg Biryani', 'Veg Biryani', 'Jeera Rice']],
      [b.id, ['Fish Curry', 'Paneer Curry', 'Dal Curry', 'Plain Rice']],
      [c.id, ['Closed Curry']],
    ] as const) {
      for (const name of dishes) await h.item(restaurant, { name });
    }
    const items = (await h.find({ type: 'dishes', size: 100 })).content;
    const id = (name: string) => items.find((hit) => hit.name === name)?.id ?? '';
    await h.indexed();
    await h.request({ method: 'DELETE', url: `/api/menu/items/${id('Egg Biryani')}`, token: h.admin });
    await h.request({
      method: 'PUT',
      url: `/api/menu/items/${id('Dal Curry')}/availability`,
      token: h.admin,
      payload: { available: false },
    });
    await h.request({
      method: 'PATCH',
      url: `/api/menu/items/${id('Plain Rice')}`,
      token: h.admin,
      payload: { name: 'Lemon Rice', price: { amount: 15_000, currency: 'INR' } },
    });
    await h.request({
      method: 'PUT',
      url: `/api/restaurants/${c.id}/status`,
      token: h.admin,
      payload: { open: false },
    });
    await h.rate(b.id, 4.8, 100);
    await h.request({
      method: 'PATCH',
      url: `/api/restaurants/${a.id}`,
      token: h.admin,
      payload: { description: 'Slow-cooked dum biryani' },
    });
    await h.indexed();

    const fed = await answers();
    const fedSuggestions = await suggestions();
    // The data is what the queries are about (a comparison of empty answers would prove nothing).
    expect(fed[0]?.content.map((hit) => hit.name)).toEqual([
      'Biryani Kitchen',
      'Chicken Biryani',
      'Veg Biryani',
    ]);
    expect(fed[2]?.content.map((hit) => hit.name).sort()).toEqual(['Fish Curry', 'Paneer Curry']);
    expect(fedSuggestions[1]?.suggestions.map((s) => s.text)).toContain('Curry Kitchen');

    const published = await h.publishedSoFar();
    const result = await h.search.rebuildIndex();
    expect(result.restaurantEvents + result.itemEvents).toBe(published.length);
    expect(result.documents).toBe(3 + 9);
    expect(await answers()).toEqual(fed);
    expect(await suggestions()).toEqual(fedSuggestions);

    await h.search.rebuildIndex();
    expect(await answers()).toEqual(fed);
  });

  it('starts from nothing: a rebuild of an emptied index with no events leaves it empty', async () => {
    await sql.exec('TRUNCATE restaurants.outbox, catalog.outbox');
    const result = await h.search.rebuildIndex();
    expect(result).toMatchObject({ restaurantEvents: 0, itemEvents: 0, documents: 0 });
    expect((await h.find({})).totalElements).toBe(0);
  });
});
