import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../../../test/support/platform-harness.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createTestSql, startUsers, type UsersHarness } from './users-harness.js';

let sql: PgliteSql;
let h: UsersHarness;
let admin: { id: string; token: string };
beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startUsers(sql);
  admin = await h.user({ roles: ['SYSTEM_ADMIN'], email: 'admin@x.test' });
});
afterEach(async () => {
  await h.close();
});

const UNKNOWN = '0190f000-0000-7000-8000-00000000abcd';
const login = (email: string) =>
  h.request({ method: 'POST', url: '/auth/login', payload: { email, password: TEST_PASSWORD } });
const setStatus = (id: string, payload: unknown, token = admin.token) =>
  h.request({ method: 'PUT', url: `/api/users/${id}/status`, token, payload });

describe('GET /api/users', () => {
  it('pages accounts through auth, with filters', async () => {
    const ann = await h.user({ email: 'ann@x.test' });
    h.clock.advance(1000);
    await h.user({ email: 'bob@y.test' });
    await setStatus(ann.id, { disabled: true });

    const all = await h.request({ method: 'GET', url: '/api/users?page=0&size=2', token: admin.token });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ page: 0, size: 2, totalElements: 3, totalPages: 2 });
    expect(all.json().content.map((user: { email: string }) => user.email)).toEqual([
      'admin@x.test',
      'ann@x.test',
    ]);

    const filtered = await h.request({
      method: 'GET',
      url: '/api/users?q=x.test&role=CUSTOMER&disabled=true',
      token: admin.token,
    });
    expect(filtered.json().content).toEqual([
      expect.objectContaining({ id: ann.id, email: 'ann@x.test', disabled: true, roles: ['CUSTOMER'] }),
    ]);
    const defaults = await h.request({ method: 'GET', url: '/api/users', token: admin.token });
    expect(defaults.json()).toMatchObject({ page: 0, size: 20, totalElements: 3 });
  });

  it.each(['size=101', 'size=0', 'page=-1', 'role=KING', 'disabled=perhaps', `q=${'x'.repeat(101)}`])(
    'refuses ?%s with 400',
    async (query) => {
      const response = await h.request({ method: 'GET', url: `/api/users?${query}`, token: admin.token });
      expect(response.statusCode).toBe(400);
    },
  );
});

describe('GET /api/users/{id}', () => {
  it("shows a user's profile and the last status change with its reason", async () => {
    const ann = await h.user({ email: 'ann@x.test' });
    const before = await h.request({ method: 'GET', url: `/api/users/${ann.id}`, token: admin.token });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({
      id: ann.id,
      email: 'ann@x.test',
      phone: null,
      lastStatusChange: null,
    });

    h.clock.advance(1000);
    await setStatus(ann.id, { disabled: true, reason: ' chargebacks ' });
    const after = await h.request({ method: 'GET', url: `/api/users/${ann.id}`, token: admin.token });
    expect(after.json().lastStatusChange).toEqual({
      disabled: true,
      reason: 'chargebacks',
      changedBy: admin.id,
      changedAt: '2026-03-02T09:00:01.000Z',
    });
  });

  it('answers 404 for an unknown user and 400 for a malformed id', async () => {
    const unknown = await h.request({ method: 'GET', url: `/api/users/${UNKNOWN}`, token: admin.token });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('USERS.USER_NOT_FOUND');
    expect((await h.request({ method: 'GET', url: '/api/users/nope', token: admin.token })).statusCode).toBe(
      400,
    );
  });
});

describe('PUT /api/users/{id}/status', () => {
  it('disables: the user can no longer sign in or refresh; enabling lets them sign in again', async () => {
    const ann = await h.user({ email: 'ann@x.test' });
    const session = (await login('ann@x.test')).json<{ refreshToken: string }>();

    const response = await setStatus(ann.id, { disabled: true, reason: 'fraud' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: ann.id,
      lastStatusChange: { disabled: true, reason: 'fraud' },
    });

    const refused = await login('ann@x.test');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('AUTH.ACCOUNT_DISABLED');
    const refresh = await h.request({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refreshToken: session.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
    expect(refresh.json().code).toBe('AUTH.REFRESH_TOKEN_INVALID');

    expect((await setStatus(ann.id, { disabled: false })).json().lastStatusChange).toMatchObject({
      disabled: false,
      reason: null,
    });
    expect((await login('ann@x.test')).statusCode).toBe(200);
  });

  it('refuses an administrator disabling themself (409) and changes nothing', async () => {
    const response = await setStatus(admin.id, { disabled: true });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('USERS.CANNOT_DISABLE_SELF');
    expect((await login('admin@x.test')).statusCode).toBe(200);
    expect((await sql.query('SELECT * FROM users.status_changes')).rows).toEqual([]);
  });

  it('answers 404 for an unknown user and 400 for a bad body, recording nothing', async () => {
    const ann = await h.user();
    expect((await setStatus(UNKNOWN, { disabled: true })).json().code).toBe('USERS.USER_NOT_FOUND');
    for (const payload of [{}, { disabled: 'yes' }, { disabled: true, reason: 'x'.repeat(501) }]) {
      expect((await setStatus(ann.id, payload)).statusCode).toBe(400);
    }
    expect((await sql.query('SELECT * FROM users.status_changes')).rows).toEqual([]);
    expect((await h.request({ method: 'GET', url: '/api/users/me', token: ann.token })).statusCode).toBe(200);
  });
});

describe('admin routes: roles', () => {
  it('answers 403 to a customer or restaurant admin and 401 without a token', async () => {
    const customer = await h.user();
    const owner = await h.user({ roles: ['RESTAURANT_ADMIN'], restaurantIds: [UNKNOWN] });
    const routes = [
      { method: 'GET', url: '/api/users' },
      { method: 'GET', url: `/api/users/${customer.id}` },
      { method: 'PUT', url: `/api/users/${admin.id}/status`, payload: { disabled: true } },
    ] as const;
    for (const route of routes) {
      for (const token of [customer.token, owner.token]) {
        const response = await h.request({ ...route, token });
        expect(response.statusCode).toBe(403);
        expect(response.json().code).toBe('COMMON.FORBIDDEN');
      }
      expect((await h.request(route)).statusCode).toBe(401);
    }
    expect((await login('admin@x.test')).statusCode).toBe(200);
  });
});
