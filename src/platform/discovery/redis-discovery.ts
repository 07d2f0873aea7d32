import type { Redis } from 'ioredis';
import { AppError, CommonErrors } from '../errors/app-error.js';
import type { Logger } from '../observability/logger.js';
import type { Discovery } from './discovery.port.js';
import { instanceKey, serviceIndexKey } from './redis-registry-keys.js';

/** Options for reading the instance registry kept in Redis by `registerInstance`. */
export interface RedisDiscoveryOptions {
  redis: Redis;
  namespace: string;
  /** How long one service's list is reused before Redis is asked again; 0 asks every time. */
  cacheMs: number;
  log?: Logger;
}

/**
 * Discovery from the Redis registry: the live instances are those whose liveness key still exists. When
 * Redis cannot be read, the last list read is returned (instances rarely all move at once, and the client's
 * breakers take care of the ones that died), so a Redis outage does not stop calls between services.
 */
export function createRedisDiscovery(options: RedisDiscoveryOptions): Discovery {
  const { redis, namespace, cacheMs, log } = options;
  const known = new Map<string, { urls: string[]; readAt: number }>();
  const beats = new Map<string, number>();

  async function read(service: string): Promise<string[]> {
    const members = (await redis.smembers(serviceIndexKey(namespace, service))).sort();
    if (members.length === 0) return [];
    const alive = await redis.mget(...members.map((url) => instanceKey(namespace, service, url)));
    members.forEach((url, i) => {
      // The registration's value is the time of its last heartbeat (see registerInstance).
      const beat = Number(alive[i]);
      if (alive[i] !== null && Number.isFinite(beat)) beats.set(url, Math.max(beat, beats.get(url) ?? 0));
    });
    const dead = members.filter((_, i) => alive[i] === null);
    // Pruning is an optimisation: a failure here changes nothing about the answer.
    if (dead.length > 0)
      await redis.srem(serviceIndexKey(namespace, service), ...dead).catch(() => undefined);
    return members.filter((_, i) => alive[i] !== null);
  }

  return {
    lastHeartbeat: (url) => beats.get(url),
    async instances(service) {
      const last = known.get(service);
      if (last !== undefined && Date.now() - last.readAt < cacheMs) return [...last.urls];
      try {
        const urls = await read(service);
        known.set(service, { urls, readAt: Date.now() });
        return [...urls];
      } catch (error) {
        if (last !== undefined) {
          log?.warn(
            { err: error, service },
            'discovery: registry unreadable, using the last known instances',
          );
          return [...last.urls];
        }
        throw new AppError(CommonErrors.UNAVAILABLE, `cannot discover instances of ${service}`, {
          details: { service },
          cause: error,
        });
      }
    },
  };
}
