import { createRequire } from 'node:module';
import type { FastifyRateLimitOptions, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { ChainableCommander, Redis } from 'ioredis';

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
  redis: Redis | ScriptSender,
  key: string,
) => Store;

/** The two script commands RedisStore defines on its connection and calls (ioredis `defineCommand`). */
type ScriptCommand = (...args: unknown[]) => unknown;
interface ScriptSender {
  rateLimit: ScriptCommand;
  rateLimitRead: ScriptCommand;
}

export interface StoreEvents {
  onFallback(): void;
  onShared(): void;
}

/** Longest wait for Redis's count before this instance counts in memory instead. */
const REDIS_WAIT_MS = 250;

/**
 * The counts asked for in one turn of the event loop, sent to Redis together: one pipeline, so one write
 * and one read on the socket however many requests were counted, and one timer bounding the wait for all
 * of them. Each count stays its own script call with its own answer, exactly as if sent alone.
 */
class Batch {
  readonly pipeline: ChainableCommander;
  private readonly onLate: Array<() => void> = [];
  private readonly timer: NodeJS.Timeout;

  constructor(redis: Redis) {
    this.pipeline = redis.pipeline();
    this.timer = setTimeout(() => {
      for (const late of this.onLate) late();
    }, REDIS_WAIT_MS);
    this.timer.unref();
  }

  /** Runs `late` if Redis has not answered within REDIS_WAIT_MS of the batch's start. */
  whenLate(late: () => void): void {
    this.onLate.push(late);
  }

  send(): void {
    const stop = () => clearTimeout(this.timer);
    // Each command's own callback reports its failure; the pipeline's promise only says when all answered.
    void this.pipeline.exec().then(stop, stop);
  }
}

/** The batch of the current turn of the event loop, sent once the turn's I/O callbacks have run. */
class Batches {
  private current: Batch | undefined;

  constructor(private readonly redis: Redis) {}

  open(): Batch {
    if (this.current !== undefined) return this.current;
    const batch = new Batch(this.redis);
    this.current = batch;
    setImmediate(() => {
      this.current = undefined;
      batch.send();
    });
    return batch;
  }

  /** RedisStore's connection, as far as it uses one: its script commands go into the current batch. */
  sender(): ScriptSender {
    const pipeline = () => this.open().pipeline as unknown as ScriptSender;
    return {
      rateLimit: (...args) => pipeline().rateLimit(...args),
      rateLimitRead: (...args) => pipeline().rateLimitRead(...args),
    };
  }
}

/**
 * Counts in Redis (shared by every instance) while it is connected and answers within `REDIS_WAIT_MS`, and
 * in this process's memory otherwise. During a Redis outage each instance then enforces the limit on its
 * own (a client spread over N instances gets up to N times the budget) instead of either stalling every
 * request on Redis or letting every client through unlimited. `onFallback` runs for each count kept in
 * memory, `onShared` for each count Redis answered.
 *
 * The counts of one turn of the event loop travel to Redis together (see Batch): a write, a read and a timer
 * of its own per request made the limit cost 20-50 µs of CPU per request under load; batched, about 5.
 */
class RedisOrMemoryStore implements Store {
  constructor(
    private readonly remote: Store,
    private readonly local: Store,
    private readonly redis: Redis,
    private readonly batches: Batches,
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
      this.batches,
      this.events,
    );
  }

  private count(method: Method, key: string, callback: Callback, timeWindow: number, max: number): void {
    const inMemory = () => {
      this.events.onFallback();
      // The memory store hands out its live counter, which the next count changes: the requests of a
      // batch fall back together, before any of them has read its answer, so each gets a copy.
      this.local[method](key, (error, result) => callback(error, result && { ...result }), timeWindow, max);
    };
    // Not connected: ioredis would fail the command at once or queue it; neither is worth waiting for.
    if (this.redis.status !== 'ready') return inMemory();
    let settled = false;
    this.batches.open().whenLate(() => {
      if (settled) return;
      settled = true;
      inMemory();
    });
    this.remote[method](
      key,
      (error, result) => {
        if (settled) return;
        settled = true;
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
      // Built on the connection once, so that it defines its script commands there; the store that counts
      // is the plugin's own, with its keys and its reading of the answers, sending through the batches.
      new RedisStore(continueExceeding, exponentialBackoff, redis, namespace);
      const batches = new Batches(redis);
      super(
        new RedisStore(continueExceeding, exponentialBackoff, batches.sender(), namespace),
        new LocalStore(continueExceeding, exponentialBackoff),
        redis,
        batches,
        events,
      );
    }
  };
}
