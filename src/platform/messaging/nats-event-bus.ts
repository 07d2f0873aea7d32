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
} from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { randomUUID } from 'node:crypto';
import { connect, nanos } from '@nats-io/transport-node';
import { AppError } from '../errors/app-error.js';
import type { Logger } from '../observability/logger.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventBus, Subscription, Unsubscribe } from './event-bus.js';
import { MessagingErrors } from './messaging-errors.js';
import { createPartitionLeases } from './nats-partition-leases.js';
import { createBatchGroup } from './nats-batch-group.js';
import { DEFAULT_MAX_BATCH, startPartitionWorker, type PartitionWorker } from './nats-partition-worker.js';
import { broadcastFilter, eventSubject, partitionFilter, partitionOf } from './nats-partitions.js';
import { createSlots } from './slots.js';

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
   * the server went down; a slow handler is not affected (it reports progress). A partition taken over
   * from a crashed owner waits at most this long for the owner's deliveries to come back first.
   */
  ackWaitMs?: number;
  /** Delay between reconnect attempts (default 500 ms); reconnects never give up. */
  reconnectTimeWaitMs?: number;
  /**
   * Partitions of a new stream (default 8): the most instances that can share one durable's work. A stream
   * keeps the count it was created with (in its description), so every node agrees whatever it is told.
   */
  partitions?: number;
  /** Partitions of one durable that one instance works on at once (default 4). */
  concurrency?: number;
  /** How long a partition lease outlives its last renewal (default 6 s). */
  leaseTtlMs?: number;
  /** How long one pull request waits on the server (default 3 s). */
  pullExpiresMs?: number;
}

/**
 * The distributed bus on NATS JetStream. An event is published to `<prefix>.<partition>.<type>`, its
 * partition fixed by its subject (see nats-partitions), with the JetStream msgID set to the event id, so a
 * relay that republishes after a crash is deduplicated by the stream. A durable subscription is one
 * durable pull consumer per partition; the instances subscribed under one durable name share its
 * partitions through leases (see nats-partition-leases), each partition worked on by one owner at a time:
 * in order within it, in batches, in parallel across partitions and instances (see nats-partition-worker).
 * A broadcast subscription is an ordered consumer of its own (see subscribeBroadcast).
 */
