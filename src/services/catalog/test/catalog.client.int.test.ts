import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { MenuItemImport, MenuItemView, RestaurantMenuView } from '../index.js';
import {
  RESTAURANT_A,
  RESTAURANT_B,
  UNKNOWN_ID,
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

describe('validateItems', () => {
  let tikka: MenuItemView;
  let naan: MenuItemView;
  let dosa: MenuItemView;
  beforeEach(async () => {
    tikka = await h.createItem(h.tokens.staffA);
    naan = await h.createItem(h.tokens.staffA, {
      name: 'Butter Naan',
      price: { amount: 5_500, currency: 'INR' },
    });
    dosa = await h.createItem(h.tokens.staffB, { restaurantId: RESTAURANT_B, name: 'Dosa' });
  });
  const validate = (items: Array<{ menuItemId: string; quantity: number }>, restaurantId?: string) =>
    h.catalog.client.validateItems({ items, ...(restaurantId ? { restaurantId } : {}) });

  it('prices valid lines from the catalog', async () => {
    const result = await validate(
      [
        { menuItemId: tikka.id, quantity: 2 },
        { menuItemId: naan.id, quantity: 3 },
      ],
      RESTAURANT_A,
    );
    expect(result).toEqual({
      valid: true,
      restaurantId: RESTAURANT_A,
      failures: [],
      subtotal: { amount: 2 * 24_900 + 3 * 5_500, currency: 'INR' },
      items: [
        {
          menuItemId: tikka.id,
          restaurantId: RESTAURANT_A,
          name: 'Paneer Tikka',
          unitPrice: { amount: 24_900, currency: 'INR' },
          quantity: 2,
          lineTotal: { amount: 49_800, currency: 'INR' },
          available: true,
        },
        expect.objectContaining({
          menuItemId: naan.id,
          quantity: 3,
          lineTotal: { amount: 16_500, currency: 'INR' },
        }),
      ],
    });
  });

  it('uses the price of this moment, after a change', async () => {
    await h.request({
      method: 'PATCH',
      url: `/api/menu/items/${tikka.id}`,
      token: h.tokens.staffA,
      payload: { price: { amount: 30_000, currency: 'INR' } },
    });
    const result = await validate([{ menuItemId: tikka.id, quantity: 1 }]);
    expect(result.items[0]?.unitPrice.amount).toBe(30_000);
  });

  it('reports a sold-out item', async () => {
    await h.request({
      method: 'PUT',
      url: `/api/menu/items/${naan.id}/availability`,
      token: h.tokens.staffA,
      payload: { available: false },
    });
    const result = await validate([
      { menuItemId: tikka.id, quantity: 1 },
      { menuItemId: naan.id, quantity: 1 },
    ]);
    expect(result.valid).toBe(false);
    expect(result.failures).toEqual([
      { menuItemId: naan.id, reason: 'SOLD_OUT', message: expect.any(String) },
    ]);
    expect(result.items.find((i) => i.menuItemId === naan.id)?.available).toBe(false);
  });

  it('reports unknown, malformed and deleted items as NOT_FOUND', async () => {
    await h.request({ method: 'DELETE', url: `/api/menu/items/${naan.id}`, token: h.tokens.staffA });
    const result = await validate([
      { menuItemId: UNKNOWN_ID, quantity: 1 },
      { menuItemId: 'bogus', quantity: 1 },
      { menuItemId: naan.id, quantity: 1 },
      { menuItemId: tikka.id, quantity: 1 },
    ]);
    expect(result.failures.map((f) => [f.menuItemId, f.reason])).toEqual([
      [UNKNOWN_ID, 'NOT_FOUND'],
      ['bogus', 'NOT_FOUND'],
      [naan.id, 'NOT_FOUND'],
    ]);
    expect(result.restaurantId).toBe(RESTAURANT_A);
    expect(result.items.map((i) => i.menuItemId)).toEqual([tikka.id]);
  });

  it('reports MIXED_RESTAURANTS when no restaurant is named and the items span two', async () => {
    const result = await validate([
      { menuItemId: tikka.id, quantity: 1 },
      { menuItemId: dosa.id, quantity: 1 },
    ]);
    expect(result).toMatchObject({
      valid: false,
      restaurantId: RESTAURANT_A,
      failures: [{ menuItemId: dosa.id, reason: 'MIXED_RESTAURANTS' }],
    });
  });

  it('reports WRONG_RESTAURANT for items not on the named restaurant', async () => {
    const result = await validate([{ menuItemId: dosa.id, quantity: 1 }], RESTAURANT_A);
    expect(result).toMatchObject({
      valid: false,
      restaurantId: RESTAURANT_A,
      failures: [{ menuItemId: dosa.id, reason: 'WRONG_RESTAURANT' }],
    });
  });

  it.each([0, -1, 51, 1.5])('reports INVALID_QUANTITY for %s', async (quantity) => {
    const result = await validate([{ menuItemId: tikka.id, quantity }]);
    expect(result.valid).toBe(false);
    expect(result.failures).toEqual([
      { menuItemId: tikka.id, reason: 'INVALID_QUANTITY', message: expect.any(String) },
    ]);
    expect(result.items).toEqual([]);
  });

  it('accepts the bounds 1 and 50', async () => {
    const result = await validate([
      { menuItemId: tikka.id, quantity: 1 },
      { menuItemId: naan.id, quantity: 50 },
    ]);
    expect(result.valid).toBe(true);
  });

  it('refuses a malformed call whole with COMMON.VALIDATION_FAILED', async () => {
    const client = h.catalog.client;
    await expect(client.validateItems({ items: [] })).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
    await expect(client.validateItems({ items: [{ menuItemId: tikka.id }] } as never)).rejects.toThrowCode(
      'COMMON.VALIDATION_FAILED',
    );
    await expect(
      client.validateItems({ items: [{ menuItemId: tikka.id, quantity: 1 }], restaurantId: 'x' }),
    ).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
    await expect(client.validateItems(null as never)).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
  });
});

describe('getItems', () => {
  it('returns the known items, deleted ones marked, unknown ids left out', async () => {
    const a = await h.createItem(h.tokens.staffA);
    const b = await h.createItem(h.tokens.staffA, { name: 'Gone' });
    await h.request({ method: 'DELETE', url: `/api/menu/items/${b.id}`, token: h.tokens.staffA });
    const { items } = await h.catalog.client.getItems({ ids: [a.id, b.id, UNKNOWN_ID, 'junk'] });
    expect(items.map((i) => [i.id, i.deleted]).sort()).toEqual(
      [
        [a.id, false],
        [b.id, true],
      ].sort(),
    );
    expect((await h.catalog.client.getItems({ ids: [] })).items).toEqual([]);
  });
});

describe('importItems', () => {
  const seedItem = (n: number, overrides: Partial<MenuItemImport> = {}): MenuItemImport => ({
    id: `0190b000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    restaurantId: n % 2 === 0 ? RESTAURANT_A : RESTAURANT_B,
    name: `Dish ${n}`,
    price: { amount: 1_000 + n, currency: 'INR' },
    categories: [`Category ${n % 3}`],
    dietaryTags: ['VEGETARIAN'],
    ...overrides,
  });

  it('creates the items with one CREATED event each, and skips ids it already has', async () => {
    const items = Array.from({ length: 25 }, (_, i) => seedItem(i + 1));
    expect(await h.catalog.client.importItems({ items })).toEqual({ created: 25 });
    expect(await h.rows()).toBe(25);
    const events = await h.outbox();
    expect(events).toHaveLength(25);
    expect(
      events.every(
        (e) => e.type === 'MenuItemUpdated' && (e.data as { change: string }).change === 'CREATED',
      ),
    ).toBe(true);
    expect(new Set(events.map((e) => e.subject))).toEqual(new Set(items.map((i) => i.id)));

    const again = [...items.slice(0, 5), seedItem(100), seedItem(100)];
    expect(await h.catalog.client.importItems({ items: again })).toEqual({ created: 1 });
    expect(await h.rows()).toBe(26);
    expect(await h.outbox()).toHaveLength(26);
    await h.delivered(seedItem(100).id, 'CREATED');
  });

  it('refreshes a cached menu after an import', async () => {
    const before = (
      await h.request({ method: 'GET', url: `/api/menu/restaurants/${RESTAURANT_A}` })
    ).json<RestaurantMenuView>();
    expect(before.items).toHaveLength(0);
    await h.catalog.client.importItems({ items: [seedItem(2), seedItem(4)] });
    const after = (
      await h.request({ method: 'GET', url: `/api/menu/restaurants/${RESTAURANT_A}` })
    ).json<RestaurantMenuView>();
    expect(after.items.map((i) => i.name)).toEqual(['Dish 2', 'Dish 4']);
  });

  it('writes nothing when any item is invalid', async () => {
    const items = [seedItem(1), seedItem(2, { price: { amount: 0, currency: 'INR' } })];
    await expect(h.catalog.client.importItems({ items })).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
    const badTag = [seedItem(3), { ...seedItem(4), dietaryTags: ['NOPE'] } as never];
    await expect(h.catalog.client.importItems({ items: badTag })).rejects.toThrowCode(
      'COMMON.VALIDATION_FAILED',
    );
    expect(await h.rows()).toBe(0);
    expect(await h.outbox()).toHaveLength(0);
  });

  it('does not ask the restaurants service about each item', async () => {
    const before = h.restaurantLookups();
    await h.catalog.client.importItems({ items: Array.from({ length: 10 }, (_, i) => seedItem(i + 200)) });
    expect(h.restaurantLookups()).toBe(before);
  });

  it('loads 20,000 items in batches quickly', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => seedItem(i + 1_000));
    const started = performance.now();
    expect(await h.catalog.client.importItems({ items })).toEqual({ created: 20_000 });
    const seconds = (performance.now() - started) / 1000;
    // 300,000 must load in well under a few minutes: 20,000 in under 20 s is that pace with room to spare.
    expect(seconds).toBeLessThan(20);
    expect(await h.rows()).toBe(20_000);
  });
});
