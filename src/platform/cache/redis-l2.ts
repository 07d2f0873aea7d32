import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import { withTimeout } from './with-timeout.js';

/** What a cache read found in Redis. A miss carries the stamp a later write-back must still match. */
export type L2Read =
  | { kind: 'hit'; value: unknown; remainingTtlMs: number }
  | { kind: 'miss'; stamp: L2Stamp }
  | { kind: 'unavailable' };

/** The key's version and the namespace's prefix epoch, as seen when a load started. */
export interface L2Stamp {
  version: string;
  epoch: string;
}

/** An invalidation on the wire: `origin` lets an instance skip its own messages. */
export interface InvalidationMessage {
  origin: string;
  key?: string;
  prefix?: string;
}

/**
 * Writes the value only if neither the key's version nor the namespace's prefix epoch moved since the load
 * read them: an invalidation that ran meanwhile (on any instance) bumped one of them, and the loaded value
 * may predate it. Redis runs the script atomically, so there is no window between check and write.
 */
const SET_IF_UNCHANGED = `
if (redis.call('GET', KEYS[2]) or '') == ARGV[2] and (redis.call('GET', KEYS[3]) or '') == ARGV[3] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
  return 1
end
return 0`;

/** Versions must outlive any load in flight; a day is far beyond any sane loader. */
const VERSION_TTL_MS = 24 * 60 * 60 * 1000;
/** Past this many unflushed invalidations, flush the whole namespace instead of remembering each one. */
const MAX_PENDING = 10_000;
const SCAN_BATCH = 500;

/**
 * The Redis tier of the tiered cache. Every command is bounded by `commandTimeoutMs` and skipped outright
 * while the connection is not ready (never queued), so a slow or dead Redis costs a read at most that long.
 * Invalidations that could not reach Redis are remembered and replayed when it is back; until then reads
 * bypass Redis, because it may still hold values that were invalidated while it was out of reach.
 */
