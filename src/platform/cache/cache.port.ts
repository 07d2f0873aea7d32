/** Options for one cached value. */
export interface CacheEntryOptions {
  /** Time to live in milliseconds; the adapter's `defaultTtlMs` when omitted. */
  ttlMs?: number;
}

/**
 * The cache port. Values are JSON values (objects, arrays, strings, numbers, booleans, null) and are treated
 * as immutable: callers must not mutate what they get back, because an in-memory tier hands out the same
 * object to every reader. `undefined` is never cached (a loader may return it; it is passed through).
 *
 * No method ever rejects because of the cache's own infrastructure: when a shared tier is unreachable the
 * cache degrades to its local tier and the loader. Only a loader's own error comes back to the caller.
 */
export interface Cache {
  /**
   * The cached value for `key`, or the loader's result (then cached). Concurrent misses on one key share one
   * load (single flight). A load that started before an `invalidate` of its key never writes its result back.
   */
  getOrLoad<T>(key: string, load: () => Promise<T>, options?: CacheEntryOptions): Promise<T>;
  /** The cached value, or `undefined` on a miss. */
  get<T>(key: string): Promise<T | undefined>;
  /** Stores a value; every instance sees it from its next read on (their local copies are dropped). */
  set<T>(key: string, value: T, options?: CacheEntryOptions): Promise<void>;
  /** Drops the key everywhere: this instance's memory, the shared tier, and every other instance's memory. */
  invalidate(key: string): Promise<void>;
  /**
   * Drops the key from this instance's memory only. For event consumers: the instance that changed the data
   * already called `invalidate`; every instance drops its own copy when the change event reaches it.
   */
  invalidateLocal(key: string): void;
  /** Drops every key that starts with `prefix`, everywhere (for example all `menu:<restaurantId>:` keys). */
  invalidatePrefix(prefix: string): Promise<void>;
  /** Stops background work and empties local memory. Connections passed in by the caller stay open. */
  close(): Promise<void>;
}
