import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { MenuItemView } from '../index.js';
import {
  RESTAURANT_A,
  createTestSql,
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

describe('menu item writes', () => {
  it('creates an item (201, Location), stores it tidied, and publishes CREATED in the outbox and on the bus', async () => {
    const response = await h.request({
      method: 'POST',
      url: '/api/menu/items',
      token: h.tokens.staffA,
      payload: validItem({ name: '  Paneer   Tikka ', categories: ['Starters', ' Starters'] }),
    });
    expect(response.statusCode).toBe(201);
    const item = response.json<MenuItemView>();
    expect(response.headers.location).toBe(`/api/menu/items/${item.id}`);
    expect(item).toMatchObject({
      restaurantId: RESTAURANT_A,
      name: 'Paneer Tikka',
      price: { amount: 24_900, currency: 'INR' },
      categories: ['Starters'],
      dietaryTags: ['VEGETARIAN'],
      allergens: ['MILK'],
      nutrition: { calories: 320, proteinG: 18.5 },
      available: true,
      imageUrl: null,
      deleted: false,
      createdAt: '2026-03-02T09:00:00.000Z',
    });
    expect(await h.rows()).toBe(1);
    const [event] = await h.outbox();
    expect(event).toMatchObject({
      type: 'MenuItemUpdated',
      version: 1,
      source: 'catalog',
      subject: item.id,
      data: { itemId: item.id, restaurantId: RESTAURANT_A, change: 'CREATED', item },
    });
    const delivered = await h.delivered(item.id, 'CREATED');
    expect(delivered.data).toEqual(event?.data);
  });

  it('patches fields, keeps the others, and publishes UPDATED with the full item', async () => {
    const item = await h.createItem(h.tokens.staffA);
    h.clock.advance(60_000);
    const response = await h.request({
      method: 'PATCH',
      url: `/api/menu/items/${item.id}`,
      token: h.tokens.adminA,
      payload: { price: { amount: 27_500, currency: 'INR' }, imageUrl: '/api/storage/files/abc-1.jpg' },
    });
    expect(response.statusCode).toBe(200);
    const patched = response.json<MenuItemView>();
    expect(patched).toMatchObject({
      name: item.name,
      price: { amount: 27_500, currency: 'INR' },
      imageUrl: '/api/storage/files/abc-1.jpg',
      createdAt: item.createdAt,
      updatedAt: '2026-03-02T09:01:00.000Z',
    });
    const events = await h.outbox();
    expect(events.map((e) => (e.data as { change: string }).change)).toEqual(['CREATED', 'UPDATED']);
    expect((events[1]?.data as { item: MenuItemView }).item).toEqual(patched);
    await h.delivered(item.id, 'UPDATED');
  });

  it('a patch that changes nothing writes and publishes nothing', async () => {
    const item = await h.createItem(h.tokens.staffA);
    const response = await h.request({
      method: 'PATCH',
      url: `/api/menu/items/${item.id}`,
      token: h.tokens.staffA,
      payload: { name: item.name, restaurantId: RESTAURANT_A },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(item);
    expect(await h.outbox()).toHaveLength(1);
  });

  it('toggles availability and publishes AVAILABILITY once per real change', async () => {
    const item = await h.createItem(h.tokens.staffA);
    const toggle = (available: boolean) =>
      h.request({
        method: 'PUT',
        url: `/api/menu/items/${item.id}/availability`,
        token: h.tokens.staffA,
        payload: { available },
      });
    const off = await toggle(false);
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ id: item.id, available: false });
    expect((await toggle(false)).statusCode).toBe(200);
    expect((await toggle(true)).json()).toMatchObject({ available: true });
    const changes = (await h.outbox()).map((e) => e.data as { change: string; item: { available: boolean } });
    expect(changes.map((c) => [c.change, c.item.available])).toEqual([
      ['CREATED', true],
      ['AVAILABILITY', false],
      ['AVAILABILITY', true],
    ]);
    await h.delivered(item.id, 'AVAILABILITY');
  });

  it('deletes softly: 204, then 404 everywhere public, row kept, DELETED published with item null', async () => {
    const item = await h.createItem(h.tokens.staffA);
    const response = await h.request({
      method: 'DELETE',
      url: `/api/menu/items/${item.id}`,
      token: h.tokens.staffA,
    });
    expect(response.statusCode).toBe(204);
    expect((await h.request({ method: 'GET', url: `/api/menu/items/${item.id}` })).statusCode).toBe(404);
    const again = await h.request({
      method: 'DELETE',
      url: `/api/menu/items/${item.id}`,
      token: h.tokens.staffA,
    });
    expect(again.statusCode).toBe(404);
    expect(await h.rows()).toBe(1);
    const deleted = await h.delivered(item.id, 'DELETED');
    expect(deleted.data).toEqual({
      itemId: item.id,
      restaurantId: RESTAURANT_A,
      change: 'DELETED',
      item: null,
    });
    const { items } = await h.catalog.client.getItems({ ids: [item.id] });
    expect(items[0]).toMatchObject({ id: item.id, deleted: true });
  });
});
