import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { MenuItemView } from '../index.js';
import {
  UNKNOWN_ID,
  createTestSql,
  errorCode,
  startCatalog,
  validItem,
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

const { restaurantId: _r, ...withoutRestaurant } = validItem();
const { price: _p, ...withoutPrice } = validItem();
const { name: _n, ...withoutName } = validItem();

const badItems: Array<[string, unknown]> = [
  ['a missing restaurantId', withoutRestaurant],
  ['a missing price', withoutPrice],
  ['a missing name', withoutName],
  ['an empty body', {}],
  ['a price given as a number', validItem({ price: 24_900 })],
  ['a negative price', validItem({ price: { amount: -100, currency: 'INR' } })],
  ['a zero price', validItem({ price: { amount: 0, currency: 'INR' } })],
  ['a float price', validItem({ price: { amount: 249.5, currency: 'INR' } })],
  ['an absurd price', validItem({ price: { amount: 10_000_001, currency: 'INR' } })],
  ['another currency', validItem({ price: { amount: 100, currency: 'USD' } })],
  ['a name of spaces', validItem({ name: '    ' })],
  ['an oversized name', validItem({ name: 'n'.repeat(121) })],
  ['an oversized description', validItem({ description: 'd'.repeat(2001) })],
  ['an object for a name', validItem({ name: { first: 'x' } })],
  ['an unknown dietary tag', validItem({ dietaryTags: ['CARNIVORE'] })],
  ['an unknown allergen', validItem({ allergens: ['KRYPTONITE'] })],
  ['a repeated dietary tag', validItem({ dietaryTags: ['VEGAN', 'VEGAN'] })],
  ['an oversized category', validItem({ categories: ['c'.repeat(51)] })],
  ['too many categories', validItem({ categories: Array.from({ length: 11 }, (_, i) => `C${i}`) })],
  ['negative calories', validItem({ nutrition: { calories: -1 } })],
  ['negative fat', validItem({ nutrition: { fatG: -0.5 } })],
  ['a non-boolean availability', validItem({ available: 'maybe' })],
  ['a javascript: image url', validItem({ imageUrl: 'javascript:alert(1)' })],
  ['a relative image path outside storage', validItem({ imageUrl: '/etc/passwd' })],
  ['a malformed restaurant id', validItem({ restaurantId: 'not-a-uuid' })],
];

describe('bad input is refused in the error format, and nothing is written', () => {
  it.each(badItems)('POST /api/menu/items with %s → 400', async (_why, payload) => {
    const response = await h.request({
      method: 'POST',
      url: '/api/menu/items',
      token: h.tokens.staffA,
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      status: 400,
      code: 'COMMON.VALIDATION_FAILED',
      path: '/api/menu/items',
      requestId: expect.any(String),
      timestamp: expect.any(String),
      message: expect.any(String),
    });
    expect(await h.rows()).toBe(0);
    expect(await h.outbox()).toHaveLength(0);
  });

  it('answers 400 MALFORMED_JSON to a body that is not JSON', async () => {
    const response = await h.request({
      method: 'POST',
      url: '/api/menu/items',
      token: h.tokens.staffA,
      payload: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('COMMON.MALFORMED_JSON');
    expect(await h.rows()).toBe(0);
  });

  describe('on an existing item', () => {
    let item: MenuItemView;
    beforeEach(async () => {
      item = await h.createItem(h.tokens.staffA);
    });

    const expectUnchanged = async () => {
      expect((await h.request({ method: 'GET', url: `/api/menu/items/${item.id}` })).json()).toEqual(item);
      expect(await h.outbox()).toHaveLength(1);
    };

    it.each([
      ['a zero price', { price: { amount: 0, currency: 'INR' } }],
      ['a float price', { price: { amount: 1.5, currency: 'INR' } }],
      ['an unknown tag', { dietaryTags: ['PALEO'] }],
      ['an oversized name', { name: 'x'.repeat(500) }],
      ['a wrong type', { available: 'nope' }],
    ])('PATCH with %s → 400, item unchanged', async (_why, payload) => {
      const response = await h.request({
        method: 'PATCH',
        url: `/api/menu/items/${item.id}`,
        token: h.tokens.staffA,
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(errorCode(response)).toBe('COMMON.VALIDATION_FAILED');
      await expectUnchanged();
    });

    it('PATCH with no known field → 400 CATALOG.INVALID_ITEM', async () => {
      const response = await h.request({
        method: 'PATCH',
        url: `/api/menu/items/${item.id}`,
        token: h.tokens.staffA,
        payload: { colour: 'red' },
      });
      expect(response.statusCode).toBe(400);
      expect(errorCode(response)).toBe('CATALOG.INVALID_ITEM');
      await expectUnchanged();
    });

    it('PUT availability without a boolean → 400', async () => {
      for (const payload of [{}, { available: 'sometimes' }]) {
        const response = await h.request({
          method: 'PUT',
          url: `/api/menu/items/${item.id}/availability`,
          token: h.tokens.staffA,
          payload,
        });
        expect(response.statusCode).toBe(400);
      }
      await expectUnchanged();
    });
  });

  it.each([
    ['GET', ''],
    ['PATCH', ''],
    ['DELETE', ''],
    ['PUT', '/availability'],
  ] as const)('%s of an unknown item id → 404 CATALOG.ITEM_NOT_FOUND', async (method, suffix) => {
    const response = await h.request({
      method,
      url: `/api/menu/items/${UNKNOWN_ID}${suffix}`,
      token: h.tokens.admin,
      ...(method === 'PATCH' ? { payload: { name: 'x' } } : {}),
      ...(method === 'PUT' ? { payload: { available: false } } : {}),
    });
    expect(response.statusCode).toBe(404);
    expect(errorCode(response)).toBe('CATALOG.ITEM_NOT_FOUND');
    expect(await h.outbox()).toHaveLength(0);
  });

  it('answers 400 to a malformed item id in the path', async () => {
    const response = await h.request({ method: 'GET', url: '/api/menu/items/42' });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('COMMON.VALIDATION_FAILED');
  });

  it.each([
    ['size=0'],
    ['size=101'],
    ['size=ten'],
    ['page=-1'],
    ['page=1.5'],
    ['dietary=CARNIVORE'],
    ['available=perhaps'],
    ['restaurantId=nope'],
    ['sort=random'],
  ])('GET /api/menu/items?%s → 400', async (query) => {
    const response = await h.request({ method: 'GET', url: `/api/menu/items?${query}` });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('COMMON.VALIDATION_FAILED');
  });

  it('answers 404 for the menu of an unknown restaurant, and 400 for a malformed id', async () => {
    const unknown = await h.request({ method: 'GET', url: `/api/menu/restaurants/${UNKNOWN_ID}` });
    expect(unknown.statusCode).toBe(404);
    expect(errorCode(unknown)).toBe('CATALOG.RESTAURANT_NOT_FOUND');
    const malformed = await h.request({ method: 'GET', url: '/api/menu/restaurants/xyz' });
    expect(malformed.statusCode).toBe(400);
  });
});
