// The Redis-or-memory store on its own: how the counts of concurrent requests travel to Redis, and what
// happens to a whole batch of them when Redis does not answer.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../../../test/support/private-servers.js';
import { requireServer } from '../../../test/support/require-server.js';
import { redisOrMemoryStore } from './rate-limit-store.js';

type Counted = { current: number; ttl: number };

/** A store over `redis` that records which way each count went, and counts the pipelines it opens. */
function storeOver(redis: Redis) {
  const events = { shared: 0, fallback: 0 };
  let pipelines = 0;
  const pipeline = redis.pipeline.bind(redis);
  redis.pipeline = ((...args: Parameters<Redis['pipeline']>) => {
    pipelines += 1;
    return pipeline(...args);
  }) as Redis['pipeline'];
  const Store = redisOrMemoryStore(redis, `sattzabite-test:rate-limit:${Date.now()}:`, {
    onFallback: () => (events.fallback += 1),
    onShared: () => (events.shared += 1),
  });
  const store = new Store({});
  const incr = (key: string) =>
    new Promise<Counted>((resolve, reject) =>
      store.incr(key, (error, result) => (error || !result ? reject(error) : resolve(result)), 60_000, 100),
    );
  return { store, incr, events, pipelines: () => pipelines };
}

const shared = await requireServer('REDIS_URL');

describe.skipIf(!shared.available)('rate-limit store on Redis', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(shared.url, { maxRetriesPerRequest: 1 });
    await redis.ping();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('sends the counts asked for together in one pipeline, each answered with its own count', async () => {
    const { incr, events, pipelines } = storeOver(redis);
    const user = `user:${Date.now()}`;

    const counted = await Promise.all([incr(user), incr(user), incr(user), incr('user:other'), incr(user)]);

    expect(counted.map((c) => c.current)).toEqual([1, 2, 3, 1, 4]);
    expect(counted.every((c) => c.ttl > 0 && c.ttl <= 60_000)).toBe(true);
    expect(pipelines()).toBe(1);
    expect(events).toEqual({ shared: 5, fallback: 0 });

    // The next turn's counts go in a pipeline of their own, on the counts Redis holds.
    expect((await incr(user)).current).toBe(5);
    expect(pipelines()).toBe(2);
  });
});

describe('rate-limit store on a Redis that does not answer', () => {
  let server: PrivateRedis;
  let redis: Redis;
  let admin: Redis;
  beforeAll(async () => {
    server = await PrivateRedis.start();
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
    admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    await Promise.all([redis.ping(), admin.ping()]);
  });
  afterAll(async () => {
    redis?.disconnect();
    admin?.disconnect();
    await server?.remove();
  });

  it('counts every request of a batch Redis leaves unanswered in memory, once each', async () => {
    const { incr, events } = storeOver(redis);
    // Scripts wait out a write pause; the admin connection's UNPAUSE, not being a write, does not.
    await admin.call('CLIENT', 'PAUSE', '60000', 'WRITE');
    try {
      const counted = await Promise.all([incr('user:a'), incr('user:a'), incr('user:a')]);
      expect(counted.map((c) => c.current)).toEqual([1, 2, 3]);
      expect(events).toEqual({ shared: 0, fallback: 3 });
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
    }
    // Redis's late answers change nothing: each request was answered once, from memory.
    expect(await redis.ping()).toBe('PONG');
    expect(events).toEqual({ shared: 0, fallback: 3 });
  });
});
