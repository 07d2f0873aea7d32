import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { etagOf } from '../../../platform/http/etag.js';
import type { MenuItemPage, MenuItemView, RestaurantMenuView } from '../index.js';
import {
  RESTAURANT_A,
  RESTAURANT_B,
  createTestSql,
  startCatalog,
  type CatalogHarness,
} from './catalog-harness.js';

let sql: PgliteSql;
let h: CatalogHarness;
beforeAll(async () => {
  sql = await createTestSql();
  h = await startCatalog(sql);
});
afterAll(async () => {
  await h.close();
  await sql.close();
});
beforeEach(async () => {
  await h.reset();
});

const get = (url: string, headers?: Record<string, string>) =>
  h.request({ method: 'GET', url, ...(headers ? { headers } : {}) });
const menuUrl = `/api/menu/restaurants/${RESTAURANT_A}`;

async function seedMenu() {
  const s = h.tokens.staffA;
  const samosa = await h.createItem(s, {
    name: 'Samosa',
    price: { amount: 6_000, currency: 'INR' },
    categories: ['Starters'],
    dietaryTags: ['VEGAN', 'JAIN'],
  });
  h.clock.advance(1000);
  const tikka = await h.createItem(s, { categories: ['Starters', 'Tandoor'], dietaryTags: ['VEGETARIAN'] });
  h.clock.advance(1000);
  const curry = await h.createItem(s, {
    name: 'Chicken Curry',
    price: { amount: 32_000, currency: 'INR' },
    categories: ['Mains'],
    dietaryTags: ['HALAL', 'GLUTEN_FREE'],
  });
  const other = await h.createItem(h.tokens.staffB, {
    restaurantId: RESTAURANT_B,
    name: 'Dosa',
    categories: ['Mains'],
  });
  return { samosa, tikka, curry, other };
}

describe('GET /api/menu/items', () => {
  it('pages every live item by name, with the page envelope', async () => {
    await seedMenu();
    const response = await get('/api/menu/items?size=2');
    expect(response.statusCode).toBe(200);
    const page = response.json<MenuItemPage>();
    expect(page).toMatchObject({ page: 0, size: 2, totalElements: 4, totalPages: 2 });
    expect(page.content.map((i) => i.name)).toEqual(['Chicken Curry', 'Dosa']);
    const second = (await get('/api/menu/items?size=2&page=1')).json<MenuItemPage>();
    expect(second.content.map((i) => i.name)).toEqual(['Paneer Tikka', 'Samosa']);
    const beyond = (await get('/api/menu/items?size=2&page=5')).json<MenuItemPage>();
    expect(beyond).toMatchObject({ content: [], totalElements: 4 });
  });

  it('filters by restaurant, category, all dietary tags, availability; sorts by price', async () => {
    const { samosa, tikka, curry } = await seedMenu();
    const names = async (query: string) =>
      (await get(`/api/menu/items?${query}`)).json<MenuItemPage>().content.map((i) => i.name);
    expect(await names(`restaurantId=${RESTAURANT_A}&sort=-price`)).toEqual([
      curry.name,
      tikka.name,
      samosa.name,
    ]);
    expect(await names(`restaurantId=${RESTAURANT_A}&category=Starters`)).toEqual([tikka.name, samosa.name]);
    expect(await names('dietary=VEGAN')).toEqual([samosa.name]);
    expect(await names('dietary=VEGAN&dietary=JAIN')).toEqual([samosa.name]);
    expect(await names('dietary=VEGAN,HALAL')).toEqual([]);
    await h.request({
      method: 'PUT',
      url: `/api/menu/items/${curry.id}/availability`,
      token: h.tokens.staffA,
      payload: { available: false },
    });
    expect(await names(`restaurantId=${RESTAURANT_A}&available=false`)).toEqual([curry.name]);
    expect(await names(`restaurantId=${RESTAURANT_A}&available=true`)).toEqual([tikka.name, samosa.name]);
  });
});