export async function createNatsBus(options: NatsBusOptions): Promise<EventBus> {
  const log = options.log;
  const nc = await connect({
    servers: options.url.split(','),
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectTimeWaitMs ?? 500,
    name: `sattzabite-${options.streamName}`,
    // Otherwise every request (each JetStream publish is one) builds an Error up front to carry its
    // caller's stack, used only if the request fails: a visible share of the relay's CPU. A failed publish
    // still says which event it was (EVENTS.PUBLISH_FAILED with the event id).
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect')
        log?.warn({ nats: status.type }, 'NATS connection');
    }
  })().catch(() => undefined);

  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const partitions = await ensureStream(jsm, options);
  const kv = await new Kvm(js).create(`${options.streamName}_LEASES`, {
    ttl: options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS,
    history: 1,
  });
  const leases = createPartitionLeases({
    kv,
    member: randomUUID().replaceAll('-', ''),
    ttlMs: options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS,
    ...(log === undefined ? {} : { log }),
  });

  const ackWaitMs = options.ackWaitMs ?? 10_000;
  const active = new Set<() => Promise<void>>();
  let closed = false;

  return {
    async publish(event) {
      if (closed) throw new AppError(MessagingErrors.BUS_CLOSED, 'The NATS bus is closed');
      const subject = eventSubject(options.subjectPrefix, partitionOf(event.subject, partitions), event.type);
      try {
        await js.publish(subject, JSON.stringify(event), {
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
      for (let p = 0; p < partitions; p += 1) {
        await ensureConsumer(
          jsm,
          options,
          `${durable}_p${p}`,
          partitionFilter(options.subjectPrefix, p, subscription.types),
          subscription,
        );
      }
      const slots = createSlots(options.concurrency ?? DEFAULT_CONCURRENCY);
      const handleBatch = subscription.handleBatch?.bind(subscription);
      const group =
        handleBatch === undefined
          ? undefined
          : createBatchGroup(handleBatch, subscription.maxBatch ?? DEFAULT_MAX_BATCH);
      const workers = new Map<number, PartitionWorker>();
      const leave = await leases.join({
        name: durable,
        partitions,
        acquired(partition) {
          log?.debug({ durable, partition }, 'partition taken');
          workers.set(
            partition,
            startPartitionWorker({
              js,
              jsm,
              stream: options.streamName,
              consumer: `${durable}_p${partition}`,
              subscription,
              slots,
              ...(group === undefined ? {} : { group }),
              ackWaitMs,
              pullExpiresMs: options.pullExpiresMs ?? DEFAULT_PULL_EXPIRES_MS,
              ...(log === undefined ? {} : { log }),
            }),
          );
        },
        async release(partition) {
          const worker = workers.get(partition);
          workers.delete(partition);
          await worker?.stop();
        },
      });
      const stop = async () => {
        active.delete(stop);
        await leave();
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
      await leases.close();
      closed = true;
      await nc.drain().catch(() => nc.close());
    },
  };
}

/** How long a lease outlives its last renewal: the time survivors wait to take a crashed instance's share. */
const DEFAULT_LEASE_TTL_MS = 6_000;
/** Partitions of one durable worked on at once by one instance. */
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_PULL_EXPIRES_MS = 3_000;
const DEFAULT_PARTITIONS = 8;

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
      filter_subjects: broadcastFilter(options.subjectPrefix, subscription.types),
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

/** NATS durable names may not hold `.`, `*`, `>` or whitespace; consumer names often have dots. */
function durableNameFor(name: string): string {
  return name.replace(/[.*>\s]/g, '_');
}

/** Creates or updates the stream; answers its partition count (the one it was created with). */
async function ensureStream(jsm: JetStreamManager, options: NatsBusOptions): Promise<number> {
  const existing = await jsm.streams.info(options.streamName).catch(() => undefined);
  const recorded = /partitions=(\d+)/.exec(existing?.config.description ?? '')?.[1];
  const partitions = recorded === undefined ? (options.partitions ?? DEFAULT_PARTITIONS) : Number(recorded);
  if (recorded !== undefined && options.partitions !== undefined && options.partitions !== partitions) {
    options.log?.warn(
      { stream: options.streamName, configured: options.partitions, partitions },
      'the stream keeps the partition count it was created with',
    );
  }
  const config = {
    name: options.streamName,
    description: `SattzaBite events; partitions=${partitions}`,
    subjects: [`${options.subjectPrefix}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(options.duplicateWindowMs ?? 120_000),
  };
  if (existing === undefined) await jsm.streams.add(config);
  else await jsm.streams.update(options.streamName, config);
  return partitions;
}

async function ensureConsumer(
  jsm: JetStreamManager,
  options: NatsBusOptions,
  durable: string,
  filter: string,
  subscription: Subscription,
): Promise<void> {
  const mutable: Partial<ConsumerConfig> = {
    ack_wait: nanos(options.ackWaitMs ?? 10_000),
    max_deliver: subscription.maxDeliver,
    // Only the partition's owner pulls: this bounds what it holds unacknowledged, not its order.
    max_ack_pending: 1_000,
    filter_subject: filter,
  };
  const existing = await jsm.consumers.info(options.streamName, durable).catch(() => undefined);
  if (existing !== undefined && existing.config.ack_policy === AckPolicy.All) {
    await jsm.consumers.update(options.streamName, durable, mutable);
    return;
  }
  // Only the partition's owner reads it, in order, so one cumulative ack settles a whole batch (and the
  // passed-over types in it). A durable made before this, acking each message, cannot change its policy:
  // it is replaced by one resuming after its ack floor; what it had acked beyond the floor comes again and
  // the consumers' inboxes drop it.
  // Another instance starting beside this one may have replaced it already: it resumes at the same place.
  if (existing !== undefined) await jsm.consumers.delete(options.streamName, durable).catch(() => false);
  const resumeAt = existing === undefined ? 0 : existing.ack_floor.stream_seq + 1;
  await jsm.consumers.add(options.streamName, {
    durable_name: durable,
    ack_policy: AckPolicy.All,
    ...(resumeAt > 1
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: resumeAt }
      : { deliver_policy: DeliverPolicy.All }),
    ...mutable,
  });
}
