import Fastify, { type FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unusedLoopbackUrl } from '../../test/support/unused-url.js';
import { createJwtVerifier, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../platform/http/index.js';
import { keysOfInstances } from './token-verifier.js';

describe('verifying tokens with the keys of several auth instances', () => {
  let auth: FastifyInstance;
  let broken: FastifyInstance;
  let live: string;
  let failing: string;
  let dead: string;
  let token: string;
  let foreignToken: string;
  let keySetReads = 0;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
    auth = Fastify();
    auth.get('/.well-known/jwks.json', async () => {
      keySetReads += 1;
      return { keys: [jwk] };
    });
    live = await auth.listen({ port: 0, host: '127.0.0.1' });
    broken = Fastify();
    broken.get('/.well-known/jwks.json', async (_request, reply) => reply.code(503).send({}));
    failing = await broken.listen({ port: 0, host: '127.0.0.1' });
    dead = await unusedLoopbackUrl();
    const sign = (key: Parameters<SignJWT['sign']>[0], kid: string) =>
      new SignJWT({ roles: ['CUSTOMER'], rid: [] })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setSubject('user-1')
        .setJti('t-1')
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(key);
    token = await sign(privateKey, 'k1');
    foreignToken = await sign((await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey, 'k2');
  });

  afterAll(async () => {
    await auth.close();
    await broken.close();
  });

  const verifierOver = (urls: string[]) =>
    createJwtVerifier({
      keys: keysOfInstances(async () => urls),
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    });

  it('asks the next instance when one cannot be reached or answers without its keys', async () => {
    const principal = await verifierOver([dead, failing, live]).verify(token);
    expect(principal.userId).toBe('user-1');
  });

  it('takes an unknown key as a verdict: 401, not a search through every instance', async () => {
    const before = keySetReads;
    const verifier = verifierOver([live, dead]);
    await expect(verifier.verify(foreignToken)).rejects.toThrowCode('TOKEN.INVALID');
    expect(keySetReads).toBeGreaterThan(before);
  });

  it('answers 503, not 401, when no instance can give its keys', async () => {
    await expect(verifierOver([dead, failing]).verify(token)).rejects.toThrowCode(
      'COMMON.SERVICE_UNAVAILABLE',
    );
    await expect(verifierOver([]).verify(token)).rejects.toThrowCode('COMMON.SERVICE_UNAVAILABLE');
  });
});