export class RedisL2 {
  readonly channel: string;
  private readonly pending = new Set<string>();
  private flushing: Promise<void> | undefined;
  private degraded = false;
  private readonly onReady = () => void this.flushPending();

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    readonly origin: string,
    private readonly commandTimeoutMs: number,
    private readonly log: Logger,
    /** Runs for each read served without Redis (down, slow, or holding invalidations not yet replayed). */
    private readonly onFallback: () => void = () => undefined,
  ) {
    this.channel = `${namespace}:invalidate`;
    redis.on('ready', this.onReady);
  }

  detach(): void {
    this.redis.off('ready', this.onReady);
  }

  async read(key: string): Promise<L2Read> {
    if (!this.usable()) return this.unavailable();
    const replies = await this.run(() =>
      this.redis
        .multi()
        .get(this.dataKey(key))
        .pttl(this.dataKey(key))
        .get(this.versionKey(key))
        .get(this.epochKey())
        .exec(),
    );
    if (replies === undefined || replies === null) return this.unavailable();
    const [data, pttl, version, epoch] = replies.map(([error, reply]) => (error ? undefined : reply));
    if (typeof data === 'string') {
      try {
        return { kind: 'hit', value: JSON.parse(data), remainingTtlMs: typeof pttl === 'number' ? pttl : -1 };
      } catch {
        // A value this code did not write: treat it as absent and let the load overwrite it.
      }
    }
    return { kind: 'miss', stamp: { version: asText(version), epoch: asText(epoch) } };
  }

  private unavailable(): L2Read {
    this.onFallback();
    return { kind: 'unavailable' };
  }

  async writeIfUnchanged(key: string, value: unknown, stamp: L2Stamp, ttlMs: number): Promise<void> {
    if (!this.usable()) return;
    await this.run(() =>
      this.redis.eval(
        SET_IF_UNCHANGED,
        3,
        this.dataKey(key),
        this.versionKey(key),
        this.epochKey(),
        JSON.stringify(value),
        stamp.version,
        stamp.epoch,
        String(ttlMs),
      ),
    );
  }

  /** Replaces the value and bumps its version, so that loads in flight elsewhere do not overwrite it. */
  async write(key: string, value: unknown, ttlMs: number): Promise<void> {
    const message = this.message({ key });
    const done = this.usable()
      ? await this.run(() =>
          this.bumpVersion(this.redis.multi(), key)
            .set(this.dataKey(key), JSON.stringify(value), 'PX', ttlMs)
            .publish(this.channel, message)
            .exec(),
        )
      : undefined;
    // The new value did not land: the old one must not survive in Redis either.
    if (done === undefined || done === null) this.remember(`k:${key}`);
  }

  /** Deletes the key, bumps its version and then tells every instance to drop its local copy. */
  async invalidate(key: string): Promise<void> {
    if (!(await this.invalidateKeyNow(key))) this.remember(`k:${key}`);
  }

  async invalidatePrefix(prefix: string): Promise<void> {
    if (!(await this.invalidatePrefixNow(prefix))) this.remember(`p:${prefix}`);
  }

  private async invalidateKeyNow(key: string): Promise<boolean> {
    if (this.redis.status !== 'ready') return false;
    const done = await this.run(() =>
      this.bumpVersion(this.redis.multi(), key)
        .del(this.dataKey(key))
        .publish(this.channel, this.message({ key }))
        .exec(),
    );
    return done !== undefined && done !== null;
  }

  private async invalidatePrefixNow(prefix: string): Promise<boolean> {
    if (this.redis.status !== 'ready') return false;
    // The epoch goes first: from here on no load that started earlier can write back, whatever the scan misses.
    if ((await this.run(() => this.redis.incr(this.epochKey()))) === undefined) return false;
    const match = `${escapeGlob(this.dataKey(prefix))}*`;
    let cursor = '0';
    do {
      const page = await this.run(() => this.redis.scan(cursor, 'MATCH', match, 'COUNT', SCAN_BATCH));
      if (page === undefined) return false;
      cursor = page[0];
      if (page[1].length > 0 && (await this.run(() => this.redis.unlink(...page[1]))) === undefined)
        return false;
    } while (cursor !== '0');
    return (await this.run(() => this.redis.publish(this.channel, this.message({ prefix })))) !== undefined;
  }

  private remember(entry: string): void {
    if (this.pending.size >= MAX_PENDING) {
      this.pending.clear();
      this.pending.add('p:');
    } else {
      this.pending.add(entry);
    }
    this.log.warn({ namespace: this.namespace, pending: this.pending.size }, 'cache invalidation deferred');
  }

  /** Replays invalidations that could not reach Redis; reads use Redis again once none is left. */
  private flushPending(): Promise<void> {
    if (this.flushing !== undefined || this.pending.size === 0) return this.flushing ?? Promise.resolve();
    this.flushing = (async () => {
      for (const entry of [...this.pending]) {
        const target = entry.slice(2);
        const ok = entry.startsWith('p:')
          ? await this.invalidatePrefixNow(target)
          : await this.invalidateKeyNow(target);
        if (!ok) return;
        this.pending.delete(entry);
      }
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private usable(): boolean {
    if (this.redis.status !== 'ready') return false;
    if (this.pending.size === 0) return true;
    void this.flushPending();
    return false;
  }

  /** Runs one command; any failure or a late answer is `undefined`, logged once per outage. */
  private async run<T>(command: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await withTimeout(command(), this.commandTimeoutMs);
      if (this.degraded) {
        this.degraded = false;
        this.log.info({ namespace: this.namespace }, 'cache: Redis answers again');
      }
      return result;
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.log.warn(
          { namespace: this.namespace, err: error },
          'cache: Redis unavailable, serving from memory',
        );
      }
      return undefined;
    }
  }

  private bumpVersion<M extends ReturnType<Redis['multi']>>(multi: M, key: string): M {
    return multi.incr(this.versionKey(key)).pexpire(this.versionKey(key), VERSION_TTL_MS) as M;
  }

  private message(target: { key?: string; prefix?: string }): string {
    return JSON.stringify({ origin: this.origin, ...target } satisfies InvalidationMessage);
  }

  private dataKey(key: string): string {
    return `${this.namespace}:d:${key}`;
  }

  private versionKey(key: string): string {
    return `${this.namespace}:v:${key}`;
  }

  private epochKey(): string {
    return `${this.namespace}:epoch`;
  }
}

function asText(reply: unknown): string {
  return typeof reply === 'string' ? reply : '';
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
