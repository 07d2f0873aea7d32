import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../time/clock.js';
import type { Cache, CacheEntryOptions } from './cache.port.js';
import { InflightLoads } from './inflight-loads.js';
import { subscribeInvalidations } from './invalidation-subscriber.js';
import { MemoryStore } from './memory-store.js';
import { RedisL2 } from './redis-l2.js';

/** Options of the distributed cache: process memory (L1) in front of Redis (L2). */
export interface TieredCacheOptions {
  /** The command connection; the caller owns it (`close` leaves it open). Its offline queue is never used. */
  redis: Redis;
  /** Prefix of every key and of the `<namespace>:invalidate` channel; one per cache use. */
  namespace: string;
  /** L1 bound. */
  maxEntries: number;
  defaultTtlMs: number;
  log: Logger;
  /** Longest wait for one Redis command before falling back to memory and the loader; 100 ms by default. */
  commandTimeoutMs?: number;
  /** Runs for each read that went past Redis to memory or the loader, for a fallback metric. */
  onFallback?: () => void;
  /** For L1 expiry in tests; the system clock otherwise. */
  clock?: Clock;
}

/**
 * A two-tier cache for several instances of one service. Reads go L1 → L2 → loader; a load fills both.
 * `invalidate` deletes from L2, bumps the key's version (so loads in flight anywhere cannot write the old
 * value back) and then publishes on `<namespace>:invalidate`, on which every instance drops its L1 copy.
 * When Redis is slow or down, reads fall back to L1 and the loader within `commandTimeoutMs`, writes to Redis
 * are skipped, invalidations are replayed when Redis is back, and L1 is emptied on resubscription because
 * invalidations published meanwhile were missed.
 */
export async function createTieredCache(options: TieredCacheOptions): Promise<Cache> {
  const commandTimeoutMs = options.commandTimeoutMs ?? 100;
  const l1 = new MemoryStore(options);
  const inflight = new InflightLoads();
  const l2 = new RedisL2(
    options.redis,
    options.namespace,
    randomUUID(),
    commandTimeoutMs,
    options.log,
    options.onFallback,
  );
  const ttlOf = (entry?: CacheEntryOptions) => entry?.ttlMs ?? options.defaultTtlMs;
  const dropLocal = (key: string) => {
    inflight.invalidate(key);
    l1.delete(key);
  };
  const dropLocalPrefix = (prefix: string) => {
    inflight.invalidatePrefix(prefix);
    l1.deletePrefix(prefix);
  };

  const subscription = await subscribeInvalidations({
    redis: options.redis,
    channel: l2.channel,
    origin: l2.origin,
    waitMs: Math.max(commandTimeoutMs, 1000),
    log: options.log,
    onMessage: (message) => {
      if (message.key !== undefined) dropLocal(message.key);
      else if (message.prefix !== undefined) dropLocalPrefix(message.prefix);
    },
    onConnected: () => {
      inflight.invalidateAll();
      l1.clear();
    },
  });

  return {
    async getOrLoad<T>(key: string, load: () => Promise<T>, entry?: CacheEntryOptions): Promise<T> {
      const hit = l1.get(key);
      if (hit !== undefined) return hit.value as T;
      return inflight.run(key, async (ticket) => {
        const ttlMs = ttlOf(entry);
        const found = await l2.read(key);
        if (found.kind === 'hit') {
          if (!ticket.stale) l1.set(key, found.value, l1TtlOf(found.remainingTtlMs, ttlMs));
          return found.value as T;
        }
        const value = await load();
        if (ticket.stale || value === undefined) return value;
        l1.set(key, value, ttlMs);
        if (found.kind === 'miss') await l2.writeIfUnchanged(key, value, found.stamp, ttlMs);
        return value;
      });
    },
    async get<T>(key: string): Promise<T | undefined> {
      const hit = l1.get(key);
      if (hit !== undefined) return hit.value as T;
      const found = await l2.read(key);
      if (found.kind !== 'hit') return undefined;
      l1.set(key, found.value, l1TtlOf(found.remainingTtlMs, options.defaultTtlMs));
      return found.value as T;
    },
    async set<T>(key: string, value: T, entry?: CacheEntryOptions): Promise<void> {
      dropLocal(key);
      if (value === undefined) return l2.invalidate(key);
      l1.set(key, value, ttlOf(entry));
      await l2.write(key, value, ttlOf(entry));
    },
    async invalidate(key: string): Promise<void> {
      dropLocal(key);
      await l2.invalidate(key);
    },
    invalidateLocal: dropLocal,
    async invalidatePrefix(prefix: string): Promise<void> {
      dropLocalPrefix(prefix);
      await l2.invalidatePrefix(prefix);
    },
    async close(): Promise<void> {
      subscription.close();
      l2.detach();
      inflight.invalidateAll();
      l1.clear();
    },
  };
}

/** An L1 copy of an L2 value must not outlive it. PTTL is negative when the key has no expiry. */
function l1TtlOf(remainingTtlMs: number, ttlMs: number): number {
  return remainingTtlMs > 0 ? Math.min(remainingTtlMs, ttlMs) : ttlMs;
}
