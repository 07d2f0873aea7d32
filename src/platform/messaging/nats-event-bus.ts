import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type Consumer,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { connect, nanos } from '@nats-io/transport-node';
import { AppError } from '../errors/app-error.js';
import type { Logger } from '../observability/logger.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventBus, Subscription, Unsubscribe } from './event-bus.js';
import { MessagingErrors } from './messaging-errors.js';

export interface NatsBusOptions {
  /** e.g. `nats://127.0.0.1:4222`; several comma-separated servers are allowed. */
  url: string;
  /** The JetStream stream holding every event, created or updated at start. */
  streamName: string;
  /** Events go to `<subjectPrefix>.<type>`; the stream takes `<subjectPrefix>.>`. */
  subjectPrefix: string;
  log?: Logger;
  /** Window in which a republished event id is dropped by the stream (default 2 minutes). */
  duplicateWindowMs?: number;
  /** How long publish waits for the stream's acknowledgement (default 5 s). */
  publishTimeoutMs?: number;
  /**
   * Redelivery when an acknowledgement never comes (default 10 s): a crashed instance, or an ack lost when
   * the server went down. With one event in flight per durable this is also how long such a loss stalls
   * the durable; a slow handler is not affected (it reports progress).
   */
  ackWaitMs?: number;
  /** Delay between reconnect attempts (default 500 ms); reconnects never give up. */
  reconnectTimeWaitMs?: number;
}

/**
 * The distributed bus on NATS JetStream. Publish sets the JetStream msgID to the event id, so a relay
 * that republishes after a crash is deduplicated by the stream. Each durable subscription is a durable
 * pull consumer with explicit acks, `max_ack_pending` 1 (one event in flight per durable, which keeps
 * publish order even across retries, as the in-process bus does) and `max_deliver`; a failed handler
 * naks with the subscription's backoff as delay. Server 2.9 has a single filter subject per consumer:
 * a durable for one type filters on `<prefix>.<type>`, one for several types reads `<prefix>.>` and
 * acknowledges other types unseen. A new durable starts from the beginning of the stream. A broadcast
 * subscription is an ordered consumer of its own (see subscribeBroadcast).
 */
export async function createNatsBus(options: NatsBusOptions): Promise<EventBus> {
  const log = options.log;
  const nc = await connect({
    servers: options.url.split(','),
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectTimeWaitMs ?? 500,
    name: `sattzabite-${options.streamName}`,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect')
        log?.warn({ nats: status.type }, 'NATS connection');
    }
  })().catch(() => undefined);

  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, options);

  const ackWaitMs = options.ackWaitMs ?? 10_000;
  const active = new Set<() => Promise<void>>();
  let closed = false;

  return {
    async publish(event) {
      if (closed) throw new AppError(MessagingErrors.BUS_CLOSED, 'The NATS bus is closed');
      try {
        await js.publish(`${options.subjectPrefix}.${event.type}`, JSON.stringify(event), {
          msgID: event.id,
          timeout: options.publishTimeoutMs ?? 5000,
        });
      } catch (error) {
        throw new AppError(MessagingErrors.PUBLISH_FAILED, `NATS did not accept event ${event.id}`, {
          details: { eventId: event.id, type: event.type },
          cause: error,
        });
      }
    },

    async subscribe(subscription): Promise<Unsubscribe> {
      if (closed) throw new AppError(MessagingErrors.BUS_CLOSED, 'The NATS bus is closed');
      if (subscription.broadcast === true) {
        const stop = await subscribeBroadcast(js, jsm, options, subscription, () => closed);
        const tracked = async () => {
          await stop();
          active.delete(tracked);
        };
        active.add(tracked);
        return tracked;
      }
      const durable = durableNameFor(subscription.durableName);
      await ensureConsumer(jsm, options, durable, subscription);
      const types = new Set(subscription.types);
      let stopped = false;
      let messages: ConsumerMessages | undefined;

      const handleOne = async (m: JsMsg) => {
        if (stopped) {
          m.nak(); // let another instance (or the next subscribe) take it at once
          return;
        }
        let event: EventEnvelope;
        try {
          event = m.json<EventEnvelope>();
        } catch (error) {
          log?.error({ err: error, subject: m.subject }, 'unreadable message terminated');
          m.term();
          return;
        }
        if (!types.has(event.type)) {
          m.ack();
          return;
        }
        const attempt = m.info.deliveryCount;
        // A slow handler keeps its message: without this, ack_wait would redeliver it mid-handling.
        const progress = setInterval(() => m.working(), Math.max(100, ackWaitMs / 3));
        try {
          await subscription.handle(event, { attempt });
          m.ack();
        } catch (error) {
          if (attempt >= subscription.maxDeliver) {
            log?.error({ err: error, durable, eventId: event.id, attempt }, 'event dropped after maxDeliver');
            m.term();
          } else {
            m.nak(subscription.backoffMs(attempt));
          }
        } finally {
          clearInterval(progress);
        }
      };

      // The loop outlives a broken iterator (server restart, consumer recreated): it consumes again.
      const loop = (async () => {
        while (!stopped && !closed) {
          try {
            const consumer = await js.consumers.get(options.streamName, durable);
            messages = await consumer.consume({ max_messages: 1, expires: 5000 });
            if (stopped) messages.stop();

            for await (const m of messages) await handleOne(m);
          } catch (error) {
            if (stopped || closed) break;
            log?.warn({ err: error, durable }, 'NATS consume interrupted; resuming');
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
        }
      })();

      const stop = async () => {
        stopped = true;
        messages?.stop();
        await loop;
        active.delete(stop);
      };
      active.add(stop);
      return stop;
    },

    async ping() {
      if (closed) throw new AppError(MessagingErrors.BUS_CLOSED, 'The NATS bus is closed');
      // A round trip to the server: fails while disconnected, unlike a check of the local state.
      await nc.rtt();
    },

    async close() {
      if (closed) return;
      await Promise.all([...active].map((stop) => stop()));
      closed = true;
      await nc.drain().catch(() => nc.close());
    },
  };
}

