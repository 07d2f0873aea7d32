import type { Logger } from '../../../platform/observability/logger.js';
import type { StreamEntry, StreamStore } from '../adapters/stream-store.sql.js';

/** An SSE stream's interest: the stream keys it carries, and what to do with each new entry. */
export interface TailListener {
  keys: ReadonlySet<string>;
  /** Called in position order, synchronously; must not wait on the client. */
  onEntry(entry: StreamEntry): void;
}

export interface StreamTail {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Registers a listener. It receives every matching entry after `from`, the position the tail had read
   * up to when it was added; what came before is the listener's to read from the store.
   */
  add(listener: TailListener): { from: number; remove(): void };
  /** The live feed saw this event: its entry is about to be stored, so look for it soon. */
  expect(eventId: string): void;
  readonly listenerCount: number;
  /** Every entry up to this position has been handed to the listeners there were when it was read. */
  readonly position: number;
}

export interface StreamTailOptions {
  store: StreamStore;
  log: Logger;
  /** Reads while idle (default 1000 ms): a safety net behind the live feed's wake-ups. */
  pollMs?: number;
  /** Reads while an expected entry has not appeared yet (default 20 ms). */
  fastPollMs?: number;
  /** How long an expected entry is waited for at the fast pace (default 10 s). */
  expectMs?: number;
  batch?: number;
}

/**
 * One reader of the stream table per instance, however many SSE streams it serves: it reads every entry
 * after its cursor, in position order, and hands each to the listeners of its key. Positions become
 * visible in order (see stream-store.sql.ts), so reading after the cursor never skips one.
 *
 * While nobody listens it only follows the last position, and it moves the cursor only if still nobody
 * listens when the answer comes back: a listener's `from` is never jumped over.
 */
export function createStreamTail(options: StreamTailOptions): StreamTail {
  const { store, log } = options;
  const pollMs = options.pollMs ?? 1000;
  const fastPollMs = options.fastPollMs ?? 20;
  const expectMs = options.expectMs ?? 10_000;
  const batch = options.batch ?? 500;

  const listeners = new Set<TailListener>();
  const expected = new Map<string, number>();
  let cursor = 0;
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Infinity;
  let running: Promise<void> | undefined;
  let stopped = true;

  function schedule(ms: number) {
    if (stopped) return;
    const at = Date.now() + ms;
    // A sooner wake-up replaces a later one; a later one never postpones a sooner one.
    if (timer !== undefined && dueAt <= at) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      dueAt = Infinity;
      void tick();
    }, ms);
    timer.unref();
  }

  async function readNew(): Promise<void> {
    if (listeners.size === 0) {
      const last = await store.lastPosition();
      if (listeners.size === 0) cursor = Math.max(cursor, last);
      expected.clear();
      return;
    }
    for (;;) {
      const entries = await store.readAfter(cursor, batch);
      for (const entry of entries) {
        cursor = entry.position;
        expected.delete(entry.eventId);
        for (const listener of listeners) {
          if (!listener.keys.has(entry.streamKey)) continue;
          try {
            listener.onEntry(entry);
          } catch (error) {
            log.error({ err: error, position: entry.position }, 'stream listener failed');
          }
        }
      }
      if (entries.length < batch || stopped) return;
    }
  }

  async function tick(): Promise<void> {
    if (running !== undefined) return;
    running = readNew()
      .catch((error: unknown) => log.warn({ err: error }, 'stream tail could not read; will retry'))
      .finally(() => {
        running = undefined;
      });
    await running;
    const now = Date.now();
    for (const [eventId, until] of expected) if (until < now) expected.delete(eventId);
    schedule(expected.size > 0 ? fastPollMs : pollMs);
  }

  return {
    async start() {
      cursor = await store.lastPosition();
      stopped = false;
      schedule(pollMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
    add(listener) {
      listeners.add(listener);
      return {
        from: cursor,
        remove: () => {
          listeners.delete(listener);
        },
      };
    },
    expect(eventId) {
      if (listeners.size === 0) return;
      expected.set(eventId, Date.now() + expectMs);
      if (running === undefined) schedule(0);
    },
    get listenerCount() {
      return listeners.size;
    },
    get position() {
      return cursor;
    },
  };
}
