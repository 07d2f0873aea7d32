// Rate limits on a Redis that goes away: a private Redis is killed under the app, which must keep answering
// and keep limiting, in memory, until Redis is back.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../../../test/support/private-servers.js';
import { loadConfig } from '../config/load-config.js';
import { silentLogger } from '../observability/logger.js';
import { createMetricsRegistry } from '../observability/metrics.js';
import { createHttpApp } from './create-http-app.js';
import type { HttpApp } from './http-app.js';
import type { TokenVerifier } from './principal.js';

const verifier: TokenVerifier = {
  async verify(token) {
    return { userId: token, roles: [], restaurantIds: [], tokenId: token };
  },
};

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('rate limits while Redis is down', () => {
  let server: PrivateRedis;
  let redis: Redis;
  const apps: HttpApp[] = [];

  beforeAll(async () => {
    server = await PrivateRedis.start();
    // The connection the runtime would make, except its options: the offline queue is on here, the
    // default, so a store that sent commands regardless would wait on it.
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.remove();
  });

  const build = async (perMinute: number) => {
    const metrics = createMetricsRegistry({ defaults: false });
    const app = await createHttpApp({
      config: loadConfig({ RATE_LIMIT_PER_MINUTE: String(perMinute) }),
      log: silentLogger(),
      verifier,
      metrics,
      rateLimitRedis: redis,
    });
    app.get('/api/ping', async () => ({ pong: true }));
    apps.push(app);
    return { app, metrics };
  };
  const ping = (app: HttpApp, user: string) =>
    app.inject({ method: 'GET', url: '/api/ping', headers: { authorization: `Bearer ${user}` } });

  it('counts in this process while Redis is down, and in Redis again once it is back', async () => {
    const { app, metrics } = await build(2);
    await until(() => redis.status === 'ready', 'the first connection');
    // Counted in Redis while it is up; a count slower than the store's bound (a loaded machine) goes to memory.
    const counted = async () => (await redis.keys('sattzabite:rate-limit:*')).length > 0;
    while (!(await counted())) expect((await ping(app, `shared-${Date.now()}`)).statusCode).toBe(200);

    await server.kill();
    await until(() => redis.status !== 'ready', 'the client to see Redis go');
    const alone = `alone-${Date.now()}`;
    expect((await ping(app, alone)).statusCode).toBe(200);
    expect((await ping(app, alone)).statusCode).toBe(200);
    const refused = await ping(app, alone);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'COMMON.RATE_LIMITED' });
    const fallbacks = /sattzabite_dependency_fallbacks_total\{dependency="redis",use="rate-limit"\} (\d+)/;
    expect(Number(fallbacks.exec(await metrics.metrics())?.[1])).toBeGreaterThanOrEqual(3);

    await server.begin();
    await until(() => redis.status === 'ready', 'the client to reconnect');
    // A restarted Redis is empty (no persistence): the count starts again there, shared by every instance.
    while (!(await counted())) expect((await ping(app, `back-${Date.now()}`)).statusCode).toBe(200);
  });
});
