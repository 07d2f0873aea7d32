import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { MAX_ADDRESSES, type AddressView } from '../index.js';
import { anAddress, createTestSql, startUsers, type UsersHarness } from './users-harness.js';

let sql: PgliteSql;
let h: UsersHarness;
let ann: { id: string; token: string };
beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startUsers(sql);
  ann = await h.user();
});
afterEach(async () => {
  await h.close();
});

const URL = '/api/users/me/addresses';
const UNKNOWN = '0190f000-0000-7000-8000-00000000abcd';

async function add(payload: unknown, token = ann.token) {
  return h.request({ method: 'POST', url: URL, token, payload });
}
async function added(
  overrides: Parameters<typeof anAddress>[0] = {},
  token = ann.token,
): Promise<AddressView> {
  const response = await add(anAddress(overrides), token);
  expect(response.statusCode).toBe(201);
  return response.json<AddressView>();
}
async function book(token = ann.token): Promise<AddressView[]> {
  return (await h.request({ method: 'GET', url: URL, token })).json<AddressView[]>();
}
/** The invariant: a non-empty book has exactly one default; returns its id. */
async function theDefault(token = ann.token): Promise<string | undefined> {
  const all = await book(token);
  const defaults = all.filter((address) => address.isDefault);
  expect(defaults).toHaveLength(all.length === 0 ? 0 : 1);
  return defaults[0]?.id;
}

describe('POST /api/users/me/addresses', () => {
  it('makes the first address the default even when asked not to, and keeps it for the next ones', async () => {
    const home = await added({ isDefault: false, line2: ' Flat 4 ', instructions: '' });
    expect(home).toMatchObject({
      label: 'Home',
      line1: '12 MG Road',
      line2: 'Flat 4',
      instructions: null,
      latitude: 12.9716,
      longitude: 77.5946,
      isDefault: true,
      createdAt: '2026-03-02T09:00:00.000Z',
    });
    h.clock.advance(1000);
    const work = await added({ label: 'Work' });
    expect(work.isDefault).toBe(false);
    expect(await theDefault()).toBe(home.id);
    expect((await book()).map((address) => address.label)).toEqual(['Home', 'Work']);
  });

  it('moves the default to a new address asked to be the default', async () => {
    await added();
    const work = await added({ label: 'Work', isDefault: true });
    expect(work.isDefault).toBe(true);
    expect(await theDefault()).toBe(work.id);
  });

  it.each([
    ['no line1', anAddress({ line1: undefined })],
    ['latitude 91', anAddress({ latitude: 91 })],
    ['latitude -90.5', anAddress({ latitude: -90.5 })],
    ['longitude 180.1', anAddress({ longitude: 180.1 })],
    ['a latitude that is not a number', { ...anAddress(), latitude: 'north' }],
    ['an object for the city', { ...anAddress(), city: { name: 'Bengaluru' } }],
    ['a blank label', anAddress({ label: '  ' })],
    ['a label of 41 characters', anAddress({ label: 'x'.repeat(41) })],
    ['instructions of 501 characters', anAddress({ instructions: 'x'.repeat(501) })],
    ['a postcode with symbols', anAddress({ postcode: '56$001' })],
    ['no body at all', undefined],
  ])('refuses %s with 400 and stores nothing', async (_what, payload) => {
    const response = await add(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toMatch(/^COMMON\./);
    expect(await book()).toEqual([]);
  });

  it(`refuses address ${MAX_ADDRESSES + 1} with 409 and leaves the book and its default as they were`, async () => {
    const first = await added();
    for (let i = 2; i <= MAX_ADDRESSES; i += 1) await added({ label: `Place ${i}` });
    const response = await add(anAddress({ label: 'One too many', isDefault: true }));
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'USERS.ADDRESS_LIMIT_REACHED',
      details: { limit: MAX_ADDRESSES },
    });
    expect(await book()).toHaveLength(MAX_ADDRESSES);
    expect(await theDefault()).toBe(first.id);
  });
});

