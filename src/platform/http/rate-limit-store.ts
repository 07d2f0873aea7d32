import { createRequire } from 'node:module';
import type { FastifyRateLimitOptions, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

type Counted = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Counted) => void;
type Method = 'incr' | 'read';

/** The shape of @fastify/rate-limit's own stores. */
interface Store {
  incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  read(key: string, callback: Callback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): Store;
}

// The plugin's two stores are its tested implementations, but it ships them as CommonJS files without
// typings or an export map entry: load them as files and give them the shape above.
const require = createRequire(import.meta.url);
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
) => Store;
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  key: string,
) => Store;

export interface StoreEvents {
  onFallback(): void;
  onShared(): void;
}

/** Longest wait for Redis's count before this instance counts in memory instead. */
const REDIS_WAIT_MS = 250;

/**
 * Counts in Redis (shared by every instance) while it is connected and answers within `REDIS_WAIT_MS`, and
 * in this process's memory otherwise. During a Redis outage each instance then enforces the limit on its
 * own (a client spread over N instances gets up to N times the budget) instead of either stalling every
 * request on Redis or letting every client through unlimited. `onFallback` runs for each count kept in
 * memory, `onShared` for each count Redis answered.
 */
class RedisOrMemoryStore implements Store {
  constructor(
    private readonly remote: Store,
    private readonly local: Store,
    private readonly redis: Redis,
    private readonly events: StoreEvents,
  ) {}

  incr(key: string, callback: Callback, timeWindow: number, max: number): void {
    this.count('incr', key, callback, timeWindow, max);
  }

  read(key: string, callback: Callback, timeWindow: number, max: number): void {
    this.count('read', key, callback, timeWindow, max);
  }

  child(routeOptions: unknown): Store {
    return new RedisOrMemoryStore(
      this.remote.child(routeOptions),
      this.local.child(routeOptions),
      this.redis,
      this.events,
    );
  }

  private count(method: Method, key: string, callback: Callback, timeWindow: number, max: number): void {
    const inMemory = () => {
      this.events.onFallback();
      this.local[method](key, callback, timeWindow, max);
    };
    // Not connected: ioredis would fail the command at once or queue it; neither is worth waiting for.
    if (this.redis.status !== 'ready') return inMemory();
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      inMemory();
    }, REDIS_WAIT_MS);
    timer.unref();
    this.remote[method](
      key,
      (error, result) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error !== null) return inMemory();
        this.events.onShared();
        callback(null, result);
      },
      timeWindow,
      max,
    );
  }
}

/** The store @fastify/rate-limit builds (`new Store(globalParams)`), bound to one Redis connection. */
export function redisOrMemoryStore(
  redis: Redis,
  namespace: string,
  events: StoreEvents,
): FastifyRateLimitStoreCtor {
  return class extends RedisOrMemoryStore {
    // The plugin passes its resolved global parameters, which carry these two although its typings omit them.
    constructor(
      params: FastifyRateLimitOptions & { continueExceeding?: boolean; exponentialBackoff?: boolean },
    ) {
      const continueExceeding = params.continueExceeding ?? false;
      const exponentialBackoff = params.exponentialBackoff ?? false;
      super(
        new RedisStore(continueExceeding, exponentialBackoff, redis, namespace),
        new LocalStore(continueExceeding, exponentialBackoff),
        redis,
        events,
      );
    }
  };
}
