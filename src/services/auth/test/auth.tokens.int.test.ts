import { generateKeyPair, SignJWT, UnsecuredJWT, decodeProtectedHeader } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createTestSql, startAuth, type AuthHarness } from './auth-harness.js';

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

const me = (token?: string, via: 'bearer' | 'cookie' = 'bearer') =>
  h.app.inject({
    method: 'GET',
    url: '/auth/me',
    ...(token === undefined
      ? {}
      : via === 'bearer'
        ? { headers: { authorization: `Bearer ${token}` } }
        : { cookies: { sb_access: token } }),
  });

const DAY = 86_400_000;

describe('GET /auth/me and access tokens', () => {
  it('answers the account from the database with a Bearer token and with the cookie', async () => {
    const id = await h.account('ann@x.test');
    const { accessToken } = await h.tokens('ann@x.test');
    for (const via of ['bearer', 'cookie'] as const) {
      const response = await me(accessToken, via);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        id,
        email: 'ann@x.test',
        name: 'Test Person',
        roles: ['CUSTOMER'],
        restaurantIds: [],
      });
    }
  });

  it('shows restaurant roles granted after sign-in (the database, not the token)', async () => {
    const id = await h.account('sam@x.test');
    const { accessToken } = await h.tokens('sam@x.test');
    const restaurantId = '0190f000-0000-7000-8000-000000000009';
    await h.auth.client.setRestaurantRoles({ accountId: id, restaurantId, roles: ['RESTAURANT_STAFF'] });
    expect((await me(accessToken)).json()).toMatchObject({
      roles: ['CUSTOMER', 'RESTAURANT_STAFF'],
      restaurantIds: [restaurantId],
    });
    await h.auth.client.setRestaurantRoles({ accountId: id, restaurantId, roles: [] });
    expect((await me(accessToken)).json()).toMatchObject({ roles: ['CUSTOMER'], restaurantIds: [] });
  });

  it('answers 401 without a token', async () => {
    const response = await me();
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('COMMON.UNAUTHENTICATED');
  });

  it('refuses an expired token with TOKEN.EXPIRED', async () => {
    await h.account('ann@x.test');
    const { accessToken } = await h.tokens('ann@x.test');
    h.clock.advance((h.config.JWT_ACCESS_TTL_SECONDS + 10) * 1000);
    const response = await me(accessToken);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('TOKEN.EXPIRED');
  });

  it('refuses a tampered token, an alg:none token and a token signed by a foreign key with a known kid', async () => {
    const id = await h.account('ann@x.test');
    const { accessToken } = await h.tokens('ann@x.test');
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const escalated = Buffer.from(JSON.stringify({ ...claims, roles: ['SYSTEM_ADMIN'] })).toString(
      'base64url',
    );
    const tampered = `${header}.${escalated}.${signature}`;

    const unsigned = new UnsecuredJWT({ roles: ['SYSTEM_ADMIN'], rid: [] })
      .setSubject(id)
      .setJti('x')
      .setIssuer('sattzabite')
      .setAudience('sattzabite')
      .setIssuedAt(Math.floor(h.clock.now().getTime() / 1000))
      .setExpirationTime(Math.floor(h.clock.now().getTime() / 1000) + 60)
      .encode();

    const { kid } = decodeProtectedHeader(accessToken);
    const foreign = await generateKeyPair('Ed25519');
    const forged = await new SignJWT({ roles: ['SYSTEM_ADMIN'], rid: [] })
      .setProtectedHeader({ alg: 'EdDSA', kid: kid as string })
      .setSubject(id)
      .setJti('y')
      .setIssuer('sattzabite')
      .setAudience('sattzabite')
      .setIssuedAt(Math.floor(h.clock.now().getTime() / 1000))
      .setExpirationTime(Math.floor(h.clock.now().getTime() / 1000) + 60)
      .sign(foreign.privateKey);

    for (const token of [tampered, unsigned, forged, 'not.a.jwt']) {
      const response = await me(token);
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('TOKEN.INVALID');
    }
    expect((await me(accessToken)).statusCode).toBe(200);
  });

  it('publishes only public key parts in the JWKS', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(response.statusCode).toBe(200);
    const { keys } = response.json();
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(await h.auth.jwks()).toEqual({ keys });
  });
});

describe('signing key rotation', () => {
  it('keeps old tokens valid, signs new ones with the new kid, lists both, then drops the old key', async () => {
    await h.account('ann@x.test');
    const before = await h.tokens('ann@x.test');
    const oldKid = decodeProtectedHeader(before.accessToken).kid;

    const { kid: newKid } = await h.auth.client.rotateSigningKeys();
    expect(newKid).not.toBe(oldKid);
    expect((await me(before.accessToken)).statusCode).toBe(200);
    const after = await h.tokens('ann@x.test');
    expect(decodeProtectedHeader(after.accessToken).kid).toBe(newKid);
    const kids = (await h.auth.jwks()).keys.map((key) => key.kid);
    expect(kids.sort()).toEqual([oldKid, newKid].sort());

    // Inside the old key's window (rotation period + access TTL from its creation) its tokens still reach the
    // key: they are refused only as expired. Past the window the key is gone, so they are refused as invalid.
    const window = h.config.JWT_KEY_ROTATION_DAYS * DAY + h.config.JWT_ACCESS_TTL_SECONDS * 1000;
    h.clock.advance(window - 1000);
    expect((await me(before.accessToken)).json().code).toBe('TOKEN.EXPIRED');
    h.clock.advance(1000);
    expect((await h.auth.jwks()).keys.map((key) => key.kid)).toEqual([newKid]);
    const refused = await me(before.accessToken);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('TOKEN.INVALID');
  });

  it('rotates on its own when the current key is due, and deletes dropped keys from the store', async () => {
    await h.account('ann@x.test');
    const first = decodeProtectedHeader((await h.tokens('ann@x.test')).accessToken).kid;
    h.clock.advance(h.config.JWT_KEY_ROTATION_DAYS * DAY);
    const second = decodeProtectedHeader((await h.tokens('ann@x.test')).accessToken).kid;
    expect(second).not.toBe(first);
    h.clock.advance(h.config.JWT_ACCESS_TTL_SECONDS * 1000);
    await h.tokens('ann@x.test');
    const { rows } = await sql.query<{ kid: string }>('SELECT kid FROM auth.signing_keys');
    expect(rows.map((row) => row.kid)).toEqual([second]);
  });

  it('makes a signing key on start, once, even when started twice', async () => {
    await h.auth.start();
    const { rows } = await sql.query<{ n: number; private_jwk: { d?: string } }>(
      'SELECT count(*) OVER ()::int AS n, private_jwk FROM auth.signing_keys',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.private_jwk.d).toBeDefined();
  });
});
