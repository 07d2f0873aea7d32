import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { countingSql, type CountingSql } from '../../../test/support/counting-sql.js';
import { requireServer } from '../../../test/support/require-server.js';
import { createTestSql } from '../../../test/support/test-sql.js';
import { createPostgresSql } from '../db/postgres-sql.js';
import { silentLogger } from '../observability/logger.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventBus } from './event-bus.js';
import { messagingSqlFixture, type MessagingSqlFixture } from './messaging-sql-fixture.js';
import { holdRelayLock, testEvent, waitUntil } from './messaging-test-kit.js';
import { createOutbox, type Outbox } from './outbox.js';
import { createOutboxRelay, type OutboxRelay } from './outbox-relay.js';

const log = silentLogger();
const server = await requireServer('DATABASE_URL');
const fixtures: Array<[string, () => Promise<MessagingSqlFixture>]> = [
  ['PGlite', messagingSqlFixture(true, createTestSql)],
  [
    'PostgreSQL',
    messagingSqlFixture(server.available, () => createPostgresSql({ url: server.url, poolSize: 6 })),
  ],
];
for (const [name, fixture] of fixtures) relayPollingSuite(name, fixture);
afterAll(async () => {
  for (const [, fixture] of fixtures) await (await fixture()).close();
});

/** What a relay asks of its database, counted through a wrapped Sql. */
interface Counts {
  /** Statements sent, BEGIN and COMMIT included. */
  roundTrips: number;
  transactions: number;
  /** Reads of the outbox (a batch's select, or the idle check) that have been answered. */
  reads: number;
}

function countsOf(sql: CountingSql): Counts {
  return {
    roundTrips: sql.statements.length + 2 * sql.transactions,
    transactions: sql.transactions,
    reads: sql.statements.filter(
      ({ text, answered }) => answered && /^\s*(WITH|SELECT)\b/i.test(text) && /\.outbox\b/.test(text),
    ).length,
  };
}

