import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireServer } from '../../../test/support/require-server.js';
import { silentLogger } from '../observability/logger.js';
import { cacheContract, countingLoader, gate, until } from './cache.contract.js';
import type { Cache } from './cache.port.js';
import { RedisL2 } from './redis-l2.js';
import { connectRedis, RedisProcess } from './redis-process.test-support.js';
import { createTieredCache } from './tiered-cache.js';

const server = await requireServer('REDIS_URL');
const runId = randomUUID();

describe.skipIf(!server.available)('tiered cache on Redis', () => {
  let redis: Redis;
  const connections: Redis[] = [];
  const caches: Cache[] = [];
  const tiered = async (namespace: string, defaultTtlMs = 60_000, on: Redis = redis) => {
    const cache = await createTieredCache({
      redis: on,
      namespace,
      maxEntries: 1000,
      defaultTtlMs,
      log: silentLogger(),
    });
    caches.push(cache);
    return cache;
  };

  beforeAll(async () => {
    redis = await connectRedis(server.url);
    connections.push(redis);
  });
  afterEach(async () => {
    await Promise.all(caches.splice(0).map((cache) => cache.close()));
  });
  afterAll(async () => {
    const keys = await redis.keys(`test:cache:${runId}:*`);
    if (keys.length > 0) await redis.del(...keys);
    for (const connection of connections) connection.disconnect();
  });

  cacheContract('tiered (memory + Redis)', ({ defaultTtlMs }) =>
    tiered(`test:cache:${runId}:${randomUUID()}`, defaultTtlMs),
  );

  describe('across instances', () => {
    it('serves a value cached by one instance to another from Redis', async () => {
      const namespace = `test:cache:${runId}:${randomUUID()}`;
      const [a, b] = [await tiered(namespace), await tiered(namespace)];
      await a.getOrLoad('menu:r1', countingLoader('menu'));
      const loadB = countingLoader('b');
      expect(await b.getOrLoad('menu:r1', loadB)).toBe('menu#1');
      expect(loadB.calls).toBe(0);
    });

    it("drops every instance's copy when one instance invalidates", async () => {
      const namespace = `test:cache:${runId}:${randomUUID()}`;
      const [a, b] = [await tiered(namespace), await tiered(namespace)];
      const load = countingLoader('menu');
      await a.getOrLoad('menu:r1', load);
      await b.invalidate('menu:r1');
      await until(async () => (await a.getOrLoad('menu:r1', load)) === 'menu#2');
      expect(load.calls).toBe(2);
    });

    it("drops every instance's copies under a prefix", async () => {
      const namespace = `test:cache:${runId}:${randomUUID()}`;
      const [a, b] = [await tiered(namespace), await tiered(namespace)];
      const load = countingLoader('item');
      await a.getOrLoad('menu:r1:i1', load);
      await b.invalidatePrefix('menu:r1:');
      await until(async () => (await a.getOrLoad('menu:r1:i1', load)) === 'item#2');
    });

    it("shows one instance's set to the others", async () => {
      const namespace = `test:cache:${runId}:${randomUUID()}`;
      const [a, b] = [await tiered(namespace), await tiered(namespace)];
      await a.getOrLoad('status:r1', async () => ({ open: true }));
      await b.set('status:r1', { open: false });
      await until(async () => ((await a.get<{ open: boolean }>('status:r1'))?.open ?? true) === false);
    });

    it('never lets a load that started before another instance invalidated write the old value back', async () => {
      const namespace = `test:cache:${runId}:${randomUUID()}`;
      const [a, b] = [await tiered(namespace), await tiered(namespace)];
      const held = gate<string>();
      let loading = false;
      const slowRead = a.getOrLoad('price:m1', () => {
        loading = true;
        return held.promise;
      });
      // A has read Redis (a miss) and is now in its loader: B's change lands in the middle of the load.
      await until(() => loading);
      await b.invalidate('price:m1');
      held.open('old price');
      await slowRead;
      expect(await redis.get(`${namespace}:d:price:m1`)).toBeNull();
      expect(await b.getOrLoad('price:m1', async () => 'new price')).toBe('new price');
      await until(async () => (await a.getOrLoad('price:m1', async () => 'reloaded')) === 'new price');
    });

    it('refuses a write-back whose version moved, even before the invalidation message arrives', async () => {
      const namespace = `test:cache:${runId}:${randomUUID()}`;
      const l2 = new RedisL2(redis, namespace, 'instance-a', 500, silentLogger());
      const other = new RedisL2(redis, namespace, 'instance-b', 500, silentLogger());
      const miss = await l2.read('k');
      if (miss.kind !== 'miss') throw new Error(`expected a miss, got ${miss.kind}`);
      await other.invalidate('k');
      await l2.writeIfUnchanged('k', 'old', miss.stamp, 60_000);
      expect(await redis.get(`${namespace}:d:k`)).toBeNull();
      const next = await l2.read('k');
      if (next.kind !== 'miss') throw new Error(`expected a miss, got ${next.kind}`);
      await l2.writeIfUnchanged('k', 'new', next.stamp, 60_000);
      expect(await redis.get(`${namespace}:d:k`)).toBe('"new"');
      l2.detach();
      other.detach();
    });

    it('drops only the local copy on invalidateLocal', async () => {
      const namespace = `test:cache:${runId}:${randomUUID()}`;
      const a = await tiered(namespace);
      const load = countingLoader('x');
      await a.getOrLoad('x', load);
      await redis.set(`${namespace}:d:x`, JSON.stringify('changed in Redis'));
      expect(await a.getOrLoad('x', load)).toBe('x#1');
      a.invalidateLocal('x');
      expect(await a.getOrLoad('x', load)).toBe('changed in Redis');
    });
  });

  describe('when Redis fails', () => {
    let own: RedisProcess;
    beforeAll(async () => {
      own = await RedisProcess.start();
    });
    afterAll(async () => {
      own.resume();
      await own.kill();
    });

    it('answers through memory and the loader while Redis is frozen or dead, then caches again', async () => {
      const client = await connectRedis(own.url);
      connections.push(client);
      const namespace = `test:cache:${runId}:${randomUUID()}`;
      const cache = await tiered(namespace, 60_000, client);
      const cached = countingLoader('cached');
      await cache.getOrLoad('cached', cached);

      // Frozen: the connection looks ready but nothing answers; a miss costs about one command timeout.
      own.pause();
      let started = Date.now();
      expect(await cache.getOrLoad('while-frozen', async () => 'from loader')).toBe('from loader');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await cache.getOrLoad('cached', cached)).toBe('cached#1');
      own.resume();

      await own.kill();
      await until(() => client.status !== 'ready');
      started = Date.now();
      const dead = countingLoader('dead');
      expect(await cache.getOrLoad('while-dead', dead)).toBe('dead#1');
      await cache.invalidate('cached');
      expect(await cache.getOrLoad('cached', cached)).toBe('cached#2');
      await cache.set('written', 'kept in memory');
      expect(await cache.get('written')).toBe('kept in memory');
      expect(Date.now() - started).toBeLessThan(500);

      await own.restart();
      let round = 0;
      await until(async () => {
        round += 1;
        await cache.getOrLoad(`after-${round}`, async () => round);
        return (await client.get(`${namespace}:d:after-${round}`).catch(() => null)) === String(round);
      }, 10_000);
    });
  });
});