describe('GET /api/menu/items/{id}', () => {
  it('answers with an ETag and 304 for a matching If-None-Match, and never serves a stale price', async () => {
    const item = await h.createItem(h.tokens.staffA);
    const first = await get(`/api/menu/items/${item.id}`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual(item);
    expect(first.headers.etag).toBe(etagOf(item));
    const notModified = await get(`/api/menu/items/${item.id}`, {
      'if-none-match': String(first.headers.etag),
    });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');

    await h.request({
      method: 'PATCH',
      url: `/api/menu/items/${item.id}`,
      token: h.tokens.staffA,
      payload: { price: { amount: 29_900, currency: 'INR' } },
    });
    const after = await get(`/api/menu/items/${item.id}`, { 'if-none-match': String(first.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.json<MenuItemView>().price.amount).toBe(29_900);
    expect(after.headers.etag).not.toBe(first.headers.etag);
  });

  it('serves an upper-case id from the same cache entry that changes invalidate', async () => {
    const item = await h.createItem(h.tokens.staffA);
    await get(`/api/menu/items/${item.id.toUpperCase()}`);
    await h.request({
      method: 'PATCH',
      url: `/api/menu/items/${item.id}`,
      token: h.tokens.staffA,
      payload: { name: 'Renamed' },
    });
    expect((await get(`/api/menu/items/${item.id.toUpperCase()}`)).json()).toMatchObject({ name: 'Renamed' });
  });
});

describe('GET /api/menu/restaurants/{id} (the cached menu)', () => {
  it('lists the live items with categories in the order they were introduced', async () => {
    const { samosa, tikka, curry } = await seedMenu();
    const menu = (await get(menuUrl)).json<RestaurantMenuView>();
    expect(menu.restaurantId).toBe(RESTAURANT_A);
    expect(menu.items.map((i) => i.id)).toEqual([curry.id, tikka.id, samosa.id]);
    expect(menu.categories).toEqual([
      { name: 'Starters', itemCount: 2, availableCount: 2 },
      { name: 'Tandoor', itemCount: 1, availableCount: 1 },
      { name: 'Mains', itemCount: 1, availableCount: 1 },
    ]);
  });

  it('serves a hit without touching the database; 304 on a matching ETag', async () => {
    await seedMenu();
    const first = await get(menuUrl);
    const spy = vi.spyOn(sql, 'query');
    try {
      const again = await get(menuUrl);
      expect(again.body).toBe(first.body);
      expect(again.headers['content-type']).toMatch(/^application\/json/);
      const notModified = await get(menuUrl, { 'if-none-match': `W/${String(first.headers.etag)}` });
      expect(notModified.statusCode).toBe(304);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    expect(first.headers.etag).toBe(etagOf(first.json()));
  });

  it('is never stale after a price change, a sold-out toggle, a new item or a delete', async () => {
    const { tikka, curry } = await seedMenu();
    const menu = async () => (await get(menuUrl)).json<RestaurantMenuView>();
    const find = (m: RestaurantMenuView, id: string) => m.items.find((i) => i.id === id);
    expect(find(await menu(), tikka.id)?.price.amount).toBe(24_900);

    await h.request({
      method: 'PATCH',
      url: `/api/menu/items/${tikka.id}`,
      token: h.tokens.staffA,
      payload: { price: { amount: 19_900, currency: 'INR' } },
    });
    expect(find(await menu(), tikka.id)?.price.amount).toBe(19_900);

    await h.request({
      method: 'PUT',
      url: `/api/menu/items/${tikka.id}/availability`,
      token: h.tokens.staffA,
      payload: { available: false },
    });
    const soldOut = await menu();
    expect(find(soldOut, tikka.id)?.available).toBe(false);
    expect(soldOut.categories.find((c) => c.name === 'Tandoor')).toEqual({
      name: 'Tandoor',
      itemCount: 1,
      availableCount: 0,
    });

    const added = await h.createItem(h.tokens.staffA, { name: 'Lassi', categories: ['Drinks'] });
    expect(find(await menu(), added.id)).toBeDefined();

    await h.request({ method: 'DELETE', url: `/api/menu/items/${curry.id}`, token: h.tokens.staffA });
    const afterDelete = await menu();
    expect(find(afterDelete, curry.id)).toBeUndefined();
    expect(afterDelete.categories.map((c) => c.name)).toEqual(['Starters', 'Tandoor', 'Drinks']);
  });

  it('serves an empty menu for a known restaurant without items', async () => {
    const response = await get(`/api/menu/restaurants/${RESTAURANT_B}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ restaurantId: RESTAURANT_B, categories: [], items: [] });
  });
});

describe('GET /api/menu/categories', () => {
  it("gives one restaurant's categories, or every restaurant's, and follows changes", async () => {
    const { curry } = await seedMenu();
    const ofA = await get(`/api/menu/categories?restaurantId=${RESTAURANT_A}`);
    expect(ofA.json()).toEqual({
      restaurantId: RESTAURANT_A,
      categories: [
        { name: 'Starters', itemCount: 2, availableCount: 2 },
        { name: 'Tandoor', itemCount: 1, availableCount: 1 },
        { name: 'Mains', itemCount: 1, availableCount: 1 },
      ],
    });
    expect(
      (
        await get(`/api/menu/categories?restaurantId=${RESTAURANT_A}`, {
          'if-none-match': String(ofA.headers.etag),
        })
      ).statusCode,
    ).toBe(304);
    const all = (await get('/api/menu/categories')).json<{
      categories: Array<{ name: string; itemCount: number }>;
    }>();
    expect(all.categories.find((c) => c.name === 'Mains')?.itemCount).toBe(2);

    await h.request({ method: 'DELETE', url: `/api/menu/items/${curry.id}`, token: h.tokens.staffA });
    const allAfter = (await get('/api/menu/categories')).json<{
      categories: Array<{ name: string; itemCount: number }>;
    }>();
    expect(allAfter.categories.find((c) => c.name === 'Mains')?.itemCount).toBe(1);
  });

  it('documents every catalog route in the OpenAPI, tagged catalog', async () => {
    const paths = (await get('/docs/json')).json<{
      paths: Record<string, Record<string, { tags?: string[] }>>;
    }>().paths;
    const routes = [
      ['/api/menu/items', 'get'],
      ['/api/menu/items', 'post'],
      ['/api/menu/items/{id}', 'get'],
      ['/api/menu/items/{id}', 'patch'],
      ['/api/menu/items/{id}', 'delete'],
      ['/api/menu/items/{id}/availability', 'put'],
      ['/api/menu/restaurants/{restaurantId}', 'get'],
      ['/api/menu/categories', 'get'],
    ] as const;
    for (const [path, method] of routes) expect(paths[path]?.[method]?.tags).toEqual(['catalog']);
  });
});
