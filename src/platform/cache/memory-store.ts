import { LRUCache } from 'lru-cache';
import type { Clock } from '../time/clock.js';

/** lru-cache refuses `null` values, and a JSON null is a legitimate cached value: box every value. */
interface Box {
  value: unknown;
}

/** The bounded, TTL-aware in-process tier shared by the memory cache and the tiered cache's L1. */
export class MemoryStore {
  private readonly lru: LRUCache<string, Box>;

  constructor(options: { maxEntries: number; defaultTtlMs: number; clock?: Clock }) {
    const clock = options.clock;
    this.lru = new LRUCache<string, Box>({
      max: options.maxEntries,
      ttl: options.defaultTtlMs,
      // Expired entries are dropped when read; no timers, so nothing keeps the process alive.
      ttlAutopurge: false,
      // With an injected clock every read must consult it: lru-cache otherwise caches "now" for 1 ms.
      ...(clock === undefined ? {} : { perf: { now: () => clock.now().getTime() }, ttlResolution: 0 }),
    });
  }

  get(key: string): { value: unknown } | undefined {
    return this.lru.get(key);
  }

  set(key: string, value: unknown, ttlMs: number): void {
    if (value === undefined || ttlMs <= 0) {
      this.lru.delete(key);
      return;
    }
    this.lru.set(key, { value }, { ttl: ttlMs });
  }

  delete(key: string): void {
    this.lru.delete(key);
  }

  deletePrefix(prefix: string): void {
    for (const key of [...this.lru.keys()]) if (key.startsWith(prefix)) this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }
}
