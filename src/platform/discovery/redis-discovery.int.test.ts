import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer } from '../../../test/support/require-server.js';
import { until } from '../cache/cache.contract.js';
import { connectRedis } from '../cache/redis-process.test-support.js';
import { createRedisDiscovery } from './redis-discovery.js';
import { registerInstance } from './register-instance.js';

const server = await requireServer('REDIS_URL');

describe.skipIf(!server.available)('discovery through the Redis registry', () => {
  let redis: Redis;
  const namespace = `test:discovery:${randomUUID()}`;
  const stops: Array<() => Promise<void>> = [];
  const register = async (service: string, url: string, ttlMs = 5000, heartbeatMs = 1000) => {
    const registration = await registerInstance({ redis, namespace, service, url, ttlMs, heartbeatMs });
    stops.push(registration.stop);
    return registration;
  };

  beforeAll(async () => {
    redis = await connectRedis(server.url);
  });
  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
    const keys = await redis.keys(`${namespace}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('lists every registered instance and forgets one that stops', async () => {
    const discovery = createRedisDiscovery({ redis, namespace, cacheMs: 0 });
    const a = await register('catalog', 'http://127.0.0.1:7001');
    await register('catalog', 'http://127.0.0.1:7002');
    await register('payments', 'http://127.0.0.1:7003');
    expect(await discovery.instances('catalog')).toEqual(['http://127.0.0.1:7001', 'http://127.0.0.1:7002']);
    await a.stop();
    expect(await discovery.instances('catalog')).toEqual(['http://127.0.0.1:7002']);
    expect(await discovery.instances('nobody')).toEqual([]);
  });

  it('drops an instance that stops heartbeating once its ttl expires', async () => {
    const discovery = createRedisDiscovery({ redis, namespace, cacheMs: 0 });
    await register('orders', 'http://127.0.0.1:7101', 5000, 1000);
    await register('orders', 'http://127.0.0.1:7102', 100, 0);
    expect(await discovery.instances('orders')).toHaveLength(2);
    await until(async () => (await discovery.instances('orders')).length === 1);
    expect(await discovery.instances('orders')).toEqual(['http://127.0.0.1:7101']);
    expect(await redis.sismember(`${namespace}:services:orders`, 'http://127.0.0.1:7102')).toBe(0);
  });

  it('keeps a heartbeating instance listed well past its ttl', async () => {
    const discovery = createRedisDiscovery({ redis, namespace, cacheMs: 0 });
    await register('users', 'http://127.0.0.1:7201', 150, 30);
    const started = Date.now();
    await until(async () => {
      expect(await discovery.instances('users')).toEqual(['http://127.0.0.1:7201']);
      return Date.now() - started > 600;
    });
  });

  it("reports an instance's last heartbeat, and keeps namespaces apart", async () => {
    const discovery = createRedisDiscovery({ redis, namespace, cacheMs: 0 });
    const before = Date.now();
    await register('promotions', 'http://127.0.0.1:7501');
    expect(discovery.lastHeartbeat?.('http://127.0.0.1:7501')).toBeUndefined();
    expect(await discovery.instances('promotions')).toEqual(['http://127.0.0.1:7501']);
    expect(discovery.lastHeartbeat?.('http://127.0.0.1:7501')).toBeGreaterThanOrEqual(before);
    const elsewhere = createRedisDiscovery({ redis, namespace: `${namespace}-elsewhere`, cacheMs: 0 });
    expect(await elsewhere.instances('promotions')).toEqual([]);
  });

  it('reuses a list for cacheMs', async () => {
    const discovery = createRedisDiscovery({ redis, namespace, cacheMs: 60_000 });
    const gone = await register('search', 'http://127.0.0.1:7301');
    expect(await discovery.instances('search')).toEqual(['http://127.0.0.1:7301']);
    await gone.stop();
    expect(await discovery.instances('search')).toEqual(['http://127.0.0.1:7301']);
  });

  it('answers with the last known list when Redis cannot be read, and fails only without one', async () => {
    const client = await connectRedis(server.url);
    const discovery = createRedisDiscovery({ redis: client, namespace, cacheMs: 0 });
    await register('delivery', 'http://127.0.0.1:7401');
    expect(await discovery.instances('delivery')).toEqual(['http://127.0.0.1:7401']);
    client.disconnect();
    expect(await discovery.instances('delivery')).toEqual(['http://127.0.0.1:7401']);
    await expect(discovery.instances('analytics')).rejects.toThrowCode('COMMON.SERVICE_UNAVAILABLE');
  });
});
