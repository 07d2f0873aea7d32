import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { applyEvents } from '../app/apply-events.js';
import { createTestSql, eventually, names, startSearch, type SearchHarness } from './search-harness.js';

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
beforeEach(async () => h.reset());

/** The index's answer to a few queries, to compare states. */
async function snapshot() {
  const queries: Array<Record<string, string>> = [
    { q: 'biryani' },
    { q: 'curry' },
    { type: 'restaurants' },
    { q: 'kitchen' },
    {},
  ];
  return Promise.all(queries.map((query) => h.find({ ...query, size: 100 })));
}

async function redeliverAll(): Promise<string[]> {
  const outcomes: string[] = [];
  for (const event of await h.publishedSoFar()) outcomes.push(await h.search.consumer.deliver(event));
  return outcomes;
}

describe('the index follows the events', () => {
  it('indexes a new dish, follows renames, sold-out, back on sale and deletion', async () => {
    const r = await h.restaurant({ name: 'Biryani Kitchen' });
    const item = await h.item(r.id, { name: 'Chicken Biryani' });
    await h.indexed();
    expect(names(await h.find({ q: 'biryani', type: 'dishes' }))).toEqual(['Chicken Biryani']);

    const patch = await h.request({
      method: 'PATCH',
      url: `/api/menu/items/${item.id}`,
      token: h.admin,
      payload: { name: 'Mutton Biryani', price: { amount: 39_000, currency: 'INR' } },
    });
    expect(patch.statusCode).toBe(200);
    await h.indexed();
    const renamed = await h.find({ q: 'biryani', type: 'dishes' });
    expect(names(renamed)).toEqual(['Mutton Biryani']);
    expect(renamed.content[0]?.price).toEqual({ amount: 39_000, currency: 'INR' });
    expect((await h.find({ q: 'chicken' })).totalElements).toBe(0);

    const soldOut = await h.request({
      method: 'PUT',
      url: `/api/menu/items/${item.id}/availability`,
      token: h.admin,
      payload: { available: false },
    });
    expect(soldOut.statusCode).toBe(200);
    await eventually(async () => expect((await h.find({ q: 'mutton' })).totalElements).toBe(0));

    await h.request({
      method: 'PUT',
      url: `/api/menu/items/${item.id}/availability`,
      token: h.admin,
      payload: { available: true },
    });
    await eventually(async () => expect(names(await h.find({ q: 'mutton' }))).toEqual(['Mutton Biryani']));

    const deleted = await h.request({ method: 'DELETE', url: `/api/menu/items/${item.id}`, token: h.admin });
    expect(deleted.statusCode).toBe(204);
    await eventually(async () => expect((await h.find({ q: 'mutton' })).totalElements).toBe(0));
    // The restaurant itself is still found.
    expect(names(await h.find({ q: 'biryani' }))).toEqual(['Biryani Kitchen']);
  });

  it('drops a restaurant and its dishes within a second of closing, and brings them back on reopening', async () => {
    const r = await h.restaurant({ name: 'Curry Corner' });
    await h.item(r.id, { name: 'Fish Curry' });
    await h.indexed();
    expect((await h.find({ q: 'curry' })).totalElements).toBe(2);

    const closed = await h.request({
      method: 'PUT',
      url: `/api/restaurants/${r.id}/status`,
      token: h.admin,
      payload: { open: false, reason: 'Kitchen cleaning' },
    });
    expect(closed.statusCode).toBe(200);
    await eventually(async () => expect((await h.find({ q: 'curry' })).totalElements).toBe(0), 1000);
    expect((await h.suggest('curry')).suggestions).toEqual([]);

    await h.request({
      method: 'PUT',
      url: `/api/restaurants/${r.id}/status`,
      token: h.admin,
      payload: { open: true },
    });
    await eventually(async () => expect((await h.find({ q: 'curry' })).totalElements).toBe(2), 1000);
  });

  it('follows profile changes onto the dishes: name, cuisines, place', async () => {
    const r = await h.restaurant({ name: 'Old Name', cuisines: ['Chinese'] });
    await h.item(r.id, { name: 'Hakka Noodles' });
    await h.indexed();

    const patch = await h.request({
      method: 'PATCH',
      url: `/api/restaurants/${r.id}`,
      token: h.admin,
      payload: { name: 'New Name', cuisines: ['Indo-Chinese'] },
    });
    expect(patch.statusCode).toBe(200);
    await h.indexed();

    const [dish] = (await h.find({ q: 'noodles' })).content;
    expect(dish?.restaurantName).toBe('New Name');
    expect(dish?.cuisines).toEqual(['indo-chinese']);
    expect((await h.find({ q: 'noodles', cuisine: 'chinese' })).totalElements).toBe(0);
    expect((await h.find({ q: 'noodles', cuisine: 'indo-chinese' })).totalElements).toBe(1);
    expect(names(await h.find({ q: 'new name' }))).toEqual(['New Name']);
    expect((await h.find({ q: 'old' })).totalElements).toBe(0);
  });

  it('finds nothing of a restaurant waiting for approval until it is approved', async () => {
    const owner = await h.user({ roles: ['CUSTOMER'] });
    const applied = await h.request({
      method: 'POST',
      url: '/api/restaurants',
      token: owner.token,
      payload: {
        name: 'Hopeful Diner',
        cuisines: ['Cafe'],
        address: {
          line1: '1 Road',
          city: 'Bengaluru',
          postcode: '560001',
          latitude: 12.97,
          longitude: 77.59,
        },
        contact: { phone: '+91 80 1234 5678', email: 'hopeful@search.test' },
        deliveryRadiusKm: 5,
        timeZone: 'UTC',
      },
    });
    expect(applied.statusCode).toBe(201);
    const id = applied.json<{ id: string; status: string }>().id;
    await h.indexed();
    expect((await h.find({ q: 'hopeful' })).totalElements).toBe(0);

    const approval = await h.request({
      method: 'PUT',
      url: `/api/restaurants/${id}/approval`,
      token: h.admin,
      payload: { approved: true },
    });
    expect(approval.statusCode).toBe(200);
    await h.indexed();
    expect(names(await h.find({ q: 'hopeful' }))).toEqual(['Hopeful Diner']);
  });
});

