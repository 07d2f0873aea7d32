import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from './event-envelope.js';
import type { EventBus, Subscription } from './event-bus.js';
import { testEvent, uniqueName, waitUntil } from './messaging-test-kit.js';

export interface EventBusFixture {
  /** False when the adapter's server is missing (the suite then skips visibly; under CI it already failed). */
  available: boolean;
  /** A new bus on the same underlying stream/broker each call (so a durable can move between buses). */
  open(): Promise<EventBus>;
  /** Removes what the suite created (e.g. the JetStream stream). */
  cleanup?(): Promise<void>;
  /** The names of the broker-side consumers that exist now, where the broker has such things. */
  consumerNames?(): Promise<string[]>;
}

/** The EventBus port's contract, run against every adapter. */
export function eventBusContract(name: string, fixture: () => Promise<EventBusFixture>): void {
  describe(`event bus port: ${name}`, async () => {
    const f = await fixture();
    let bus: EventBus;

    beforeAll(async () => {
      if (f.available) bus = await f.open();
    });
    afterAll(async () => {
      if (!f.available) return;
      await bus.close();
      await f.cleanup?.();
    });

    const recorder = (
      types: string[],
      durableName = uniqueName('durable'),
      extra: Partial<Subscription> = {},
    ) => {
      const received: EventEnvelope[] = [];
      const subscription: Subscription = {
        durableName,
        types,
        maxDeliver: 5,
        backoffMs: () => 10,
        handle: async (event) => {
          received.push(event);
        },
        ...extra,
      };
      return { received, subscription };
    };

    describe.skipIf(!f.available)('delivery', () => {
      it('answers a readiness ping while open', async () => {
        await expect(bus.ping()).resolves.toBeUndefined();
      });

      it('delivers the subscribed types in publish order and nothing else', async () => {
        const [wanted, other] = [uniqueName('Wanted'), uniqueName('Other')];
        const { received, subscription } = recorder([wanted]);
        const unsubscribe = await bus.subscribe(subscription);
        await bus.publish(testEvent(other, 's1'));
        const events = [1, 2, 3].map((n) => testEvent(wanted, 's1', { n }));
        for (const e of events) await bus.publish(e);
        await waitUntil(() => received.length >= 3, 'three events');
        // The other type was published first: had it been delivered, it would be first here.
        expect(received.map((e) => e.id)).toEqual(events.map((e) => e.id));
        expect(received[0]).toEqual(events[0]);
        await unsubscribe();
      });

      it('keeps publish order per subject across several types', async () => {
        const [a, b] = [uniqueName('TypeA'), uniqueName('TypeB')];
        const { received, subscription } = recorder([a, b]);
        const unsubscribe = await bus.subscribe(subscription);
        const events = Array.from({ length: 20 }, (_, i) =>
          testEvent(i % 3 === 0 ? a : b, `subject-${i % 2}`, { i }),
        );
        for (const e of events) await bus.publish(e);
        await waitUntil(() => received.length >= 20, 'twenty events');
        for (const subject of ['subject-0', 'subject-1']) {
          expect(received.filter((e) => e.subject === subject).map((e) => e.id)).toEqual(
            events.filter((e) => e.subject === subject).map((e) => e.id),
          );
        }
        await unsubscribe();
      });

      it('delivers an event id published twice once', async () => {
        const type = uniqueName('Dup');
        const { received, subscription } = recorder([type]);
        const unsubscribe = await bus.subscribe(subscription);
        const [first, last] = [testEvent(type, 's'), testEvent(type, 's')];
        await bus.publish(first);
        await bus.publish(first);
        await bus.publish(last);
        await waitUntil(() => received.some((e) => e.id === last.id), 'the last event');
        expect(received.map((e) => e.id)).toEqual([first.id, last.id]);
        await unsubscribe();
      });

      it('resumes a durable subscription where it left off, from another bus instance too', async () => {
        const type = uniqueName('Durable');
        const durable = uniqueName('resume');
        const first = recorder([type], durable);
        const unsubscribe = await bus.subscribe(first.subscription);
        const e1 = testEvent(type, 's');
        await bus.publish(e1);
        await waitUntil(() => first.received.length === 1, 'the first event');
        await unsubscribe();

        const [e2, e3] = [testEvent(type, 's'), testEvent(type, 's')];
        await bus.publish(e2);
        await bus.publish(e3);
        const second = recorder([type], durable);
        const otherBus = await f.open();
        const again = await otherBus.subscribe(second.subscription);
        await waitUntil(() => second.received.length >= 2, 'the two events published while away');
        expect(second.received.map((e) => e.id)).toEqual([e2.id, e3.id]);
        expect(first.received.map((e) => e.id)).toEqual([e1.id]);
        await again();
        if (otherBus !== bus) await otherBus.close();
      });

      it('redelivers a failed event after its backoff until it succeeds', async () => {
        const type = uniqueName('Retry');
        const attempts: { attempt: number; at: number }[] = [];
        const { received, subscription } = recorder([type], uniqueName('retry'), {
          backoffMs: (attempt) => attempt * 60,
          handle: async (event, delivery) => {
            attempts.push({ attempt: delivery.attempt, at: Date.now() });
            if (delivery.attempt < 3) throw new Error('not yet');
            received.push(event);
          },
        });
        const unsubscribe = await bus.subscribe(subscription);
        const event = testEvent(type, 's');
        await bus.publish(event);
        await waitUntil(() => received.length === 1, 'success on the third attempt');
        expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
        const [one, two, three] = attempts.map((a) => a.at) as [number, number, number];
        expect(two - one).toBeGreaterThanOrEqual(50);
        expect(three - two).toBeGreaterThanOrEqual(100);
        await unsubscribe();
      });

      it('gives every broadcast subscription every event, on any bus instance, and keeps nothing after', async () => {
        const type = uniqueName('Live');
        // One name for all three: a broadcast name only labels the feed, it never shares one.
        const label = uniqueName('live');
        const a = recorder([type], label, { broadcast: true });
        const b = recorder([type], label, { broadcast: true });
        const otherBus = await f.open();
        const stopA = await bus.subscribe(a.subscription);
        const stopB = await otherBus.subscribe(b.subscription);
        const events = [1, 2, 3].map((n) => testEvent(type, 's', { n }));
        for (const e of events) await bus.publish(e);
        await waitUntil(() => a.received.length >= 3 && b.received.length >= 3, 'both feeds');
        expect(a.received.map((e) => e.id)).toEqual(events.map((e) => e.id));
        expect(b.received.map((e) => e.id)).toEqual(events.map((e) => e.id));

        await stopA();
        const c = recorder([type], label, { broadcast: true });
        const stopC = await bus.subscribe(c.subscription);
        const last = testEvent(type, 's');
        await bus.publish(last);
        await waitUntil(() => b.received.length >= 4 && c.received.length >= 1, 'the last event');
        // A new feed starts now (none of the earlier events); a stopped one receives nothing more.
        expect(c.received.map((e) => e.id)).toEqual([last.id]);
        expect(a.received).toHaveLength(3);
        await stopB();
        await stopC();
        if (f.consumerNames !== undefined) {
          const feedLabel = label.replace(/[.*>\s]/g, '_');
          expect((await f.consumerNames()).filter((n) => n.includes(feedLabel))).toEqual([]);
        }
        if (otherBus !== bus) await otherBus.close();
      });

      it('skips an event whose broadcast handler fails, without retrying it', async () => {
        const type = uniqueName('LiveFail');
        const tries = new Map<string, number>();
        const { received, subscription } = recorder([type], uniqueName('live'), {
          broadcast: true,
          handle: async (event) => {
            tries.set(event.id, (tries.get(event.id) ?? 0) + 1);
            if (event.data !== 'good') throw new Error('cannot push this one');
            received.push(event);
          },
        });
        const unsubscribe = await bus.subscribe(subscription);
        const [bad, good] = [testEvent(type, 's', 'bad'), testEvent(type, 's', 'good')];
        await bus.publish(bad);
        await bus.publish(good);
        await waitUntil(() => received.length === 1, 'the event after the failing one');
        // Publish order holds, so a retry of the failed event would have come before the good one.
        expect(tries.get(bad.id)).toBe(1);
        await unsubscribe();
      });

      it('gives up on an event after maxDeliver deliveries and goes on', async () => {
        const type = uniqueName('Poison');
        const tries = new Map<string, number>();
        const { received, subscription } = recorder([type], uniqueName('poison'), {
          maxDeliver: 3,
          handle: async (event, delivery) => {
            tries.set(event.id, delivery.attempt);
            if (event.data !== 'good') throw new Error('poison');
            received.push(event);
          },
        });
        const unsubscribe = await bus.subscribe(subscription);
        const [bad, good] = [testEvent(type, 's', 'bad'), testEvent(type, 's', 'good')];
        await bus.publish(bad);
        await bus.publish(good);
        await waitUntil(() => received.length === 1, 'the good event after the poison one');
        expect(tries.get(bad.id)).toBe(3);
        await unsubscribe();
      });
    });
  });
}
