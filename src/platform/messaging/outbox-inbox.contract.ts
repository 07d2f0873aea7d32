import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger.js';
import { createConsumer, type Consumer } from './consumer-runner.js';
import { getDeadLetter, listDeadLetters, redriveDeadLetter } from './dead-letters.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventBus } from './event-bus.js';
import { createEventSchemaRegistry } from './event-schema-registry.js';
import { createInProcessBus } from './in-process-bus.js';
import { MessagingErrors } from './messaging-errors.js';
import type { MessagingSqlFixture } from './messaging-sql-fixture.js';
import { holdRelayLock, testEvent, uniqueName, waitUntil } from './messaging-test-kit.js';
import { createOutbox } from './outbox.js';
import { createOutboxRelay } from './outbox-relay.js';

const log = silentLogger();

/** Outbox, relay, inbox consumer and dead letters on one SQL adapter, over the in-process bus. */
export function outboxInboxContract(name: string, fixture: () => Promise<MessagingSqlFixture>): void {
  describe(`outbox, relay, inbox and DLQ: ${name}`, async () => {
    const f = await fixture();

    /** A consumer whose effect is one row per application, so duplicates would show as extra rows. */
    const countingConsumer = (
      schema: string,
      bus: EventBus,
      types: string[],
      extra: { fail?: () => boolean } = {},
    ) =>
      createConsumer({
        sql: f.sql,
        schema,
        bus,
        name: uniqueName('consumer'),
        types,
        maxAttempts: 3,
        backoff: () => 5,
        log,
        handle: async (event, tx) => {
          if (extra.fail?.()) throw new Error(`handler refused ${event.id}`);
          await tx.query(`INSERT INTO ${schema}.effects (event_id, consumer) VALUES ($1, 'c')`, [event.id]);
        },
      });

    const effects = async (schema: string) =>
      (await f.sql.query<{ event_id: string }>(`SELECT event_id FROM ${schema}.effects`)).rows.map(
        (r) => r.event_id,
      );

    const addEvents = async (
      schema: string,
      outbox: ReturnType<typeof createOutbox>,
      type: string,
      n: number,
    ) => {
      const events = Array.from({ length: n }, (_, i) => testEvent(type, `subject-${i % 3}`, { i }));
      await f.sql.transaction((tx) => outbox.add(tx, events));
      return events;
    };

    describe.skipIf(!f.available)('delivery', () => {
      it('relays outbox rows in order, wakes on a local add, and marks them published', async () => {
        const schema = await f.freshSchema();
        const bus = createInProcessBus();
        const outbox = createOutbox(schema);
        const type = uniqueName('Placed');
        const seen: EventEnvelope[] = [];
        await bus.subscribe({
          durableName: 'watch',
          types: [type],
          maxDeliver: 3,
          backoffMs: () => 5,
          handle: async (e) => void seen.push(e),
        });
        // A poll far longer than the test: only the add's wake-up can deliver in time.
        const relay = createOutboxRelay({ sql: f.sql, schema, bus, log, pollMs: 60_000, outbox });
        relay.start();
        await relay.flush();
        const events = await addEvents(schema, outbox, type, 12);
        await waitUntil(() => seen.length === 12, 'twelve relayed events', 5000);
        expect(seen.map((e) => e.id)).toEqual(events.map((e) => e.id));
        await waitUntil(async () => {
          const left = await f.sql.query(`SELECT 1 FROM ${schema}.outbox WHERE published_at IS NULL`);
          return left.rows.length === 0;
        }, 'every row marked');
        await relay.stop();
        await bus.close();
      });

      it('applies each event once per consumer when fed twice (inbox)', async () => {
        const schema = await f.freshSchema();
        const bus = createInProcessBus();
        const consumer = countingConsumer(schema, bus, ['X']);
        const event = testEvent('X', 's');
        expect(await consumer.deliver(event)).toBe('applied');
        expect(await consumer.deliver(event)).toBe('duplicate');
        await consumer.whenProcessed(event.id);
        expect(await effects(schema)).toEqual([event.id]);
        await expect(consumer.whenProcessed(testEvent('X', 's').id, { timeoutMs: 50 })).rejects.toThrowCode(
          MessagingErrors.TIMEOUT,
        );
        await bus.close();
      });

      it('fault: a relay stopped mid-batch and a crash between publish and mark lose nothing and apply nothing twice', async () => {
        const schema = await f.freshSchema();
        // No broker dedup here, so the republished event really reaches the consumer's inbox.
        const inner = createInProcessBus({ dedupWindow: 0 });
        const outbox = createOutbox(schema);
        const type = uniqueName('Paid');
        const consumer = countingConsumer(schema, inner, [type]);
        await consumer.start();
        let published = 0;
        let crashAt = 7;
        let stopAt = 15;
        const first: { relay?: ReturnType<typeof createOutboxRelay> } = {};
        let stopped: Promise<void> | undefined;
        const flaky: EventBus = {
          ...inner,
          publish: async (event) => {
            await inner.publish(event);
            published += 1;
            if (published === crashAt) throw new Error('connection lost before the ack was recorded');
            if (published === stopAt) stopped = first.relay?.stop();
          },
        };
        const events = await addEvents(schema, outbox, type, 30);
        const relay = createOutboxRelay({
          sql: f.sql,
          schema,
          bus: flaky,
          log,
          batchSize: 10,
          pollMs: 20,
          retryMs: 5,
        });
        first.relay = relay;
        relay.start();
        await waitUntil(() => stopped !== undefined, 'the relay to be stopped mid-batch');
        await stopped;
        const pending = await f.sql.query(`SELECT 1 FROM ${schema}.outbox WHERE published_at IS NULL`);
        expect(pending.rows.length).toBeGreaterThan(0);

        crashAt = -1;
        stopAt = -1;
        const restarted = createOutboxRelay({
          sql: f.sql,
          schema,
          bus: flaky,
          log,
          batchSize: 10,
          pollMs: 20,
        });
        restarted.start();
        for (const e of events) await consumer.whenProcessed(e.id);
        // 30 events plus those republished after the simulated crash: the failed 7th and the three its batch
        // of ten had sent out with it (a batch's publishes go out together); the consumer applies each once.
        expect(published).toBe(34);
        const applied = await effects(schema);
        expect(applied).toHaveLength(30);
        expect(new Set(applied)).toEqual(new Set(events.map((e) => e.id)));
        await restarted.stop();
        await consumer.stop();
        await inner.close();
      });

      it('fault: a failing event goes to the DLQ after maxAttempts, then is redriven once and applied', async () => {
        const schema = await f.freshSchema();
        const bus = createInProcessBus();
        let failing = true;
        let calls = 0;
        const consumer = countingConsumer(schema, bus, ['Y'], { fail: () => (calls++, failing) });
        await consumer.start();
        const poison = testEvent('Y', 's');
        const fine = testEvent('Y', 's');
        await bus.publish(poison);
        await consumer.whenProcessed(poison.id);
        expect(calls).toBe(3);
        failing = false;
        await bus.publish(fine);
        await consumer.whenProcessed(fine.id);

        const letters = await listDeadLetters(f.sql, schema);
        expect(letters).toHaveLength(1);
        const letter = letters[0];
        if (letter === undefined) throw new Error('expected one dead letter');
        expect(letter).toMatchObject({
          consumer: consumer.name,
          eventId: poison.id,
          attempts: 3,
          redrivenAt: null,
        });
        expect(letter.event).toEqual(poison);
        expect(letter.error).toContain('handler refused');
        expect(await effects(schema)).toEqual([fine.id]);

        // A stray redelivery of a dead-lettered event does not apply it behind the operator's back.
        expect(await consumer.deliver(poison, 1)).toBe('dead-lettered');

        failing = true;
        await expect(redriveDeadLetter(f.sql, schema, letter.id, [consumer])).rejects.toThrowCode(
          MessagingErrors.REDRIVE_FAILED,
        );
        expect((await getDeadLetter(f.sql, schema, letter.id)).attempts).toBe(4);

        failing = false;
        await redriveDeadLetter(f.sql, schema, letter.id, [consumer]);
        await redriveDeadLetter(f.sql, schema, letter.id, [consumer]); // a second redrive changes nothing
        expect((await getDeadLetter(f.sql, schema, letter.id)).redrivenAt).toBeInstanceOf(Date);
        expect(await listDeadLetters(f.sql, schema)).toEqual([]);
        expect(await listDeadLetters(f.sql, schema, { includeRedriven: true })).toHaveLength(1);
        expect((await effects(schema)).sort()).toEqual([fine.id, poison.id].sort());
        expect(await consumer.deliver(poison, 1)).toBe('duplicate');
        await expect(getDeadLetter(f.sql, schema, 999_999)).rejects.toThrowCode(
          MessagingErrors.DEAD_LETTER_NOT_FOUND,
        );
        await consumer.stop();
        await bus.close();
      });

      it('dead-letters an event that fails its schema on consume without retrying', async () => {
        const schema = await f.freshSchema();
        const bus = createInProcessBus();
        const registry = createEventSchemaRegistry().register('Z', 1, Type.Object({ qty: Type.Integer() }));
        let calls = 0;
        const consumer: Consumer = createConsumer({
          sql: f.sql,
          schema,
          bus,
          name: 'validating',
          types: ['Z'],
          log,
          registry,
          handle: async () => void calls++,
        });
        expect(await consumer.deliver(testEvent('Z', 's', { qty: 'many' }))).toBe('dead-lettered');
        expect(await consumer.deliver(testEvent('Z', 's', { qty: 2 }))).toBe('applied');
        expect(calls).toBe(1);
        const [letter] = await listDeadLetters(f.sql, schema);
        expect(letter?.error).toContain(MessagingErrors.INVALID_EVENT);
        await bus.close();
      });

      it.skipIf(f.sql?.dialect !== 'postgres')(
        'lets one relay per schema publish at a time (advisory lock)',
        async () => {
          const schema = await f.freshSchema();
          const bus = createInProcessBus();
          const outbox = createOutbox(schema);
          await addEvents(schema, outbox, 'Locked', 3);
          const relay = createOutboxRelay({ sql: f.sql, schema, bus, log });
          // Another instance's relay, mid-batch: it holds the schema's lock.
          const release = await holdRelayLock(f.sql, schema);
          expect(await relay.flush()).toBe(0);
          await release();
          expect(await relay.flush()).toBe(3);
          await bus.close();
        },
      );
    });
  });
}
