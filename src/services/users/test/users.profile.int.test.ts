import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createTestSql, startUsers, type UsersHarness } from './users-harness.js';

let sql: PgliteSql;
let h: UsersHarness;
beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startUsers(sql);
});
afterEach(async () => {
  await h.close();
});

const profiles = async () => (await sql.query('SELECT * FROM users.profiles')).rows;

describe('GET /api/users/me', () => {
  it('makes the profile on first access from the auth account, once', async () => {
    const ann = await h.user({ email: 'ann@x.test' });
    expect(await profiles()).toHaveLength(0);
    const first = await h.request({ method: 'GET', url: '/api/users/me', token: ann.token });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      id: ann.id,
      email: 'ann@x.test',
      name: expect.stringMatching(/^Test User/),
      phone: null,
      roles: ['CUSTOMER'],
      restaurantIds: [],
      createdAt: '2026-03-02T09:00:00.000Z',
      updatedAt: '2026-03-02T09:00:00.000Z',
    });
    h.clock.advance(60_000);
    const again = await h.request({ method: 'GET', url: '/api/users/me', token: ann.token });
    expect(again.json()).toEqual(first.json());
    expect(await profiles()).toHaveLength(1);
  });

  it('answers 401 without a token, also under /api/v1', async () => {
    expect((await h.request({ method: 'GET', url: '/api/users/me' })).statusCode).toBe(401);
    const v1 = await h.request({ method: 'GET', url: '/api/v1/users/me' });
    expect(v1.statusCode).toBe(401);
    expect(v1.json().code).toBe('COMMON.UNAUTHENTICATED');
  });
});

describe('PATCH /api/users/me', () => {
  it('changes the name and stores the phone in E.164; null clears the phone', async () => {
    const ann = await h.user();
    h.clock.advance(1000);
    const patched = await h.request({
      method: 'PATCH',
      url: '/api/users/me',
      token: ann.token,
      payload: { name: '  Ann Rao ', phone: '+91 (98765) 43210' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Ann Rao', phone: '+919876543210' });
    expect(patched.json().updatedAt).toBe('2026-03-02T09:00:01.000Z');

    const nameOnly = await h.request({
      method: 'PATCH',
      url: '/api/users/me',
      token: ann.token,
      payload: { name: 'Ann' },
    });
    expect(nameOnly.json()).toMatchObject({ name: 'Ann', phone: '+919876543210' });
    const cleared = await h.request({
      method: 'PATCH',
      url: '/api/users/me',
      token: ann.token,
      payload: { phone: null },
    });
    expect(cleared.json()).toMatchObject({ name: 'Ann', phone: null });
    expect((await h.request({ method: 'GET', url: '/api/users/me', token: ann.token })).json()).toMatchObject(
      {
        name: 'Ann',
        phone: null,
      },
    );
  });

  it.each([
    ['an empty body', {}],
    ['a blank name', { name: '   ' }],
    ['a name of 101 characters', { name: 'x'.repeat(101) }],
    ['an object for the name', { name: { first: 'Ann' } }],
    ['only an unknown field (it is dropped, leaving nothing to change)', { email: 'me@x.test' }],
    ['an oversized phone', { phone: '+9'.repeat(20) }],
  ])('refuses %s with 400 and changes nothing', async (_what, payload) => {
    const ann = await h.user();
    const before = (await h.request({ method: 'GET', url: '/api/users/me', token: ann.token })).json();
    const response = await h.request({ method: 'PATCH', url: '/api/users/me', token: ann.token, payload });
    expect(response.statusCode).toBe(400);
    expect((await h.request({ method: 'GET', url: '/api/users/me', token: ann.token })).json()).toEqual(
      before,
    );
  });

  it.each(['98765 43210', '+0123456789', '+91 98765 abcde', '+1234'])(
    'refuses the phone %s with USERS.INVALID_PHONE and writes nothing',
    async (phone) => {
      const ann = await h.user();
      const response = await h.request({
        method: 'PATCH',
        url: '/api/users/me',
        token: ann.token,
        payload: { phone },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('USERS.INVALID_PHONE');
      expect(await profiles()).toHaveLength(0);
    },
  );
});
