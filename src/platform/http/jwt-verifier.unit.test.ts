import { createHmac } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../time/clock.js';
import { createJwtVerifier, TOKEN_AUDIENCE, TOKEN_ISSUER } from './jwt-verifier.js';

const clock = manualClock('2026-03-01T12:00:00.000Z');
const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

let privateKey: CryptoKey;
let publicJwk: JWK;
let otherPrivateKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
  otherPrivateKey = (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey;
});

function verifier() {
  return createJwtVerifier({
    keys: createLocalJWKSet({ keys: [publicJwk] }),
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    clock,
  });
}

function sign(key: CryptoKey, overrides: { exp?: number; kid?: string } = {}): Promise<string> {
  return new SignJWT({ roles: ['RESTAURANT_STAFF'], rid: ['r-1'] })
    .setProtectedHeader({ alg: 'EdDSA', kid: overrides.kid ?? 'k1', typ: 'JWT' })
    .setSubject('user-1')
    .setJti('token-1')
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(nowSeconds())
    .setExpirationTime(overrides.exp ?? nowSeconds() + 900)
    .sign(key);
}

const b64 = (value: object | Buffer) =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

describe('createJwtVerifier', () => {
  it('maps a valid token to its principal', async () => {
    const exp = nowSeconds() + 600;
    const principal = await verifier().verify(await sign(privateKey, { exp }));
    expect(principal).toEqual({
      userId: 'user-1',
      roles: ['RESTAURANT_STAFF'],
      restaurantIds: ['r-1'],
      tokenId: 'token-1',
      expiresAt: new Date(exp * 1000),
    });
  });

  it('refuses an expired token with TOKEN.EXPIRED', async () => {
    const token = await sign(privateKey, { exp: nowSeconds() - 60 });
    await expect(verifier().verify(token)).rejects.toThrowCode('TOKEN.EXPIRED');
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await sign(privateKey)).split('.');
    const payload = b64({
      sub: 'user-1',
      roles: ['SYSTEM_ADMIN'],
      rid: [],
      jti: 'token-1',
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      exp: nowSeconds() + 900,
    });
    await expect(verifier().verify(`${header}.${payload}.${signature}`)).rejects.toThrowCode('TOKEN.INVALID');
  });

  it('refuses a token signed with another key, under a known or unknown kid', async () => {
    await expect(verifier().verify(await sign(otherPrivateKey))).rejects.toThrowCode('TOKEN.INVALID');
    await expect(verifier().verify(await sign(otherPrivateKey, { kid: 'k9' }))).rejects.toThrowCode(
      'TOKEN.INVALID',
    );
  });

  it('refuses an alg: none token', async () => {
    const claims = {
      sub: 'user-1',
      roles: ['SYSTEM_ADMIN'],
      jti: 'x',
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
    };
    const token = `${b64({ alg: 'none', typ: 'JWT', kid: 'k1' })}.${b64({ ...claims, exp: nowSeconds() + 900 })}.`;
    await expect(verifier().verify(token)).rejects.toThrowCode('TOKEN.INVALID');
  });

  it('refuses an HS256 token keyed with the public key bytes (algorithm confusion)', async () => {
    const header = b64({ alg: 'HS256', typ: 'JWT', kid: 'k1' });
    const payload = b64({
      sub: 'user-1',
      roles: ['SYSTEM_ADMIN'],
      jti: 'x',
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      exp: nowSeconds() + 900,
    });
    for (const secret of [
      Buffer.from(publicJwk.x ?? '', 'base64url'),
      Buffer.from(JSON.stringify(publicJwk)),
    ]) {
      const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
      await expect(verifier().verify(`${header}.${payload}.${b64(signature)}`)).rejects.toThrowCode(
        'TOKEN.INVALID',
      );
    }
  });

  it('refuses a wrong issuer or audience, and garbage', async () => {
    const wrongAudience = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setSubject('user-1')
      .setJti('j')
      .setIssuer(TOKEN_ISSUER)
      .setAudience('someone-else')
      .setExpirationTime(nowSeconds() + 60)
      .sign(privateKey);
    await expect(verifier().verify(wrongAudience)).rejects.toThrowCode('TOKEN.INVALID');
    await expect(verifier().verify('not.a.jwt')).rejects.toThrowCode('TOKEN.INVALID');
  });

  it('checks a repeated token once, and answers TOKEN.EXPIRED for it once it has expired', async () => {
    const jwks = createLocalJWKSet({ keys: [publicJwk] });
    let keyLookups = 0;
    const counting = createJwtVerifier({
      keys: (header, token) => {
        keyLookups += 1;
        return jwks(header, token);
      },
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      clock,
      clockToleranceSeconds: 0,
    });
    const token = await sign(privateKey, { exp: nowSeconds() + 60 });

    const first = await counting.verify(token);
    expect(await counting.verify(token)).toEqual(first);
    expect(keyLookups).toBe(1);

    clock.advance(60_000);
    await expect(counting.verify(token)).rejects.toThrowCode('TOKEN.EXPIRED');
    expect(keyLookups).toBe(2);
  });

  it('still refuses a tampered copy of a token it has cached', async () => {
    const cached = verifier();
    const token = await sign(privateKey);
    await cached.verify(token);
    const [header, , signature] = token.split('.');
    const payload = b64({
      sub: 'user-1',
      roles: ['SYSTEM_ADMIN'],
      rid: [],
      jti: 'token-1',
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      exp: nowSeconds() + 900,
    });
    await expect(cached.verify(`${header}.${payload}.${signature}`)).rejects.toThrowCode('TOKEN.INVALID');
  });

  it('reports a failing key source as COMMON.SERVICE_UNAVAILABLE, not as a bad token', async () => {
    const broken = createJwtVerifier({
      keys: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      },
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      clock,
    });
    await expect(broken.verify(await sign(privateKey))).rejects.toThrowCode('COMMON.SERVICE_UNAVAILABLE');
  });
});
