import { AsyncResource } from 'node:async_hooks';
import { AppError } from '../errors/app-error.js';
import type { Logger } from '../observability/logger.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventBus, Subscription, Unsubscribe } from './event-bus.js';
import { MessagingErrors } from './messaging-errors.js';

export interface InProcessBusOptions {
  log?: Logger;
  /** How many recent event ids are remembered to drop republished duplicates, like a broker's window. */
  dedupWindow?: number;
}

const DEFAULT_MAX_BATCH = 32;

/** The events at the head of a queue that have not been delivered yet, at most `max`. */
function freshHead(queue: readonly Pending[], max: number): Pending[] {
  const batch: Pending[] = [];
  for (const pending of queue) {
    if (batch.length >= max || pending.attempts > 0) break;
    batch.push(pending);
  }
  return batch;
}

interface Pending {
  event: EventEnvelope;
  attempts: number;
}

interface Durable {
  name: string;
  /** A broadcast feed: its own queue, removed on unsubscribe, failures skipped rather than retried. */
  broadcast: boolean;
  types: Set<string>;
  queue: Pending[];
  subs: Subscription[];
  next: number;
  draining: Promise<void> | undefined;
  cancelSleep: (() => void) | undefined;
  /** kick(), bound to the async context of the durable's creation (see publish). */
  wake: () => void;
}

/**
 * The embedded bus: behaves like a broker inside one process. Each durable subscription has its own
 * queue, drained in publish order: one event at a time, or the waiting ones as a batch to a subscription
 * that takes batches (a failing event blocks the ones behind it until it succeeds or reaches maxDeliver,
 * which keeps per-subject order). Dispatch is asynchronous: publish only
 * enqueues. A durable's queue lives from its first subscribe for the life of the bus, across
 * unsubscribe and resubscribe; events published before a durable first subscribes are not kept for it.
 * A broadcast subscription gets a queue of its own, dropped when it unsubscribes.
 */
export function createInProcessBus(options: InProcessBusOptions = {}): EventBus {
  const durables = new Map<string, Durable>();
  let broadcasts = 0;
  const dedupWindow = options.dedupWindow ?? 10_000;
  const recentIds = new Set<string>();
  let closed = false;

  const remember = (id: string): boolean => {
    if (dedupWindow <= 0) return true;
    if (recentIds.has(id)) return false;
    recentIds.add(id);
    if (recentIds.size > dedupWindow) {
      const oldest = recentIds.values().next().value;
      if (oldest !== undefined) recentIds.delete(oldest);
    }
    return true;
  };

  const sleep = (d: Durable, ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        d.cancelSleep = undefined;
        resolve();
      }
      d.cancelSleep = done;
    });

  const kick = (d: Durable) => {
    if (closed || d.draining !== undefined || d.queue.length === 0 || d.subs.length === 0) return;
    d.draining = drain(d).finally(() => {
      d.draining = undefined;
      // An event published while the loop was finishing would otherwise wait for the next publish.
      setImmediate(d.wake);
    });
  };

  async function drain(d: Durable): Promise<void> {
    // After a failed batch, its events go one by one (the failing one then retries and dead-letters alone).
    let singlyLeft = 0;
    while (!closed && d.queue.length > 0 && d.subs.length > 0) {
      const item = d.queue[0] as Pending;
      const sub = d.subs[d.next++ % d.subs.length] as Subscription;
      if (singlyLeft === 0 && !d.broadcast && sub.handleBatch !== undefined) {
        const batch = freshHead(d.queue, sub.maxBatch ?? DEFAULT_MAX_BATCH);
        if (batch.length > 1) {
          try {
            await sub.handleBatch(batch.map((pending) => pending.event));
            d.queue.splice(0, batch.length);
            continue;
          } catch (error) {
            options.log?.debug(
              { err: error, durable: d.name, events: batch.length },
              'batch failed; delivering its events one by one',
            );
            singlyLeft = batch.length;
            if (closed || d.subs.length === 0) break;
          }
        }
      }
      item.attempts += 1;
      try {
        await sub.handle(item.event, { attempt: item.attempts });
        d.queue.shift();
        singlyLeft = Math.max(0, singlyLeft - 1);
      } catch (error) {
        if (d.broadcast || item.attempts >= sub.maxDeliver) {
          options.log?.error(
            { err: error, durable: d.name, eventId: item.event.id, attempts: item.attempts },
            d.broadcast ? 'broadcast handler failed; event skipped' : 'event dropped after maxDeliver',
          );
          d.queue.shift();
          singlyLeft = Math.max(0, singlyLeft - 1);
          continue;
        }
        options.log?.warn(
          { err: error, durable: d.name, eventId: item.event.id },
          'handler failed; will redeliver',
        );
        await sleep(d, sub.backoffMs(item.attempts, error));
      }
    }
  }

  return {
    async publish(event) {
      if (closed) throw new AppError(MessagingErrors.BUS_CLOSED, 'The in-process bus is closed');
      if (!remember(event.id)) return;
      for (const d of durables.values()) {
        if (!d.types.has(event.type)) continue;
        d.queue.push({ event, attempts: 0 });
        // Dispatch must not inherit the publisher's async context: the relay may publish from inside a
        // transaction, and handlers that open their own would then be refused by the SQL adapter.
        setImmediate(d.wake);
      }
    },

    async subscribe(subscription): Promise<Unsubscribe> {
      if (closed) throw new AppError(MessagingErrors.BUS_CLOSED, 'The in-process bus is closed');
      const broadcast = subscription.broadcast === true;
      // A broadcast feed is a queue of its own under a name no other subscription can share.
      const key = broadcast
        ? `${subscription.durableName}\u0000broadcast-${++broadcasts}`
        : subscription.durableName;
      let d = durables.get(key);
      if (d === undefined) {
        d = {
          name: key,
          broadcast,
          types: new Set(),
          queue: [],
          subs: [],
          next: 0,
          draining: undefined,
          cancelSleep: undefined,
          wake: () => undefined,
        };
        const created = d;
        created.wake = AsyncResource.bind(() => kick(created));
        durables.set(d.name, d);
      }
      d.types = new Set(subscription.types);
      d.subs.push(subscription);
      const durable = d;
      kick(durable);
      return async () => {
        durable.subs = durable.subs.filter((s) => s !== subscription);
        if (durable.subs.length > 0) return;
        durable.cancelSleep?.();
        if (durable.broadcast) durables.delete(durable.name);
        // The handler in flight finishes before unsubscribe resolves: no delivery after it.
        await durable.draining;
      };
    },

    async ping() {
      if (closed) throw new AppError(MessagingErrors.BUS_CLOSED, 'The in-process bus is closed');
    },

    async close() {
      closed = true;
      for (const d of durables.values()) d.cancelSleep?.();
      await Promise.all([...durables.values()].map((d) => d.draining));
    },
  };
}