describe('each event twice, in any order', () => {
  beforeEach(async () => {
    const a = await h.restaurant({ name: 'Biryani Kitchen', cuisines: ['Biryani'] });
    const b = await h.restaurant({ name: 'Curry Kitchen' });
    const gone = await h.item(a.id, { name: 'Egg Biryani' });
    const renamed = await h.item(a.id, { name: 'Veg Biryani' });
    await h.item(b.id, { name: 'Fish Curry' });
    await h.item(b.id, { name: 'Chicken Curry' });
    await h.request({ method: 'DELETE', url: `/api/menu/items/${gone.id}`, token: h.admin });
    await h.request({
      method: 'PATCH',
      url: `/api/menu/items/${renamed.id}`,
      token: h.admin,
      payload: { name: 'Paneer Biryani' },
    });
    await h.rate(a.id, 4.4, 12);
    await h.request({
      method: 'PUT',
      url: `/api/restaurants/${b.id}/status`,
      token: h.admin,
      payload: { open: false },
    });
    await h.indexed();
  });

  it('changes nothing when the consumer gets every event a second time', async () => {
    const before = await snapshot();
    expect(before[0]?.content.map((hit) => hit.name)).toEqual(['Biryani Kitchen', 'Paneer Biryani']);
    const outcomes = await redeliverAll();
    expect(outcomes.length).toBeGreaterThan(8);
    expect(new Set(outcomes)).toEqual(new Set(['duplicate']));
    expect(await snapshot()).toEqual(before);
  });

  it('reaches the same index from the events applied twice each, in reverse order, one at a time', async () => {
    const before = await snapshot();
    const events = await h.publishedSoFar();
    await sql.exec(
      'TRUNCATE search.documents, search.texts, search.restaurants, search.words, search.suggestions, search.time_zones',
    );
    const backwards: EventEnvelope[] = [...events].reverse();
    for (const event of [...backwards, ...backwards]) {
      await sql.transaction((tx) => applyEvents(tx, [event]));
    }
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the newer fact when an older event is applied after it', async () => {
    const before = await snapshot();
    const events = await h.publishedSoFar();
    // The first event of every subject again, alone and late: creations and first profiles.
    const firsts = new Map<string, EventEnvelope>();
    for (const event of events) if (!firsts.has(event.subject)) firsts.set(event.subject, event);
    for (const event of firsts.values()) await sql.transaction((tx) => applyEvents(tx, [event]));
    expect(await snapshot()).toEqual(before);
  });
});
