import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { countRows, createTestSql, setCookie, startAuth, type AuthHarness } from './auth-harness.js';

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

const refreshWith = (refreshToken: string) =>
  h.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken } });
const refreshWithCookie = (refreshToken: string) =>
  h.app.inject({ method: 'POST', url: '/auth/refresh', cookies: { sb_refresh: refreshToken } });

describe('POST /auth/refresh', () => {
  it('rotates: new access and refresh tokens, same user, and the old refresh token is spent', async () => {
    const id = await h.account('ann@x.test');
    const first = await h.tokens('ann@x.test');
    h.clock.advance(1000);
    const response = await refreshWith(first.refreshToken);
    expect(response.statusCode).toBe(200);
    const second = response.json();
    expect(second.user.id).toBe(id);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(setCookie(response, 'sb_access')).toContain(second.accessToken);
    expect(setCookie(response, 'sb_refresh')).toContain(second.refreshToken);
    const me = await h.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { authorization: `Bearer ${second.accessToken}` },
    });
    expect(me.statusCode).toBe(200);

    const { rows } = await sql.query<{ token_hash: string; family_id: string; used_at: Date | null }>(
      'SELECT token_hash, family_id, used_at FROM auth.refresh_tokens ORDER BY created_at',
    );
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((row) => row.family_id)).size).toBe(1);
    expect(rows[0]?.used_at).toBeInstanceOf(Date);
    expect(rows.every((row) => row.token_hash.length === 64 && row.token_hash !== first.refreshToken)).toBe(
      true,
    );
  });

  it('takes the refresh token from the sb_refresh cookie', async () => {
    await h.account('ann@x.test');
    const first = await h.tokens('ann@x.test');
    const response = await refreshWithCookie(first.refreshToken);
    expect(response.statusCode).toBe(200);
  });

  it('on reuse of a spent token answers AUTH.REFRESH_TOKEN_REUSED and revokes the whole family', async () => {
    await h.account('ann@x.test');
    const first = await h.tokens('ann@x.test');
    const other = await h.tokens('ann@x.test'); // another device: another family, untouched
    const second = (await refreshWith(first.refreshToken)).json();

    const reuse = await refreshWith(first.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe('AUTH.REFRESH_TOKEN_REUSED');

    const newest = await refreshWith(second.refreshToken);
    expect(newest.statusCode).toBe(401);
    expect(newest.json().code).toBe('AUTH.REFRESH_TOKEN_INVALID');
    expect((await refreshWith(other.refreshToken)).statusCode).toBe(200);
  });

  it('answers AUTH.REFRESH_TOKEN_EXPIRED after the refresh TTL', async () => {
    await h.account('ann@x.test');
    const first = await h.tokens('ann@x.test');
    h.clock.advance(h.config.JWT_REFRESH_TTL_SECONDS * 1000);
    const response = await refreshWith(first.refreshToken);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('AUTH.REFRESH_TOKEN_EXPIRED');
  });

  it('answers AUTH.REFRESH_TOKEN_INVALID for an unknown token or none at all', async () => {
    for (const response of [
      await refreshWith('x'.repeat(43)),
      await h.app.inject({ method: 'POST', url: '/auth/refresh' }),
    ]) {
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('AUTH.REFRESH_TOKEN_INVALID');
    }
  });

  it('refuses a disabled account, whose tokens were revoked when it was disabled', async () => {
    const id = await h.account('ann@x.test');
    const first = await h.tokens('ann@x.test');
    await h.auth.client.setAccountDisabled({ accountId: id, disabled: true });
    const response = await refreshWith(first.refreshToken);
    expect(response.statusCode).toBe(401);
    await h.auth.client.setAccountDisabled({ accountId: id, disabled: false });
    expect((await refreshWith(first.refreshToken)).statusCode).toBe(401);
  });
});

describe('POST /auth/logout', () => {
  it('revokes the family, clears both cookies and answers 204', async () => {
    await h.account('ann@x.test');
    const first = await h.tokens('ann@x.test');
    const second = (await refreshWith(first.refreshToken)).json();
    const response = await h.app.inject({
      method: 'POST',
      url: '/auth/logout',
      cookies: { sb_refresh: second.refreshToken },
    });
    expect(response.statusCode).toBe(204);
    expect(setCookie(response, 'sb_access')).toMatch(/sb_access=;.*Expires=Thu, 01 Jan 1970/);
    expect(setCookie(response, 'sb_refresh')).toMatch(/Path=\/auth/);
    expect((await refreshWith(second.refreshToken)).json().code).toBe('AUTH.REFRESH_TOKEN_INVALID');
  });

  it('answers 204 without a refresh token, and with one in the body', async () => {
    await h.account('ann@x.test');
    const first = await h.tokens('ann@x.test');
    expect((await h.app.inject({ method: 'POST', url: '/auth/logout' })).statusCode).toBe(204);
    const response = await h.app.inject({
      method: 'POST',
      url: '/auth/logout',
      payload: { refreshToken: first.refreshToken },
    });
    expect(response.statusCode).toBe(204);
    expect(await countRows(sql, 'refresh_tokens')).toBe(1);
    expect((await refreshWith(first.refreshToken)).statusCode).toBe(401);
  });
});
