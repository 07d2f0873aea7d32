import type { Clock } from '../time/clock.js';
import type { Cache, CacheEntryOptions } from './cache.port.js';
import { InflightLoads } from './inflight-loads.js';
import { MemoryStore } from './memory-store.js';

/** Options of the in-process cache used by the embedded run. */
export interface MemoryCacheOptions {
  /** Upper bound on entries; the least recently used go first. */
  maxEntries: number;
  defaultTtlMs: number;
  /** For tests that move time by hand; the system clock otherwise. */
  clock?: Clock;
}

/** An in-process LRU cache with TTL and single-flight loading. One process, so every invalidation is local. */
export function createMemoryCache(options: MemoryCacheOptions): Cache {
  const store = new MemoryStore(options);
  const inflight = new InflightLoads();
  const ttlOf = (entry?: CacheEntryOptions) => entry?.ttlMs ?? options.defaultTtlMs;
  const drop = (key: string) => {
    inflight.invalidate(key);
    store.delete(key);
  };

  return {
    async getOrLoad<T>(key: string, load: () => Promise<T>, entry?: CacheEntryOptions): Promise<T> {
      const hit = store.get(key);
      if (hit !== undefined) return hit.value as T;
      return inflight.run(key, async (ticket) => {
        const value = await load();
        if (!ticket.stale) store.set(key, value, ttlOf(entry));
        return value;
      });
    },
    async get<T>(key: string): Promise<T | undefined> {
      return store.get(key)?.value as T | undefined;
    },
    async set<T>(key: string, value: T, entry?: CacheEntryOptions): Promise<void> {
      inflight.invalidate(key);
      store.set(key, value, ttlOf(entry));
    },
    async invalidate(key: string): Promise<void> {
      drop(key);
    },
    invalidateLocal: drop,
    async invalidatePrefix(prefix: string): Promise<void> {
      inflight.invalidatePrefix(prefix);
      store.deletePrefix(prefix);
    },
    async close(): Promise<void> {
      inflight.invalidateAll();
      store.clear();
    },
  };
}
