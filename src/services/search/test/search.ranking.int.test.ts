import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createTestSql, names, startSearch, type SearchHarness } from './search-harness.js';

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

describe('ranking', () => {
  it('puts a name match above a category match above a description match', async () => {
    const r = await h.restaurant({ name: 'Spice Route', cuisines: ['Hyderabadi'] });
    await h.item(r.id, { name: 'Steamed Rice', description: 'Goes well with any biryani' });
    await h.item(r.id, {
      name: 'Chicken Biryani',
      description: 'Basmati and chicken',
      categories: ['Mains'],
    });
    await h.item(r.id, { name: 'Dum Handi', description: 'Sealed pot', categories: ['Biryani'] });
    await h.indexed();

    const page = await h.find({ q: 'biryani' });
    expect(names(page)).toEqual(['Chicken Biryani', 'Dum Handi', 'Steamed Rice']);
    const scores = page.content.map((hit) => hit.score);
    expect(scores[0]).toBeGreaterThan(scores[1] ?? 0);
    expect(scores[1]).toBeGreaterThan(scores[2] ?? 0);
  });

  it('ranks the closer name first, and equal scores by rating', async () => {
    const low = await h.restaurant({ name: 'Low Rated' });
    const high = await h.restaurant({ name: 'High Rated' });
    await h.rate(low.id, 3.1, 10);
    await h.rate(high.id, 4.7, 10);
    await h.item(low.id, { name: 'Paneer Tikka', description: '' });
    await h.item(high.id, { name: 'Paneer Tikka', description: '' });
    await h.item(high.id, { name: 'Paneer', description: '' });
    await h.indexed();

    const page = await h.find({ q: 'paneer', type: 'dishes' });
    expect(page.content.map((hit) => [hit.name, hit.restaurantName])).toEqual([
      ['Paneer', 'High Rated'],
      ['Paneer Tikka', 'High Rated'],
      ['Paneer Tikka', 'Low Rated'],
    ]);
    expect(page.content[1]?.score).toBe(page.content[2]?.score);
  });

  it('finds restaurants by name and cuisine, dishes and restaurants in one list', async () => {
    const r = await h.restaurant({ name: 'Dosa Palace', cuisines: ['South Indian'] });
    await h.restaurant({ name: 'Other Place', cuisines: ['Dosa'] });
    await h.item(r.id, { name: 'Masala Dosa', description: 'Crisp crepe' });
    await h.indexed();

    const page = await h.find({ q: 'dosa' });
    expect(page.content.map((hit) => `${hit.kind}:${hit.name}`).sort()).toEqual([
      'dish:Masala Dosa',
      'restaurant:Dosa Palace',
      'restaurant:Other Place',
    ]);
    // Name matches first; the cuisine match last.
    expect(page.content[2]?.name).toBe('Other Place');
  });

  it('matches word forms through stemming', async () => {
    const r = await h.restaurant();
    await h.item(r.id, { name: 'Masala Dosa' });
    await h.indexed();
    expect(names(await h.find({ q: 'dosas' }))).toEqual(['Masala Dosa']);
  });
});

describe('typos', () => {
  it('finds Biryani for biriyani and briyani, Paneer for paner', async () => {
    const r = await h.restaurant({ name: 'Kitchen One' });
    await h.item(r.id, { name: 'Chicken Biryani', description: 'Rice dish' });
    await h.item(r.id, { name: 'Paneer Tikka', description: 'Grilled cheese' });
    await h.item(r.id, { name: 'Plain Naan', description: 'Bread' });
    await h.indexed();

    expect(names(await h.find({ q: 'biriyani' }))).toEqual(['Chicken Biryani']);
    expect(names(await h.find({ q: 'briyani' }))).toEqual(['Chicken Biryani']);
    expect(names(await h.find({ q: 'paner' }))).toEqual(['Paneer Tikka']);
    expect(names(await h.find({ q: 'chiken biriyani' }))).toEqual(['Chicken Biryani']);
    // The highlight marks the word meant.
    expect((await h.find({ q: 'biriyani' })).content[0]?.highlight.name).toBe('Chicken <mark>Biryani</mark>');
  });

  it('finds nothing for words nothing resembles', async () => {
    const r = await h.restaurant();
    await h.item(r.id, { name: 'Chicken Biryani' });
    await h.indexed();
    const page = await h.find({ q: 'xylophone' });
    expect(page).toEqual({ content: [], page: 0, size: 20, totalElements: 0, totalPages: 0 });
    expect((await h.find({ q: '?!' })).totalElements).toBe(0);
  });

  it('ignores an unknown word beside known ones', async () => {
    const r = await h.restaurant();
    await h.item(r.id, { name: 'Chicken Biryani' });
    await h.item(r.id, { name: 'Chicken Curry' });
    await h.indexed();
    expect(names(await h.find({ q: 'biryani qwzx' }))).toEqual(['Chicken Biryani']);
  });
});

describe('highlights', () => {
  it('marks matched words in the name and the description, escaping the rest', async () => {
    const r = await h.restaurant({ name: 'Tom & Jerry <Grill>' });
    await h.item(r.id, {
      name: 'Fish <b>Curry</b> & "Rice"',
      description: 'Kerala style curry with coconut',
    });
    await h.indexed();

    const [dish] = (await h.find({ q: 'curry' })).content;
    expect(dish?.highlight.name).toBe('Fish &lt;b&gt;<mark>Curry</mark>&lt;/b&gt; &amp; &quot;Rice&quot;');
    expect(dish?.highlight.description).toBe('Kerala style <mark>curry</mark> with coconut');
    expect(dish?.name).toBe('Fish <b>Curry</b> & "Rice"');

    const [restaurant] = (await h.find({ q: 'grill' })).content;
    expect(restaurant?.highlight).toEqual({ name: 'Tom &amp; Jerry &lt;<mark>Grill</mark>&gt;' });
    // Without words nothing is marked, everything is escaped.
    const browse = await h.find({ type: 'restaurants' });
    expect(browse.content[0]?.highlight).toEqual({ name: 'Tom &amp; Jerry &lt;Grill&gt;' });
    expect(browse.content[0]?.score).toBe(0);
  });
});