function relayPollingSuite(name: string, fixture: () => Promise<MessagingSqlFixture>): void {
  describe(`outbox relay polling: ${name}`, async () => {
    const f = await fixture();
    const relays: OutboxRelay[] = [];

    /** A started relay on a counting Sql, with a poll far longer than any test unless given. */
    const startRelay = async (options: { batchSize?: number; pollMs?: number; bus?: EventBus } = {}) => {
      const schema = await f.freshSchema();
      const outbox = createOutbox(schema);
      const counted = countingSql(f.sql);
      const bus = options.bus ?? recordingBus();
      const relay = createOutboxRelay({
        sql: counted,
        schema,
        bus,
        log,
        outbox,
        pollMs: options.pollMs ?? 60_000,
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      });
      relays.push(relay);
      relay.start();
      await waitUntil(() => countsOf(counted).reads >= 1, 'the first poll');
      return { schema, outbox, counts: () => countsOf(counted), relay };
    };
    const add = (outbox: Outbox, events: readonly EventEnvelope[]) =>
      f.sql.transaction((tx) => outbox.add(tx, events));
    const allMarked = async (schema: string) => {
      const left = await f.sql.query(`SELECT 1 FROM ${schema}.outbox WHERE published_at IS NULL`);
      return left.rows.length === 0;
    };
    const stopAll = () => Promise.all(relays.splice(0).map((relay) => relay.stop()));
    // A failed test must not leave its relay polling the next test's database.
    afterEach(stopAll);

    describe.skipIf(!f.available)('round trips', () => {
      it('publishes an add as soon as its transaction commits, in one poll', async () => {
        const bus = recordingBus();
        const { schema, outbox, counts } = await startRelay({ bus });
        const [first, second] = [testEvent('Placed', 's'), testEvent('Placed', 's')];
        await add(outbox, [first]);
        await waitUntil(() => bus.published.length === 1, 'the first event published');
        await add(outbox, [second]);
        await waitUntil(() => bus.published.length === 2, 'the second event published');
        await waitUntil(() => allMarked(schema), 'both rows marked');
        expect(bus.published.map((e) => e.id)).toEqual([first.id, second.id]);
        // The first poll at start, then one per committed add: no re-check after a wake, no re-poll after
        // a partial batch.
        expect(counts().reads).toBe(3);
        // PostgreSQL: the idle check at start (1), then BEGIN + locked select + UPDATE + COMMIT per add.
        // PGlite: the select at start, then select + UPDATE per add.
        expect(counts().roundTrips).toBe(f.sql.dialect === 'postgres' ? 1 + 4 + 4 : 1 + 2 + 2);
        await stopAll();
      });

      it('polls again at once while batches come back full, and not after a partial one', async () => {
        const bus = recordingBus();
        const { schema, outbox, counts } = await startRelay({ bus, batchSize: 2 });
        const events = Array.from({ length: 5 }, () => testEvent('Placed', 's'));
        await add(outbox, events);
        await waitUntil(() => bus.published.length === 5, 'five events published');
        await waitUntil(() => allMarked(schema), 'every row marked');
        expect(bus.published.map((e) => e.id)).toEqual(events.map((e) => e.id));
        // The first poll, then batches of 2, 2 and 1.
        expect(counts().reads).toBe(4);
        await stopAll();
      });

      it('does not lose an add that commits while a batch is publishing', async () => {
        let release!: () => void;
        const bus = recordingBus(new Promise<void>((resolve) => (release = resolve)));
        const { schema, outbox } = await startRelay({ bus });
        const [first, second] = [testEvent('Placed', 's'), testEvent('Placed', 's')];
        await add(outbox, [first]);
        await waitUntil(() => bus.attempted.length === 1, 'the first batch to be publishing');
        // Committed while the relay is busy: its select has run, so only the wake can bring this row.
        await add(outbox, [second]);
        release();
        await waitUntil(
          () => bus.published.length === 2,
          'the second event, long before the next poll',
          5000,
        );
        await waitUntil(() => allMarked(schema), 'both rows marked');
        await stopAll();
      });

      it('answers an idle poll with one query outside any transaction', async () => {
        const { counts } = await startRelay({ pollMs: 5 });
        await waitUntil(() => counts().reads >= 5, 'five idle polls');
        await stopAll();
        expect(counts().transactions).toBe(0);
        expect(counts().roundTrips).toBe(counts().reads);
      });
    });

    describe.skipIf(f.sql?.dialect !== 'postgres')('on PostgreSQL', () => {
      it('takes the advisory lock once per poll, in the statement that selects the batch', async () => {
        const schema = await f.freshSchema();
        const counted = countingSql(f.sql);
        const relay = createOutboxRelay({ sql: counted, schema, bus: recordingBus(), log });
        expect(await relay.flush()).toBe(0);
        // BEGIN, the locked select, COMMIT.
        expect(countsOf(counted)).toEqual({ roundTrips: 3, transactions: 1, reads: 1 });
        const select = counted.statements.find((s) => s.text.includes('pg_try_advisory_xact_lock'));
        if (select === undefined) throw new Error('the relay took no advisory lock');
        await add(
          createOutbox(schema),
          Array.from({ length: 5 }, () => testEvent('Placed', 's')),
        );
        const explained = await f.sql.transaction((tx) =>
          tx.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
            `EXPLAIN (ANALYZE, FORMAT JSON) ${select.text}`,
            select.params,
          ),
        );
        const plan = explained.rows[0]?.['QUERY PLAN'][0].Plan;
        if (plan === undefined) throw new Error('no plan');
        const nodes = planNodes(plan);
        expect(plan['Actual Rows']).toBe(5);
        // However the planner joins it to the rows, the lock's CTE is computed once.
        expect(nodes.find((n) => n['Subplan Name'] === 'CTE lock')?.['Actual Loops']).toBe(1);
      });

      it('looks again soon when a woken poll finds another relay holding the lock', async () => {
        const bus = recordingBus();
        const { schema, outbox, counts } = await startRelay({ bus });
        // Another instance's relay, mid-batch.
        const release = await holdRelayLock(f.sql, schema);
        await add(outbox, [testEvent('Placed', 's')]);
        await waitUntil(() => counts().reads >= 3, 'the relay to find the lock busy, then look again');
        expect(bus.published).toEqual([]);
        await release();
        await waitUntil(() => bus.published.length === 1, 'the event, long before the next idle poll', 5000);
        await stopAll();
      });

      it('lets two relays on one schema publish every event exactly once', async () => {
        const schema = await f.freshSchema();
        const bus = recordingBus();
        const outboxes = [createOutbox(schema), createOutbox(schema)];
        for (const outbox of outboxes) {
          const relay = createOutboxRelay({ sql: f.sql, schema, bus, log, outbox, batchSize: 7, pollMs: 5 });
          relays.push(relay);
          relay.start();
        }
        const events: EventEnvelope[] = [];
        for (let i = 0; i < 20; i += 1) {
          const batch = Array.from({ length: 10 }, () => testEvent('Placed', 's'));
          events.push(...batch);
          await add(outboxes[i % 2] ?? outboxes[0]!, batch);
        }
        await waitUntil(() => allMarked(schema), 'every row marked');
        await stopAll();
        expect(bus.published).toHaveLength(events.length);
        expect(new Set(bus.published.map((e) => e.id))).toEqual(new Set(events.map((e) => e.id)));
      });
    });
  });
}

interface RecordingBus extends EventBus {
  /** Events handed to publish, in order. */
  attempted: EventEnvelope[];
  /** Events whose publish resolved, in order. */
  published: EventEnvelope[];
}

/** A bus that keeps what it is given; its publishes wait for `gate` when one is given. */
function recordingBus(gate?: Promise<void>): RecordingBus {
  const attempted: EventEnvelope[] = [];
  const published: EventEnvelope[] = [];
  return {
    attempted,
    published,
    async publish(event) {
      attempted.push(event);
      await gate;
      published.push(event);
    },
    subscribe: async () => async () => undefined,
    close: async () => undefined,
    ping: async () => undefined,
  };
}

interface PlanNode {
  'Node Type': string;
  'Subplan Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}
