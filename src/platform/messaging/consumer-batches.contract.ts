import { describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger.js';
import { createConsumer } from './consumer-runner.js';
import { listDeadLetters } from './dead-letters.js';
import type { EventEnvelope } from './event-envelope.js';
import { createInProcessBus } from './in-process-bus.js';
import type { MessagingSqlFixture } from './messaging-sql-fixture.js';
import { testEvent, uniqueName, waitUntil } from './messaging-test-kit.js';

const log = silentLogger();

/** A consumer's batches on one SQL adapter: one transaction for many events, all or nothing. */
export function consumerBatchesContract(name: string, fixture: () => Promise<MessagingSqlFixture>): void {
  describe(`consumer batches: ${name}`, async () => {
    const f = await fixture();

    /** A consumer writing one effect row per application; `refuse` names events its handler throws on. */
    const consumerOn = (schema: string, refuse: Set<string> = new Set()) => {
      const handled: string[] = [];
      const bus = createInProcessBus();
      const consumer = createConsumer({
        sql: f.sql,
        schema,
        bus,
        name: uniqueName('batching'),
        types: ['Batched'],
        batch: true,
        maxAttempts: 2,
        backoff: () => 5,
        log,
        handle: async (event, tx) => {
          handled.push(event.id);
          if (refuse.has(event.id)) throw new Error(`refused ${event.id}`);
          await tx.query(`INSERT INTO ${schema}.effects (event_id, consumer) VALUES ($1, 'c')`, [event.id]);
        },
      });
      return { bus, consumer, handled };
    };

    const effects = async (schema: string) =>
      (
        await f.sql.query<{ event_id: string }>(`SELECT event_id FROM ${schema}.effects ORDER BY event_id`)
      ).rows.map((r) => r.event_id);
    const events = (n: number) => Array.from({ length: n }, (_, i) => testEvent('Batched', 's', { i }));

    describe.skipIf(!f.available)('deliverBatch', () => {
      it('applies new events once, in order, and skips those already applied', async () => {
        const schema = await f.freshSchema();
        const { consumer, handled, bus } = consumerOn(schema);
        const [first, ...rest] = events(5) as [EventEnvelope, ...EventEnvelope[]];
        expect(await consumer.deliver(first)).toBe('applied');
        // The same event twice in one batch, and one already applied: each takes effect once.
        await consumer.deliverBatch([first, ...rest, rest[0] as EventEnvelope]);
        expect(handled).toEqual([first.id, ...rest.map((e) => e.id)]);
        expect(await effects(schema)).toEqual([first, ...rest].map((e) => e.id).sort());
        expect(await consumer.deliver(rest[1] as EventEnvelope)).toBe('duplicate');
        await consumer.whenProcessed((rest.at(-1) as EventEnvelope).id, { timeoutMs: 1000 });
        await bus.close();
      });

      it('writes nothing of a batch whose handler fails on one event, and rethrows', async () => {
        const schema = await f.freshSchema();
        const batch = events(4);
        const poison = batch[2] as EventEnvelope;
        const { consumer, bus } = consumerOn(schema, new Set([poison.id]));
        await expect(consumer.deliverBatch(batch)).rejects.toThrow(`refused ${poison.id}`);
        expect(await effects(schema)).toEqual([]);
        // Nothing was recorded in the inbox either: each event still applies on its own delivery.
        expect(await consumer.deliver(batch[0] as EventEnvelope)).toBe('applied');
        await bus.close();
      });

      it('through the bus: a poison event in a batch is dead-lettered alone, the others apply once', async () => {
        const schema = await f.freshSchema();
        const batch = events(12);
        const poison = batch[5] as EventEnvelope;
        const { consumer, bus, handled } = consumerOn(schema, new Set([poison.id]));
        await consumer.start();
        // Published in one go: the queue holds them all when the consumer's turn comes.
        for (const event of batch) await bus.publish(event);
        await waitUntil(async () => (await effects(schema)).length === 11, 'the eleven good events', 10_000);
        await waitUntil(
          async () => (await listDeadLetters(f.sql, schema)).length === 1,
          'the poison event in the DLQ',
        );
        const [letter] = await listDeadLetters(f.sql, schema);
        expect(letter?.eventId).toBe(poison.id);
        // The events before the poison were handled twice: in the failed batch, then each on its own.
        expect(handled.filter((id) => id === batch[0]?.id)).toHaveLength(2);
        expect(await effects(schema)).toEqual(
          batch
            .filter((e) => e !== poison)
            .map((e) => e.id)
            .sort(),
        );
        await consumer.stop();
        await bus.close();
      });

      it('leaves out events waiting in the dead-letter queue', async () => {
        const schema = await f.freshSchema();
        const batch = events(3);
        const stuck = batch[1] as EventEnvelope;
        const { consumer, bus } = consumerOn(schema, new Set([stuck.id]));
        expect(await consumer.deliver(stuck, 2)).toBe('dead-lettered');
        await consumer.deliverBatch(batch);
        expect(await effects(schema)).toEqual(
          [batch[0], batch[2]].map((e) => (e as EventEnvelope).id).sort(),
        );
        await bus.close();
      });

      it('refuses batches for a consumer not made for them', async () => {
        const schema = await f.freshSchema();
        const bus = createInProcessBus();
        const consumer = createConsumer({
          sql: f.sql,
          schema,
          bus,
          name: uniqueName('single'),
          types: ['Batched'],
          log,
          handle: async () => undefined,
        });
        await expect(consumer.deliverBatch(events(2))).rejects.toThrow('one by one');
        await bus.close();
      });

      it('prepares a batch at once when its prepare is repeatable; a failed batch prepares each again alone', async () => {
        const schema = await f.freshSchema();
        const bus = createInProcessBus();
        const batch = events(3);
        const poison = batch[1] as EventEnvelope;
        const preparedAlone: string[] = [];
        const preparedTogether: string[][] = [];
        const consumer = createConsumer({
          sql: f.sql,
          schema,
          bus,
          name: uniqueName('repeatable'),
          types: ['Batched'],
          batch: true,
          prepareRepeatable: true,
          maxAttempts: 1,
          log,
          prepare: async (event) => void preparedAlone.push(event.id),
          prepareMany: async (many) => {
            preparedTogether.push(many.map((event) => event.id));
            return many.map(() => undefined);
          },
          handle: async (event, tx) => {
            if (event.id === poison.id) throw new Error(`refused ${event.id}`);
            await tx.query(`INSERT INTO ${schema}.effects (event_id, consumer) VALUES ($1, 'c')`, [event.id]);
          },
        });
        await expect(consumer.deliverBatch(batch)).rejects.toThrow(`refused ${poison.id}`);
        expect(preparedTogether).toEqual([batch.map((e) => e.id)]);
        for (const event of batch) await consumer.deliver(event);
        expect(preparedAlone).toEqual(batch.map((e) => e.id));
        expect(await effects(schema)).toEqual(
          [batch[0], batch[2]].map((e) => (e as EventEnvelope).id).sort(),
        );
        // Applied or dead-lettered: a later batch prepares none of them again.
        await consumer.deliverBatch(batch);
        expect(preparedTogether).toHaveLength(1);
        await bus.close();
      });

      it('refuses batches for a consumer whose prepare step is not repeatable', async () => {
        const schema = await f.freshSchema();
        const bus = createInProcessBus();
        let sends = 0;
        const consumer = createConsumer({
          sql: f.sql,
          schema,
          bus,
          name: uniqueName('sending'),
          types: ['Batched'],
          batch: true,
          log,
          prepare: async () => void sends++,
          handle: async () => undefined,
        });
        await expect(consumer.deliverBatch(events(2))).rejects.toThrow('one by one');
        expect(sends).toBe(0);
        await bus.close();
      });
    });
  });
}
