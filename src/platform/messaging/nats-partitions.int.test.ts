// The NATS bus's consumer model with real servers: instances sharing a durable split its partitions,
// each subject stays in publish order through joins and leaves, partitions run in parallel while one
// subject never does, and a backlog arrives in batches joined across partitions.
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import { requireServer } from '../../../test/support/require-server.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventBus, Subscription } from './event-bus.js';
import { testEvent, uniqueName, waitUntil } from './messaging-test-kit.js';
import { createNatsBus } from './nats-event-bus.js';
import { partitionOf } from './nats-partitions.js';

const server = await requireServer('NATS_URL');
const streams: string[] = [];
const buses: EventBus[] = [];

afterAll(async () => {
  for (const bus of buses) await bus.close().catch(() => undefined);
  const nc = await connect({ servers: server.url });
  const jsm = await jetstreamManager(nc);
  for (const stream of streams) {
    await jsm.streams.delete(stream).catch(() => undefined);
    await new Kvm(nc)
      .open(`${stream}_LEASES`)
      .then((kv) => kv.destroy())
      .catch(() => undefined);
  }
  await nc.close();
});

/** A stream of the test's own, and a way to open buses on it (short leases so handovers are quick). */
function freshStream(partitions = 8) {
  const streamName = uniqueName('PARTS').toUpperCase();
  streams.push(streamName);
  const open = async (): Promise<EventBus> => {
    const bus = await createNatsBus({
      url: server.url,
      streamName,
      subjectPrefix: streamName.toLowerCase(),
      partitions,
      leaseTtlMs: 1500,
      ackWaitMs: 2000,
      pullExpiresMs: 1000,
    });
    buses.push(bus);
    return bus;
  };
  return Object.assign(open, { streamName });
}

/** Every consumer of the stream (at least `count`) has had all its messages delivered to its client. */
async function allDelivered(streamName: string, count: number): Promise<void> {
  const nc = await connect({ servers: server.url });
  try {
    const jsm = await jetstreamManager(nc);
    await waitUntil(
      async () => {
        const consumers = await jsm.consumers.list(streamName).next();
        return consumers.length >= count && consumers.every((info) => info.num_pending === 0);
      },
      'every partition fetched',
      20_000,
    );
  } finally {
    await nc.close();
  }
}

interface Handled {
  instance: string;
  event: EventEnvelope;
}

function recorder(log: Handled[], instance: string, durableName: string, extra: Partial<Subscription> = {}) {
  const subscription: Subscription = {
    durableName,
    types: ['Step', 'Other'],
    maxDeliver: 5,
    backoffMs: () => 10,
    handle: async (event) => {
      log.push({ instance, event });
    },
    ...extra,
  };
  return subscription;
}

/** First handling of each event, per subject, in the order handled; duplicates (redeliveries) dropped. */
function orderBySubject(log: Handled[]): Map<string, number[]> {
  const seen = new Set<string>();
  const bySubject = new Map<string, number[]>();
  for (const { event } of log) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    bySubject.set(event.subject, [...(bySubject.get(event.subject) ?? []), (event.data as { n: number }).n]);
  }
  return bySubject;
}

