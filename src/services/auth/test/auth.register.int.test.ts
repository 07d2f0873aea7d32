import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { countRows, createTestSql, startAuth, type AuthHarness } from './auth-harness.js';

let sql: PgliteSql;
let h: AuthHarness;
beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startAuth(sql);
});
afterEach(async () => {
  await h.close();
});

const register = (payload: unknown) =>
  h.app.inject({ method: 'POST', url: '/auth/register', payload: payload as object });
const valid = { email: 'Ann@Example.test', password: 'long-enough-42', name: 'Ann' };

describe('POST /auth/register', () => {
  it('creates a customer, stores the email lower-cased and never the password', async () => {
    const response = await register(valid);
    expect(response.statusCode).toBe(201);
    const user = response.json();
    expect(user).toMatchObject({
      email: 'ann@example.test',
      name: 'Ann',
      roles: ['CUSTOMER'],
      restaurantIds: [],
    });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    const { rows } = await sql.query<{ password_hash: string }>('SELECT password_hash FROM auth.accounts');
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0]?.password_hash).not.toContain(valid.password);
  });

  it('ignores any roles in the body: self-service sign-up is always a customer', async () => {
    const response = await register({
      ...valid,
      roles: ['SYSTEM_ADMIN'],
      restaurantIds: [crypto.randomUUID()],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ roles: ['CUSTOMER'], restaurantIds: [] });
  });

  it('answers 409 AUTH.EMAIL_TAKEN for a duplicate email in any case, and writes nothing more', async () => {
    expect((await register(valid)).statusCode).toBe(201);
    const response = await register({ ...valid, email: 'ANN@example.TEST', name: 'Other' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ status: 409, code: 'AUTH.EMAIL_TAKEN', path: '/auth/register' });
    expect(await countRows(sql, 'accounts')).toBe(1);
  });

  it.each([
    ['a bad email', { ...valid, email: 'not-an-email' }],
    ['a short password', { ...valid, password: 'short-1' }],
    ['a password of one character class', { ...valid, password: 'abcdefghijklmn' }],
    ['a missing name', { email: valid.email, password: valid.password }],
    ['a missing password', { email: valid.email, name: valid.name }],
    ['an empty body', {}],
    ['an oversized name', { ...valid, name: 'n'.repeat(101) }],
    ['an oversized email', { ...valid, email: `${'a'.repeat(250)}@x.test` }],
    ['an oversized password', { ...valid, password: `a1-${'x'.repeat(300)}` }],
    ['a blank name', { ...valid, name: '   ' }],
  ])('answers 400 for %s and writes nothing', async (_why, payload) => {
    const response = await register(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toMatch(/^(COMMON\.VALIDATION_FAILED|AUTH\.WEAK_PASSWORD)$/);
    expect(await countRows(sql, 'accounts')).toBe(0);
  });

  it('lets the new customer sign in', async () => {
    await register(valid);
    const response = await h.login('ann@example.test', valid.password);
    expect(response.statusCode).toBe(200);
  });

  it('documents every auth route in the OpenAPI, tagged auth', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json().paths as Record<
      string,
      Record<string, { tags?: string[]; summary?: string }>
    >;
    const routes = [
      ['/auth/register', 'post'],
      ['/auth/login', 'post'],
      ['/auth/refresh', 'post'],
      ['/auth/logout', 'post'],
      ['/auth/me', 'get'],
      ['/.well-known/jwks.json', 'get'],
    ] as const;
    for (const [path, method] of routes) {
      expect(paths[path]?.[method]?.tags).toEqual(['auth']);
      expect(paths[path]?.[method]?.summary).toBeTruthy();
    }
  });
});