describe('GET/PATCH/DELETE /api/users/me/addresses/{id}', () => {
  it('reads one address, and answers 404 for an unknown id and 400 for a malformed one', async () => {
    const home = await added();
    const one = await h.request({ method: 'GET', url: `${URL}/${home.id}`, token: ann.token });
    expect(one.json()).toEqual(home);
    const unknown = await h.request({ method: 'GET', url: `${URL}/${UNKNOWN}`, token: ann.token });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('USERS.ADDRESS_NOT_FOUND');
    expect((await h.request({ method: 'GET', url: `${URL}/not-a-uuid`, token: ann.token })).statusCode).toBe(
      400,
    );
  });

  it('changes only the fields given; line2 null clears it', async () => {
    const home = await added({ line2: 'Flat 4' });
    h.clock.advance(5000);
    const response = await h.request({
      method: 'PATCH',
      url: `${URL}/${home.id}`,
      token: ann.token,
      payload: { label: 'Old home', line2: null, latitude: -33.5 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ...home,
      label: 'Old home',
      line2: null,
      latitude: -33.5,
      updatedAt: '2026-03-02T09:00:05.000Z',
    });
  });

  it('moves the default with isDefault: true in one step', async () => {
    const home = await added();
    const work = await added({ label: 'Work' });
    const response = await h.request({
      method: 'PATCH',
      url: `${URL}/${work.id}`,
      token: ann.token,
      payload: { isDefault: true },
    });
    expect(response.json().isDefault).toBe(true);
    expect(await theDefault()).toBe(work.id);
    const homeNow = await h.request({ method: 'GET', url: `${URL}/${home.id}`, token: ann.token });
    expect(homeNow.json().isDefault).toBe(false);
  });

  it('refuses to unset the default (409) and changes nothing else in that request', async () => {
    const home = await added();
    await added({ label: 'Work' });
    const response = await h.request({
      method: 'PATCH',
      url: `${URL}/${home.id}`,
      token: ann.token,
      payload: { isDefault: false, label: 'Renamed' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('USERS.DEFAULT_ADDRESS_REQUIRED');
    expect(await theDefault()).toBe(home.id);
    expect((await book()).find((address) => address.id === home.id)?.label).toBe('Home');
  });

  it.each([
    ['an empty body', {}],
    ['longitude -181', { longitude: -181 }],
    ['a city of 101 characters', { city: 'x'.repeat(101) }],
    ['isDefault that is not a boolean', { isDefault: 'maybe' }],
  ])('refuses a change with %s (400), leaving the address as it was', async (_what, payload) => {
    const home = await added();
    const response = await h.request({
      method: 'PATCH',
      url: `${URL}/${home.id}`,
      token: ann.token,
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(await book()).toEqual([home]);
  });

  it('answers 404 to a change of an unknown address, leaving the default alone', async () => {
    const home = await added();
    const response = await h.request({
      method: 'PATCH',
      url: `${URL}/${UNKNOWN}`,
      token: ann.token,
      payload: { isDefault: true },
    });
    expect(response.statusCode).toBe(404);
    expect(await theDefault()).toBe(home.id);
  });

  it('deleting the default promotes the most recently added remaining address', async () => {
    const home = await added();
    h.clock.advance(1000);
    const work = await added({ label: 'Work' });
    h.clock.advance(1000);
    const gym = await added({ label: 'Gym' });
    h.clock.advance(1000);
    await h.request({
      method: 'PATCH',
      url: `${URL}/${work.id}`,
      token: ann.token,
      payload: { label: 'Office' },
    });

    const deleted = await h.request({ method: 'DELETE', url: `${URL}/${home.id}`, token: ann.token });
    expect(deleted.statusCode).toBe(204);
    expect(await theDefault()).toBe(gym.id);
    expect(
      (await h.request({ method: 'DELETE', url: `${URL}/${home.id}`, token: ann.token })).statusCode,
    ).toBe(404);

    expect(
      (await h.request({ method: 'DELETE', url: `${URL}/${work.id}`, token: ann.token })).statusCode,
    ).toBe(204);
    expect(await theDefault()).toBe(gym.id);
    expect(
      (await h.request({ method: 'DELETE', url: `${URL}/${gym.id}`, token: ann.token })).statusCode,
    ).toBe(204);
    expect(await book()).toEqual([]);
    expect((await added({ label: 'New' })).isDefault).toBe(true);
  });

  it('holds one default per book in the database itself, should the application ever slip', async () => {
    const home = await added();
    await added({ label: 'Work' });
    await expect(sql.query(`UPDATE users.addresses SET is_default = true`)).rejects.toThrow();
    expect(await theDefault()).toBe(home.id);
  });
});

describe('ownership', () => {
  it("hides another user's addresses: 404 to read, change or delete them, and they stay as they were", async () => {
    const home = await added();
    const bob = await h.user();
    for (const [method, payload] of [
      ['GET', undefined],
      ['PATCH', { label: 'Mine now', isDefault: true }],
      ['DELETE', undefined],
    ] as const) {
      const response = await h.request({ method, url: `${URL}/${home.id}`, token: bob.token, payload });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('USERS.ADDRESS_NOT_FOUND');
    }
    expect(await book(bob.token)).toEqual([]);
    expect(await book()).toEqual([home]);
  });

  it('keeps books apart: each user has their own default', async () => {
    const annHome = await added();
    const bob = await h.user();
    const bobHome = await added({}, bob.token);
    expect(bobHome.isDefault).toBe(true);
    expect(await theDefault()).toBe(annHome.id);
  });

  it('answers 401 without a token', async () => {
    expect((await h.request({ method: 'GET', url: URL })).statusCode).toBe(401);
    expect((await h.request({ method: 'POST', url: URL, payload: anAddress() })).statusCode).toBe(401);
    expect((await h.request({ method: 'DELETE', url: `${URL}/${UNKNOWN}` })).statusCode).toBe(401);
  });
});