describe.skipIf(!server.available)('NATS bus: partitions shared by instances', () => {
  it('splits a durable between instances and keeps each subject in order through a join and a leave', async () => {
    const open = freshStream();
    const durable = uniqueName('shared');
    const log: Handled[] = [];
    const [a, b, c] = await Promise.all([open(), open(), open()]);
    const stopA = await a.subscribe(recorder(log, 'a', durable));
    const stopB = await b.subscribe(recorder(log, 'b', durable));

    const subjects = Array.from({ length: 40 }, (_, i) => `order-${i}`);
    let n = 0;
    const publishRound = async () => {
      for (const subject of subjects) await a.publish(testEvent('Step', subject, { n: n++ }));
    };
    await publishRound();
    // A third instance joins mid-stream, then the first leaves: partitions change hands twice.
    const stopC = await c.subscribe(recorder(log, 'c', durable));
    // The leave comes once the newcomer has its share (it has handled something); events keep coming.
    const deadline = Date.now() + 30_000;
    do {
      await publishRound();
      await waitUntil(() => log.some((h) => h.instance === 'c'), 'the third instance', 200).catch(
        () => undefined,
      );
    } while (!log.some((h) => h.instance === 'c') && Date.now() < deadline);
    await stopA();
    await publishRound();
    await waitUntil(() => new Set(log.map((h) => h.event.id)).size === n, `${n} events`, 30_000);

    for (const [subject, ns] of orderBySubject(log)) {
      expect(ns, subject).toEqual([...ns].sort((x, y) => x - y));
    }
    const byInstance = new Set(log.map((h) => h.instance));
    expect(byInstance).toEqual(new Set(['a', 'b', 'c']));
    await stopB();
    await stopC();
  });

  it('works on different subjects at once while one subject is never handled concurrently', async () => {
    const open = freshStream();
    const bus = await open();
    let inFlight = 0;
    let most = 0;
    const busy = new Set<string>();
    let overlapped = false;
    const done: string[] = [];
    const stop = await bus.subscribe({
      durableName: uniqueName('parallel'),
      types: ['Step'],
      maxDeliver: 5,
      backoffMs: () => 10,
      handle: async (event) => {
        if (busy.has(event.subject)) overlapped = true;
        busy.add(event.subject);
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight -= 1;
        busy.delete(event.subject);
        done.push(event.id);
      },
    });
    for (let i = 0; i < 80; i += 1) await bus.publish(testEvent('Step', `s-${i % 16}`, { n: i }));
    await waitUntil(() => done.length === 80, 'eighty events', 30_000);
    expect(overlapped).toBe(false);
    expect(most).toBeGreaterThan(1);
    await stop();
  });

  it('hands a backlog to a batch subscription in batches, in order per subject', async () => {
    const open = freshStream(2);
    const bus = await open();
    const batches: number[] = [];
    const log: Handled[] = [];
    for (let i = 0; i < 200; i += 1) await bus.publish(testEvent('Step', `b-${i % 5}`, { n: i }));
    const stop = await bus.subscribe(
      recorder(log, 'a', uniqueName('batches'), {
        handleBatch: async (events) => {
          batches.push(events.length);
          for (const event of events) log.push({ instance: 'a', event });
        },
      }),
    );
    await waitUntil(() => log.length >= 200, 'the backlog', 30_000);
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(batches.length).toBeLessThan(200);
    for (const [subject, ns] of orderBySubject(log)) {
      expect(ns, subject).toEqual([...ns].sort((x, y) => x - y));
    }
    await stop();
  });

  it("joins its partitions' batches: one at a time, across partitions; a failed one goes one by one", async () => {
    const open = freshStream(8);
    const bus = await open();
    const log: Handled[] = [];
    const joint: Array<Set<number>> = [];
    let running = 0;
    let overlapped = false;
    let failed = false;
    for (let i = 0; i < 240; i += 1) await bus.publish(testEvent('Step', `j-${i % 24}`, { n: i }));
    // The first batch waits until every partition's backlog has reached the instance, so that what the
    // next batch joins spans partitions however slowly the machine fetches.
    let fetched: Promise<void> | undefined;
    const stop = await bus.subscribe(
      recorder(log, 'a', uniqueName('joint'), {
        handleBatch: async (events) => {
          if (running > 0) overlapped = true;
          running += 1;
          try {
            fetched ??= allDelivered(open.streamName, 8);
            await fetched;
            await new Promise((resolve) => setImmediate(resolve));
            // The first batch holding event 7 fails as a whole: its events then come through handle.
            if (!failed && events.some((event) => (event.data as { n: number }).n === 7)) {
              failed = true;
              throw new Error('joint batch refused');
            }
            joint.push(new Set(events.map((event) => partitionOf(event.subject, 8))));
            for (const event of events) log.push({ instance: 'a', event });
          } finally {
            running -= 1;
          }
        },
      }),
    );
    await waitUntil(() => new Set(log.map((h) => h.event.id)).size === 240, 'the backlog', 30_000);
    expect(failed).toBe(true);
    expect(overlapped).toBe(false);
    expect(Math.max(...joint.map((partitions) => partitions.size))).toBeGreaterThan(1);
    for (const [subject, ns] of orderBySubject(log)) {
      expect(ns, subject).toEqual([...ns].sort((x, y) => x - y));
    }
    await stop();
  });

  it('settles a batch with one cumulative ack, the passed-over types included', async () => {
    const open = freshStream(1);
    const bus = await open();
    const durable = uniqueName('cumulative');
    const log: Handled[] = [];
    // Of several types, so it reads the whole partition and passes 'Noise' over.
    const stop = await bus.subscribe(recorder(log, 'a', durable));
    // Ends with types the durable passes over: nothing after them would ack them one by one.
    for (let i = 0; i < 30; i += 1) {
      await bus.publish(testEvent(i % 3 === 0 ? 'Step' : 'Noise', `c-${i % 4}`, { n: i }));
    }
    await waitUntil(() => log.length === 10, 'ten steps');
    const nc = await connect({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    const stream = streams.at(-1) as string;
    let info = await jsm.consumers.info(stream, `${durable}_p0`);
    await waitUntil(
      async () => {
        info = await jsm.consumers.info(stream, `${durable}_p0`);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      'every message settled',
      10_000,
    );
    // Left unacknowledged, the passed-over messages would have been settled only by their redelivery.
    expect(info.num_redelivered).toBe(0);
    expect(info.config.ack_policy).toBe(AckPolicy.All);
    await nc.close();
    await stop();
  });

  it('replaces a durable that acked each message by one resuming after its ack floor', async () => {
    const open = freshStream(1);
    const bus = await open();
    const stream = streams.at(-1) as string;
    const durable = uniqueName('upgraded');
    for (let i = 0; i < 5; i += 1) await bus.publish(testEvent('Step', 'u', { n: i }));
    const nc = await connect({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.add(stream, {
      durable_name: `${durable}_p0`,
      ack_policy: AckPolicy.Explicit,
      filter_subject: `${stream.toLowerCase()}.0.*`,
    });
    // The old durable had handled the first three.
    const old = await jetstream(nc).consumers.get(stream, `${durable}_p0`);
    for (let i = 0; i < 3; i += 1) {
      const m = await old.next({ expires: 5_000 });
      await m?.ackAck();
    }
    const log: Handled[] = [];
    const stop = await bus.subscribe(recorder(log, 'a', durable));
    await waitUntil(() => log.length === 2, 'the two left');
    expect(log.map((h) => (h.event.data as { n: number }).n)).toEqual([3, 4]);
    expect((await jsm.consumers.info(stream, `${durable}_p0`)).config.ack_policy).toBe(AckPolicy.All);
    await nc.close();
    await stop();
  });

  it('retries a failing event in place: nothing of its subject overtakes it', async () => {
    const open = freshStream(1);
    const bus = await open();
    const log: Handled[] = [];
    let failures = 0;
    const stop = await bus.subscribe(
      recorder(log, 'a', uniqueName('retry'), {
        handle: async (event) => {
          if ((event.data as { n: number }).n === 1 && failures < 3) {
            failures += 1;
            throw new Error('not yet');
          }
          log.push({ instance: 'a', event });
        },
      }),
    );
    for (let i = 0; i < 4; i += 1) await bus.publish(testEvent('Step', 'same', { n: i }));
    await waitUntil(() => log.length === 4, 'four events');
    expect(log.map((h) => (h.event.data as { n: number }).n)).toEqual([0, 1, 2, 3]);
    expect(failures).toBe(3);
    await stop();
  });
});