/**
 * A broadcast feed: an ordered consumer (ephemeral, no acks, recreated by the client from its last
 * sequence after a server restart) starting after the stream's current last message. The server removes
 * it `BROADCAST_INACTIVE_MS` after its process stops pulling, so a crashed instance leaves nothing behind.
 */
async function subscribeBroadcast(
  js: JetStreamClient,
  jsm: JetStreamManager,
  options: NatsBusOptions,
  subscription: Subscription,
  busClosed: () => boolean,
): Promise<Unsubscribe> {
  const log = options.log;
  const types = new Set(subscription.types);
  const prefix = `${durableNameFor(subscription.durableName)}_${randomUUID().slice(0, 8)}`;
  let lastSeq = (await jsm.streams.info(options.streamName)).state.last_seq;
  let stopped = false;
  let consumer: Consumer | undefined;
  let messages: ConsumerMessages | undefined;

  const open = async () => {
    consumer = await js.consumers.get(options.streamName, {
      name_prefix: prefix,
      filter_subjects: filterFor(options, subscription.types),
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: lastSeq + 1,
      inactive_threshold: nanos(BROADCAST_INACTIVE_MS),
    });
    messages = await consumer.consume({ max_messages: 256 });
    if (stopped) messages.stop();
  };
  await open();

  const loop = (async () => {
    while (!stopped && !busClosed()) {
      try {
        if (messages === undefined) await open();
        for await (const m of messages as ConsumerMessages) {
          lastSeq = m.seq;
          let event: EventEnvelope;
          try {
            event = m.json<EventEnvelope>();
          } catch (error) {
            log?.error({ err: error, subject: m.subject }, 'unreadable message skipped');
            continue;
          }
          if (!types.has(event.type)) continue;
          try {
            await subscription.handle(event, { attempt: 1 });
          } catch (error) {
            log?.warn(
              { err: error, feed: prefix, eventId: event.id },
              'broadcast handler failed; event skipped',
            );
          }
        }
        messages = undefined;
      } catch (error) {
        messages = undefined;
        if (stopped || busClosed()) break;
        log?.warn({ err: error, feed: prefix }, 'NATS broadcast feed interrupted; resuming');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  })();

  return async () => {
    stopped = true;
    messages?.stop();
    await loop;
    await consumer?.delete().catch(() => undefined);
  };
}

/** How long the server keeps a broadcast feed whose process stopped pulling (crashed, or cut off). */
const BROADCAST_INACTIVE_MS = 30_000;

function filterFor(options: NatsBusOptions, types: string[]): string {
  return types.length === 1 ? `${options.subjectPrefix}.${types[0]}` : `${options.subjectPrefix}.>`;
}

/** NATS durable names may not hold `.`, `*`, `>` or whitespace; consumer names often have dots. */
function durableNameFor(name: string): string {
  return name.replace(/[.*>\s]/g, '_');
}

async function ensureStream(jsm: JetStreamManager, options: NatsBusOptions): Promise<void> {
  const config = {
    name: options.streamName,
    subjects: [`${options.subjectPrefix}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(options.duplicateWindowMs ?? 120_000),
  };
  const existing = await jsm.streams.info(options.streamName).catch(() => undefined);
  if (existing === undefined) await jsm.streams.add(config);
  else await jsm.streams.update(options.streamName, config);
}

async function ensureConsumer(
  jsm: JetStreamManager,
  options: NatsBusOptions,
  durable: string,
  subscription: Subscription,
): Promise<void> {
  const filter = filterFor(options, subscription.types);
  const mutable: Partial<ConsumerConfig> = {
    ack_wait: nanos(options.ackWaitMs ?? 10_000),
    max_deliver: subscription.maxDeliver,
    max_ack_pending: 1,
    filter_subject: filter,
  };
  const existing = await jsm.consumers.info(options.streamName, durable).catch(() => undefined);
  if (existing === undefined) {
    await jsm.consumers.add(options.streamName, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ...mutable,
    });
  } else {
    await jsm.consumers.update(options.streamName, durable, mutable);
  }
}
