import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { MenuItemView } from '../index.js';
import {
  RESTAURANT_A,
  RESTAURANT_B,
  UNKNOWN_ID,
  createTestSql,
  errorCode,
  startCatalog,
  validItem,
  type CatalogHarness,
} from './catalog-harness.js';

let sql: PgliteSql;
let h: CatalogHarness;
let item: MenuItemView;
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
  item = await h.createItem(h.tokens.staffA);
});

type Who = 'customer' | 'staffB' | 'anonymous';
const writes = (who: Who) => {
  const token = who === 'anonymous' ? undefined : h.tokens[who];
  return [
    h.request({ method: 'POST', url: '/api/menu/items', token, payload: validItem() }),
    h.request({ method: 'PATCH', url: `/api/menu/items/${item.id}`, token, payload: { name: 'Hacked' } }),
    h.request({ method: 'DELETE', url: `/api/menu/items/${item.id}`, token }),
    h.request({
      method: 'PUT',
      url: `/api/menu/items/${item.id}/availability`,
      token,
      payload: { available: false },
    }),
  ].map((p) => p.then((r) => [r.statusCode, errorCode(r)]));
};

/** The item as it was created, and nothing but its CREATED event in the outbox. */
async function expectUntouched() {
  const response = await h.request({ method: 'GET', url: `/api/menu/items/${item.id}` });
  expect(response.json()).toEqual(item);
  expect(await h.rows()).toBe(1);
  expect(await h.outbox()).toHaveLength(1);
}

describe('who may change a menu', () => {
  it('answers 401 to every write without a token', async () => {
    const answers = await Promise.all(writes('anonymous'));
    expect(answers).toEqual(Array(4).fill([401, 'COMMON.UNAUTHENTICATED']));
    await expectUntouched();
  });

  it('answers 403 to a customer for create, patch, delete and the sold-out toggle', async () => {
    const answers = await Promise.all(writes('customer'));
    expect(answers).toEqual(Array(4).fill([403, 'COMMON.FORBIDDEN']));
    await expectUntouched();
  });

  it("answers 403 to staff of restaurant B for every change of A's items", async () => {
    const answers = await Promise.all(writes('staffB'));
    expect(answers).toEqual(Array(4).fill([403, 'COMMON.FORBIDDEN']));
    await expectUntouched();
  });

  it('refuses to move an item to another restaurant, even for its own staff and a system admin', async () => {
    for (const token of [h.tokens.staffA, h.tokens.admin]) {
      const response = await h.request({
        method: 'PATCH',
        url: `/api/menu/items/${item.id}`,
        token,
        payload: { restaurantId: RESTAURANT_B, name: 'Moved' },
      });
      expect(response.statusCode).toBe(403);
      expect(errorCode(response)).toBe('CATALOG.RESTAURANT_IMMUTABLE');
    }
    await expectUntouched();
  });

  it('lets staff of B create at B but not at A', async () => {
    const atB = await h.request({
      method: 'POST',
      url: '/api/menu/items',
      token: h.tokens.staffB,
      payload: validItem({ restaurantId: RESTAURANT_B }),
    });
    expect(atB.statusCode).toBe(201);
    const atA = await h.request({
      method: 'POST',
      url: '/api/menu/items',
      token: h.tokens.staffB,
      payload: validItem(),
    });
    expect(atA.statusCode).toBe(403);
  });

  it('lets a system admin create at any existing restaurant and change any item', async () => {
    const created = await h.request({
      method: 'POST',
      url: '/api/menu/items',
      token: h.tokens.admin,
      payload: validItem({ restaurantId: RESTAURANT_B }),
    });
    expect(created.statusCode).toBe(201);
    const patched = await h.request({
      method: 'PATCH',
      url: `/api/menu/items/${item.id}`,
      token: h.tokens.admin,
      payload: { name: 'Admin Tikka' },
    });
    expect(patched.json()).toMatchObject({ name: 'Admin Tikka' });
    const toggled = await h.request({
      method: 'PUT',
      url: `/api/menu/items/${item.id}/availability`,
      token: h.tokens.admin,
      payload: { available: false },
    });
    expect(toggled.statusCode).toBe(200);
    const deleted = await h.request({
      method: 'DELETE',
      url: `/api/menu/items/${item.id}`,
      token: h.tokens.admin,
    });
    expect(deleted.statusCode).toBe(204);
  });

  it('answers 404 CATALOG.RESTAURANT_NOT_FOUND when a system admin names an unknown restaurant', async () => {
    const response = await h.request({
      method: 'POST',
      url: '/api/menu/items',
      token: h.tokens.admin,
      payload: validItem({ restaurantId: UNKNOWN_ID }),
    });
    expect(response.statusCode).toBe(404);
    expect(errorCode(response)).toBe('CATALOG.RESTAURANT_NOT_FOUND');
    expect(await h.rows()).toBe(1);
    expect(await h.outbox()).toHaveLength(1);
  });

  it('lets a restaurant admin of A manage A', async () => {
    const response = await h.request({
      method: 'PATCH',
      url: `/api/menu/items/${item.id}`,
      token: h.tokens.adminA,
      payload: { description: 'Smoky' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ description: 'Smoky', restaurantId: RESTAURANT_A });
  });
});
