import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createTestSql, PASSWORD, setCookie, startAuth, type AuthHarness } from './auth-harness.js';

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

const RESTAURANT = '0190f000-0000-7000-8000-000000000001';

describe('POST /auth/login', () => {
  it('returns the tokens and the user, and sets both cookies HttpOnly and SameSite=Strict', async () => {
    const id = await h.account('owner@x.test', { roles: ['RESTAURANT_ADMIN'], restaurantIds: [RESTAURANT] });
    const response = await h.login('Owner@X.test');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: h.config.JWT_ACCESS_TTL_SECONDS,
      user: { id, email: 'owner@x.test', roles: ['RESTAURANT_ADMIN'], restaurantIds: [RESTAURANT] },
    });
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const claims = JSON.parse(Buffer.from(body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({
      sub: id,
      roles: ['RESTAURANT_ADMIN'],
      rid: [RESTAURANT],
      iss: 'sattzabite',
    });
    expect(claims.exp - claims.iat).toBe(h.config.JWT_ACCESS_TTL_SECONDS);

    const access = setCookie(response, 'sb_access');
    expect(access).toContain(`sb_access=${body.accessToken}`);
    expect(access).toMatch(/HttpOnly/);
    expect(access).toMatch(/SameSite=Strict/);
    expect(access).toMatch(/Path=\//);
    expect(access).not.toMatch(/Secure/);
    const refresh = setCookie(response, 'sb_refresh');
    expect(refresh).toMatch(/HttpOnly/);
    expect(refresh).toMatch(/SameSite=Strict/);
    expect(refresh).toMatch(/Path=\/auth/);
  });

  it('marks the cookies Secure in production', async () => {
    await h.close();
    h = await startAuth(sql, { NODE_ENV: 'production' });
    await h.account('ann@x.test');
    const response = await h.login('ann@x.test');
    expect(setCookie(response, 'sb_access')).toMatch(/Secure/);
    expect(setCookie(response, 'sb_refresh')).toMatch(/Secure/);
  });

  it('gives the same 401 for a wrong password and an unknown email, and sets no cookie', async () => {
    await h.account('ann@x.test');
    const wrong = await h.login('ann@x.test', 'not-the-password-1');
    const unknown = await h.login('nobody@x.test', 'not-the-password-1');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    const strip = (r: typeof wrong) => {
      const { code, message, status } = r.json();
      return { code, message, status };
    };
    expect(strip(wrong)).toEqual(strip(unknown));
    expect(strip(wrong).code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('locks after the configured failures, even against the right password, and unlocks after the lock time', async () => {
    await h.account('ann@x.test');
    for (let i = 0; i < h.config.LOGIN_MAX_FAILURES; i += 1) {
      expect((await h.login('ann@x.test', 'wrong-password-1')).statusCode).toBe(401);
    }
    const locked = await h.login('ann@x.test');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('AUTH.ACCOUNT_LOCKED');
    expect(locked.headers['retry-after']).toBe(String(h.config.LOGIN_LOCK_SECONDS));

    h.clock.advance(h.config.LOGIN_LOCK_SECONDS * 1000 - 1000);
    const stillLocked = await h.login('ann@x.test');
    expect(stillLocked.statusCode).toBe(423);
    expect(stillLocked.headers['retry-after']).toBe('1');

    h.clock.advance(1000);
    expect((await h.login('ann@x.test')).statusCode).toBe(200);
  });

  it('resets the failure count on success', async () => {
    await h.account('ann@x.test');
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < h.config.LOGIN_MAX_FAILURES - 1; i += 1) {
        expect((await h.login('ann@x.test', 'wrong-password-1')).statusCode).toBe(401);
      }
      expect((await h.login('ann@x.test')).statusCode).toBe(200);
    }
  });

  it('answers 403 AUTH.ACCOUNT_DISABLED for a disabled account with the right password only', async () => {
    const id = await h.account('ann@x.test');
    await h.auth.client.setAccountDisabled({ accountId: id, disabled: true });
    expect((await h.login('ann@x.test', 'wrong-password-1')).json().code).toBe('AUTH.INVALID_CREDENTIALS');
    const response = await h.login('ann@x.test');
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('AUTH.ACCOUNT_DISABLED');

    await h.auth.client.setAccountDisabled({ accountId: id, disabled: false });
    expect((await h.login('ann@x.test')).statusCode).toBe(200);
  });

  it('limits sign-in attempts per client address with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) statuses.push((await h.login('nobody@x.test', PASSWORD)).statusCode);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    const limited = await h.login('nobody@x.test', PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('COMMON.RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('refuses a malformed body with 400 before touching any account', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'ann@x.test' },
    });
    expect(response.statusCode).toBe(400);
  });
});
