import { Type } from 'typebox';
import { randomUUID } from 'node:crypto';
import { createPgliteSql, createPostgresSql, migrate, type Sql } from '../../src/platform/db/index.js';
import { createInProcessBus, createNatsBus, type EventBus } from '../../src/platform/messaging/index.js';
import { createEventSchemaRegistry } from '../../src/platform/messaging/index.js';
import { silentLogger } from '../../src/platform/observability/logger.js';
import { createServiceMessaging } from '../../src/platform/runtime/service-messaging.js';
import { systemClock } from '../../src/platform/time/clock.js';
import { uuidV7Ids } from '../../src/platform/time/ids.js';
import type { Benchmark, BenchLine } from '../lib/bench-types.js';
import { removeNatsStream } from '../lib/nats-cleanup.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const CONCURRENCY = 8;
const SCHEMA = 'benchevents';

/** Runs `count` jobs with at most CONCURRENCY in flight; resolves with the elapsed seconds. */
async function timed(
  count: number,
  job: (i: number) => Promise<void>,
  until?: () => Promise<void>,
): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await job(next++);
    }),
  );
  await until?.();
  return (performance.now() - started) / 1000;
}

async function measure(label: string, sql: Sql, bus: EventBus): Promise<BenchLine> {
  const log = silentLogger();
  await sql
    .exec(
      `DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DELETE FROM public.schema_migrations WHERE service LIKE '${SCHEMA}%'`,
    )
    .catch(() => undefined);
  const messaging = createServiceMessaging({
    service: SCHEMA,
    sql,
    bus,
    registry: createEventSchemaRegistry().register('BenchHappened', 1, Type.Object({ i: Type.Integer() })),
    clock: systemClock,
    ids: uuidV7Ids,
    log,
  });
  await migrate(sql, [
    ...messaging.migrations,
    {
      service: SCHEMA,
      version: 1,
      name: 'rows',
      sql: `CREATE SCHEMA IF NOT EXISTS ${SCHEMA};
            CREATE TABLE IF NOT EXISTS ${SCHEMA}.rows (id bigserial PRIMARY KEY, note text NOT NULL);
            CREATE TABLE IF NOT EXISTS ${SCHEMA}.applied (event_id text PRIMARY KEY);`,
    },
  ]);
  let applied = 0;
  let lastId = '';
  // A consumer as the platform writes one whose whole effect is in its transaction (order history,
  // analytics, search): it takes the events waiting for it in batches and applies a batch in one statement,
  // one by one only on redelivery. `applied` counts on commit, so a batch that rolls back (its events are
  // then delivered one by one) is not counted twice.
  const consumer = messaging.consume(
    'counter',
    ['BenchHappened'],
    async (event, tx) => {
      await tx.query(`INSERT INTO ${SCHEMA}.applied (event_id) VALUES ($1)`, [event.id]);
      tx.afterCommit(() => (applied += 1));
    },
    {
      batch: true,
      handleMany: async (items, tx) => {
        await tx.query(`INSERT INTO ${SCHEMA}.applied (event_id) SELECT unnest($1::text[])`, [
          items.map((item) => item.event.id),
        ]);
        tx.afterCommit(() => (applied += items.length));
      },
    },
  );
  await messaging.start();

  // The ceiling: the bare single-row insert transaction, same concurrency, same database.
  const ceilingSeconds = await timed(EVENTS, async (i) => {
    await sql.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${SCHEMA}.rows (note) VALUES ($1)`, [`row ${i}`]);
    });
  });

  // The figure: each event appended to its own stream in its own transaction (outbox included), relayed to
  // the bus and applied by a consumer through its inbox; timed until the last one is applied.
  const figureSeconds = await timed(
    EVENTS,
    async (i) => {
      await sql.transaction(async (tx) => {
        const event = messaging.event('BenchHappened', randomUUID(), { i });
        lastId = event.id;
        await messaging.store.append(tx, event.subject, 0, [event], { publish: true });
      });
    },
    async () => {
      const deadline = Date.now() + 300_000;
      while (applied < EVENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      await consumer.whenProcessed(lastId, { timeoutMs: 10_000 });
    },
  );
  await messaging.stop();
  if (applied !== EVENTS) throw new Error(`${label}: ${applied} of ${EVENTS} events applied`);
  return {
    label: `${label}: events appended + relayed + applied per second`,
    figure: EVENTS / figureSeconds,
    ceiling: EVENTS / ceilingSeconds,
    unit: 'events/s',
    ceilingLabel: 'single-row insert transactions/s',
    notes: `${EVENTS} events, ${CONCURRENCY} concurrent writers`,
  };
}

export const eventsPipelineBenchmark: Benchmark = {
  name: 'events-pipeline',
  description:
    'event store append + outbox relay + inbox consumer, end to end, vs the bare insert transaction',
  async run() {
    const lines: BenchLine[] = [];
    const pglite = await createPgliteSql();
    const inProcess = createInProcessBus({ log: silentLogger() });
    try {
      lines.push(await measure('PGlite + in-process bus', pglite, inProcess));
    } finally {
      await inProcess.close();
      await pglite.close();
    }
    const postgres = await createPostgresSql({
      url: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    });
    const natsUrl = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
    const stream = `BENCH_EVENTS_${Date.now()}`;
    const nats = await createNatsBus({
      url: natsUrl,
      streamName: stream,
      subjectPrefix: `bench${Date.now()}`,
      log: silentLogger(),
    });
    try {
      lines.push(await measure('PostgreSQL + NATS JetStream', postgres, nats));
    } finally {
      await nats.close();
      await postgres.close();
      // The shared server keeps no stream (nor lease bucket) per run.
      await removeNatsStream(natsUrl, stream);
    }
    return lines;
  },
};
