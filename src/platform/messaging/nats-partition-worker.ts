import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { Logger } from '../observability/logger.js';
import type { EventEnvelope } from './event-envelope.js';
import type { Subscription } from './event-bus.js';
import { typeOfSubject } from './nats-partitions.js';
import type { Slots } from './slots.js';
import type { BatchGroup } from './nats-batch-group.js';

export interface PartitionWorkerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  /** The partition's durable consumer. */
  consumer: string;
  subscription: Subscription;
  /** Shared by the partitions of one subscription on this instance: how many work at once. */
  slots: Slots;
  /**
   * Where the subscription takes batches: the joint batches of this instance's partitions of the durable
   * (see nats-batch-group). Fresh events go there; redeliveries and a failed batch's events go one by one.
   */
  group?: BatchGroup;
  ackWaitMs: number;
  /** How long one pull request waits on the server for messages. */
  pullExpiresMs: number;
  log?: Logger;
}

export interface PartitionWorker {
  /** Stops pulling, finishes the batch in hand and hands the rest back (nak) for the next owner. */
  stop(): Promise<void>;
}

interface Item {
  m: JsMsg;
  event: EventEnvelope;
}

/** The most events one batch takes, unless the subscription says otherwise. */
export const DEFAULT_MAX_BATCH = 64;

/**
 * Works on one partition of one durable, as its only owner: pulls its messages, takes what has arrived as
 * a batch (one `handleBatch` call, where the subscription takes batches), and otherwise delivers in order,
 * retrying a failed event in place after its backoff so that nothing behind it overtakes it. Types the
 * subscription does not take are acknowledged unread. A partition whose previous owner may still hold
 * messages (a crash, a handover) starts only once the server shows none pending, or after ack_wait.
 */
export function startPartitionWorker(options: PartitionWorkerOptions): PartitionWorker {
  const { js, jsm, stream, consumer, subscription, slots, group, log } = options;
  const types = new Set(subscription.types);
  const maxBatch = subscription.maxBatch ?? DEFAULT_MAX_BATCH;
  let stopped = false;
  let messages: ConsumerMessages | undefined;
  const buffer: JsMsg[] = [];
  let wake: (() => void) | undefined;
  let cancelSleep: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        cancelSleep = undefined;
        resolve();
      }
      cancelSleep = done;
    });

  /**
   * Waits until the previous owner can neither be handed a message (its pull requests stay on the server
   * until they expire) nor holds one unacknowledged (a crashed owner's, or one its stopped client dropped,
   * until ack_wait), so that none of its messages is overtaken: redeliveries come before new messages.
   * Bounded by ack_wait plus a pull's expiry, after which every such message is due again anyway.
   */
  async function awaitHandover(): Promise<void> {
    const deadline = Date.now() + options.ackWaitMs + options.pullExpiresMs;
    while (!stopped && Date.now() < deadline) {
      const info = await jsm.consumers.info(stream, consumer).catch(() => undefined);
      if (info !== undefined && info.num_ack_pending === 0 && info.num_waiting === 0) return;
      await sleep(100);
    }
  }

  async function pump(): Promise<void> {
    while (!stopped) {
      try {
        const pulled = await (
          await js.consumers.get(stream, consumer)
        ).consume({
          max_messages: maxBatch * 2,
          expires: options.pullExpiresMs,
        });
        messages = pulled;
        if (stopped) pulled.stop();
        for await (const m of pulled) {
          buffer.push(m);
          wake?.();
        }
      } catch (error) {
        if (stopped) break;
        log?.warn({ err: error, consumer }, 'NATS consume interrupted; resuming');
        await sleep(500);
      }
    }
  }

  /**
   * Delivers one event until it succeeds or the bus gives up on it; false when stopped first. Its ack
   * (the durable acknowledges cumulatively) also covers the passed-over messages before it.
   */
  async function deliverOne(item: Item): Promise<boolean> {
    let attempt = item.m.info.deliveryCount;
    for (;;) {
      try {
        await subscription.handle(item.event, { attempt });
        item.m.ack();
        return true;
      } catch (error) {
        if (attempt >= subscription.maxDeliver) {
          log?.error(
            { err: error, consumer, eventId: item.event.id, attempt },
            'event dropped after maxDeliver',
          );
          item.m.term();
          return true;
        }
        // The slot is free while waiting: other partitions of this consumer go on meanwhile.
        slots.release();
        await sleep(subscription.backoffMs(attempt, error));
        await slots.acquire();
        if (stopped) return false;
        attempt += 1;
      }
    }
  }

  /**
   * Works on one pulled batch, in order. The durable acknowledges cumulatively (AckPolicy.All): once the
   * batch is done, acking its last message settles every message of it, the passed-over types included,
   * in one ack instead of one per message. What a stop interrupts goes back (nak), passed-over ones too,
   * so the next owner finds nothing outstanding.
   */
  async function work(batch: JsMsg[]): Promise<void> {
    const items: Item[] = [];
    for (const m of batch) {
      if (!types.has(typeOfSubject(m.subject))) continue;
      try {
        items.push({ m, event: m.json<EventEnvelope>() });
      } catch (error) {
        log?.error({ err: error, subject: m.subject }, 'unreadable message terminated');
        m.term();
      }
    }
    // A long batch keeps its messages: without this, ack_wait would redeliver them mid-handling.
    const progress = setInterval(
      () => batch.forEach((m) => m.working()),
      Math.max(100, options.ackWaitMs / 3),
    );
    try {
      const unfinished = await handleItems(items);
      if (unfinished === undefined) batch.at(-1)?.ack();
      else for (const m of batch.slice(batch.indexOf(unfinished))) m.nak();
    } finally {
      clearInterval(progress);
    }
  }

  /** Handles the items; resolves to the message of the first one a stop left unhandled, if any. */
  async function handleItems(items: Item[]): Promise<JsMsg | undefined> {
    if (items.length === 0) return undefined;
    if (group !== undefined && items.every((item) => item.m.info.deliveryCount === 1)) {
      try {
        await group.apply(items.map((item) => item.event));
        return undefined;
      } catch (error) {
        log?.debug({ err: error, consumer, events: items.length }, 'batch failed; one by one');
      }
    }
    await slots.acquire();
    try {
      for (const item of items) {
        if (stopped || !(await deliverOne(item))) return item.m;
      }
      return undefined;
    } finally {
      slots.release();
    }
  }

  const running = (async () => {
    await awaitHandover();
    if (stopped) return;
    const pumping = pump();
    while (!stopped) {
      if (buffer.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      await work(buffer.splice(0, maxBatch));
    }
    messages?.stop();
    await pumping;
  })().catch((error: unknown) => log?.error({ err: error, consumer }, 'partition worker failed'));

  return {
    async stop() {
      stopped = true;
      messages?.stop();
      cancelSleep?.();
      wake?.();
      await running;
      // What arrived but was not worked on goes back at once, first in line for the next owner.
      for (const m of buffer.splice(0)) m.nak();
    },
  };
}
