import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { createEventSchemaRegistry } from './event-schema-registry.js';
import { createEventStore } from './event-store.js';
import { MessagingErrors } from './messaging-errors.js';
import type { MessagingSqlFixture } from './messaging-sql-fixture.js';
import { testEvent, uniqueName, waitUntil } from './messaging-test-kit.js';
import { createOutbox } from './outbox.js';
import { isUniqueViolation } from '../db/sql-errors.js';

/** The event store on one SQL adapter. */
export function eventStoreContract(name: string, fixture: () => Promise<MessagingSqlFixture>): void {
  describe(`event store: ${name}`, async () => {
    const f = await fixture();

    describe.skipIf(!f.available)('streams', () => {
      it('appends with an expected version and reads the stream back as sent', async () => {
        const schema = await f.freshSchema();
        const store = createEventStore(f.sql, schema);
        const stream = uniqueName('order');
        const events = [
          testEvent('OrderCreated', stream, { n: 1 }),
          testEvent('OrderConfirmed', stream, { n: 2 }),
        ];
        const first = await f.sql.transaction((tx) => store.append(tx, stream, 0, events));
        expect(first.nextVersion).toBe(2);
        expect(first.positions).toHaveLength(2);
        expect(first.positions[1]).toBeGreaterThan(first.positions[0] as number);
        const next = testEvent('OrderPrepared', stream, { n: 3 });
        const second = await f.sql.transaction((tx) => store.append(tx, stream, 2, [next]));
        expect(second.nextVersion).toBe(3);

        const read = await store.readStream(stream);
        expect(read.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
        expect(read[0]).toEqual({
          ...events[0],
          streamId: stream,
          streamVersion: 1,
          position: first.positions[0],
        });
        expect((await store.readStream(stream, { fromVersion: 3 })).map((e) => e.id)).toEqual([next.id]);
        const all = await store.readAll(first.positions[0] as number, 10);
        expect(all.map((e) => e.id)).toEqual([events[1]?.id, next.id]);
      });

      it('refuses a stale expected version with VERSION_CONFLICT and appends nothing', async () => {
        const schema = await f.freshSchema();
        const store = createEventStore(f.sql, schema);
        const stream = uniqueName('order');
        await f.sql.transaction((tx) => store.append(tx, stream, 0, [testEvent('A', stream)]));
        await expect(
          f.sql.transaction((tx) => store.append(tx, stream, 0, [testEvent('B', stream)])),
        ).rejects.toThrowCode(MessagingErrors.VERSION_CONFLICT);
        await expect(
          f.sql.transaction((tx) => store.append(tx, stream, 2, [testEvent('B', stream)])),
        ).rejects.toThrowCode(MessagingErrors.VERSION_CONFLICT);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('lets exactly one of several concurrent appends at one version win', async () => {
        const schema = await f.freshSchema();
        const store = createEventStore(f.sql, schema);
        const stream = uniqueName('order');
        const results = await Promise.allSettled(
          Array.from({ length: 5 }, (_, i) =>
            f.sql.transaction((tx) =>
              store.append(tx, stream, 0, [testEvent('OrderCreated', stream, { i })]),
            ),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results.filter((r) => r.status === 'rejected')) {
          expect((r as PromiseRejectedResult).reason).toThrowCode(MessagingErrors.VERSION_CONFLICT);
        }
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it.skipIf(f.sql?.dialect !== 'postgres')(
        'turns the unique-constraint clash of two transactions past the version check into VERSION_CONFLICT',
        async () => {
          const schema = await f.freshSchema();
          const store = createEventStore(f.sql, schema);
          const stream = uniqueName('order');
          let release!: () => void;
          const gate = new Promise<void>((resolve) => (release = resolve));
          let firstAppended = false;
          // The first transaction appends and stays open; the second passes the version check (it cannot
          // see the uncommitted row) and blocks on the unique key until the first commits.
          const first = f.sql.transaction(async (tx) => {
            await store.append(tx, stream, 0, [testEvent('OrderCreated', stream, { who: 1 })]);
            firstAppended = true;
            await gate;
          });
          await waitUntil(() => firstAppended, 'the first append');
          const second = f.sql.transaction((tx) =>
            store.append(tx, stream, 0, [testEvent('OrderCreated', stream, { who: 2 })]),
          );
          await waitUntil(async () => {
            const waiting = await f.sql.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%${schema}.append_events%'`,
            );
            return (waiting.rows[0]?.n ?? 0) > 0;
          }, 'the second append to wait on the unique key');
          release();
          await first;
          await expect(second).rejects.toThrowCode(MessagingErrors.VERSION_CONFLICT);
          const read = await store.readStream(stream);
          expect(read.map((e) => e.data)).toEqual([{ who: 1 }]);
        },
      );

      it('writes to the outbox in the same transaction when asked, and neither on rollback', async () => {
        const schema = await f.freshSchema();
        const store = createEventStore(f.sql, schema, { outbox: createOutbox(schema) });
        const stream = uniqueName('order');
        const event = testEvent('OrderCreated', stream);
        await f.sql.transaction((tx) => store.append(tx, stream, 0, [event], { publish: true }));
        const rolledBack = testEvent('OrderConfirmed', stream);
        await expect(
          f.sql.transaction(async (tx) => {
            await store.append(tx, stream, 1, [rolledBack], { publish: true });
            throw new Error('the state change failed');
          }),
        ).rejects.toThrow('the state change failed');
        const outbox = await f.sql.query<{ event_id: string }>(
          `SELECT event_id FROM ${schema}.outbox ORDER BY id`,
        );
        expect(outbox.rows.map((r) => r.event_id)).toEqual([event.id]);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('fails an append whose event is in the outbox already as the outbox would, not as a version conflict', async () => {
        const schema = await f.freshSchema();
        const outbox = createOutbox(schema);
        const store = createEventStore(f.sql, schema, { outbox });
        const stream = uniqueName('order');
        const event = testEvent('OrderCreated', stream);
        await f.sql.transaction((tx) => outbox.add(tx, [event]));
        const failure = await f.sql
          .transaction((tx) => store.append(tx, stream, 0, [event], { publish: true }))
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        expect(isUniqueViolation(failure)).toBe(true);
        expect(await store.readStream(stream)).toHaveLength(0);
      });

      it('validates events against the schema registry before appending', async () => {
        const schema = await f.freshSchema();
        const registry = createEventSchemaRegistry().register(
          'OrderCreated',
          1,
          Type.Object({ total: Type.Integer() }),
        );
        const store = createEventStore(f.sql, schema, { registry });
        const stream = uniqueName('order');
        await expect(
          f.sql.transaction((tx) =>
            store.append(tx, stream, 0, [testEvent('OrderCreated', stream, { total: 'x' })]),
          ),
        ).rejects.toThrowCode(MessagingErrors.INVALID_EVENT);
        await expect(
          f.sql.transaction((tx) => store.append(tx, stream, 0, [testEvent('Unknown', stream, {})])),
        ).rejects.toThrowCode(MessagingErrors.INVALID_EVENT);
        await f.sql.transaction((tx) =>
          store.append(tx, stream, 0, [testEvent('OrderCreated', stream, { total: 100 })]),
        );
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });
  });
}
