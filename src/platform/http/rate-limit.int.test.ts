import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireServer } from '../../../test/support/require-server.js';
import { loadConfig } from '../config/load-config.js';
import { silentLogger } from '../observability/logger.js';
import { createHttpApp } from './create-http-app.js';
import type { HttpApp } from './http-app.js';
import type { TokenVerifier } from './principal.js';

const verifier: TokenVerifier = {
  async verify(token) {
    return { userId: token, roles: [], restaurantIds: [], tokenId: token };
  },
};

const apps: HttpApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function build(perMinute: number, redis?: Redis): Promise<HttpApp> {
  const app = await createHttpApp({
    config: loadConfig({ RATE_LIMIT_PER_MINUTE: String(perMinute) }),
    log: silentLogger(),
    verifier,
    ...(redis ? { rateLimitRedis: redis } : {}),
  });
  app.get('/api/ping', async () => ({ pong: true }));
  app.post('/auth/login', { config: { rateLimit: { max: 1, timeWindow: '1 minute' } } }, async () => ({
    ok: 1,
  }));
  apps.push(app);
  return app;
}

const asUser = (user: string) => ({ authorization: `Bearer ${user}` });

describe('rate limits (memory store)', () => {
  it('answers 429 in the error format with Retry-After and X-RateLimit-* headers', async () => {
    const app = await build(2);
    const first = await app.inject({ method: 'GET', url: '/api/ping' });
    expect(first.headers['x-ratelimit-limit']).toBe('2');
    expect(first.headers['x-ratelimit-remaining']).toBe('1');
    await app.inject({ method: 'GET', url: '/api/ping' });
    const refused = await app.inject({ method: 'GET', url: '/api/ping' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({
      status: 429,
      code: 'COMMON.RATE_LIMITED',
      error: 'Too Many Requests',
      path: '/api/ping',
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['x-ratelimit-limit']).toBe('2');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused.headers['x-ratelimit-reset']).toBeDefined();
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
  });

  it('gives two users behind one address separate budgets, apart from the anonymous one', async () => {
    const app = await build(1);
    expect((await app.inject({ method: 'GET', url: '/api/ping', headers: asUser('alice') })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ method: 'GET', url: '/api/ping', headers: asUser('bob') })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ method: 'GET', url: '/api/ping' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/ping', headers: asUser('alice') })).statusCode).toBe(
      429,
    );
    expect((await app.inject({ method: 'GET', url: '/api/ping', headers: asUser('bob') })).statusCode).toBe(
      429,
    );
    expect((await app.inject({ method: 'GET', url: '/api/ping' })).statusCode).toBe(429);
  });

  it('keys anonymous clients by address', async () => {
    const app = await build(1);
    expect(
      (await app.inject({ method: 'GET', url: '/api/ping', remoteAddress: '10.0.0.1' })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/api/ping', remoteAddress: '10.0.0.2' })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/api/ping', remoteAddress: '10.0.0.1' })).statusCode,
    ).toBe(429);
  });

  it('lets a route set a tighter limit of its own and never limits the probes', async () => {
    const app = await build(100);
    expect((await app.inject({ method: 'POST', url: '/auth/login' })).statusCode).toBe(200);
    const second = await app.inject({ method: 'POST', url: '/auth/login' });
    expect(second.statusCode).toBe(429);
    expect(second.headers['x-ratelimit-limit']).toBe('1');
    const tight = await build(1);
    for (let i = 0; i < 3; i += 1) {
      expect((await tight.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    }
  });
});

const redisServer = await requireServer('REDIS_URL');

describe.skipIf(!redisServer.available)('rate limits (Redis store)', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
    const keys = await redis.keys('sattzabite:rate-limit:*');
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('shares the counts between two instances', async () => {
    const user = `shared-${Date.now()}`;
    const a = await build(2, redis);
    const b = await build(2, redis);
    expect((await a.inject({ method: 'GET', url: '/api/ping', headers: asUser(user) })).statusCode).toBe(200);
    expect((await b.inject({ method: 'GET', url: '/api/ping', headers: asUser(user) })).statusCode).toBe(200);
    const refused = await a.inject({ method: 'GET', url: '/api/ping', headers: asUser(user) });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('COMMON.RATE_LIMITED');
  });
});
