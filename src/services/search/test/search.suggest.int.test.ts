import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
beforeEach(async () => h.reset());

const texts = (response: { suggestions: Array<{ text: string; kind: string }> }) =>
  response.suggestions.map((s) => `${s.kind}:${s.text}`);

describe('suggest', () => {
  beforeEach(async () => {
    const a = await h.restaurant({ name: 'Biryani Blues', cuisines: ['Biryani', 'Mughlai'] });
    const b = await h.restaurant({ name: 'Bombay Bites', cuisines: ['Street Food'] });
    await h.item(a.id, { name: 'Chicken Biryani' });
    await h.item(a.id, { name: 'Biryani Rice Bowl' });
    await h.item(b.id, { name: 'Chicken Biryani' });
    await h.item(b.id, { name: 'Bhel Puri' });
    await h.item(b.id, { name: 'Paneer Roll' });
    await h.indexed();
  });

  it('offers names that start with the text first, then names with a word starting with it', async () => {
    const response = await h.suggest('biry');
    expect(texts(response)).toEqual([
      'cuisine:biryani',
      'restaurant:Biryani Blues',
      'dish:Biryani Rice Bowl',
      'dish:Chicken Biryani',
    ]);
    // A name shared by several dishes is offered once.
    expect(response.suggestions.find((s) => s.text === 'Chicken Biryani')?.highlight).toBe(
      'Chicken <mark>Biry</mark>ani',
    );
    expect(response.suggestions[1]?.highlight).toBe('<mark>Biry</mark>ani Blues');
  });

  it('is case-insensitive and answers short prefixes by prefix only', async () => {
    expect(texts(await h.suggest('B'))).toEqual(
      expect.arrayContaining(['restaurant:Bombay Bites', 'dish:Bhel Puri', 'cuisine:biryani']),
    );
    expect(texts(await h.suggest('PA'))).toEqual(['dish:Paneer Roll']);
  });

  it('tolerates a typo from three letters on', async () => {
    expect(texts(await h.suggest('paner'))).toEqual(['dish:Paneer Roll']);
    const biriyani = texts(await h.suggest('biriyani'));
    expect(biriyani).toEqual(expect.arrayContaining(['dish:Chicken Biryani', 'restaurant:Biryani Blues']));
  });

  it('gives at most the limit, never more than ten', async () => {
    const r = await h.restaurant({ name: 'Many Kebabs' });
    for (let i = 1; i <= 14; i++) await h.item(r.id, { name: `Kebab Platter ${i}` });
    await h.indexed();
    expect((await h.suggest('kebab')).suggestions).toHaveLength(10);
    expect((await h.suggest('kebab', 3)).suggestions).toHaveLength(3);
  });

  it('stops offering what is no longer found: a sold-out dish, a closed restaurant', async () => {
    const paneer = (await h.find({ q: 'paneer roll' })).content[0];
    await h.request({
      method: 'PUT',
      url: `/api/menu/items/${paneer?.id ?? ''}/availability`,
      token: h.admin,
      payload: { available: false },
    });
    await h.indexed();
    expect(texts(await h.suggest('pan'))).toEqual([]);

    const blues = (await h.find({ q: 'blues', type: 'restaurants' })).content[0];
    await h.request({
      method: 'PUT',
      url: `/api/restaurants/${blues?.id ?? ''}/status`,
      token: h.admin,
      payload: { open: false },
    });
    await h.indexed();
    // Chicken Biryani is still sold at Bombay Bites; the closed restaurant's name and cuisines are gone.
    expect(texts(await h.suggest('biry'))).toEqual(['dish:Chicken Biryani']);
    expect(texts(await h.suggest('mugh'))).toEqual([]);
  });

  it('escapes what it shows', async () => {
    const r = await h.restaurant({ name: 'Fish & <Chips>' });
    await h.indexed();
    const [first] = (await h.suggest('fish')).suggestions;
    expect(first).toEqual({
      text: 'Fish & <Chips>',
      kind: 'restaurant',
      highlight: '<mark>Fish</mark> &amp; &lt;Chips&gt;',
    });
    expect(r.name).toBe('Fish & <Chips>');
  });
});
