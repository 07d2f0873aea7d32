import type { Sql, SqlExecutor } from '../db/sql.js';
import type { Logger } from '../observability/logger.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventBus } from './event-bus.js';
import { assertSchemaName } from './messaging-migrations.js';
import type { Outbox } from './outbox.js';

export interface OutboxRelayOptions {
  sql: Sql;
  schema: string;
  bus: EventBus;
  log: Logger;
  /** Rows read and published per batch (default 100). */
  batchSize?: number;
  /** Poll interval when idle (default 500 ms); a local add wakes the relay at once. */
  pollMs?: number;
  /** Delay after a failed publish before trying again (default 1000 ms). */
  retryMs?: number;
  /** The outbox this process writes to: its adds wake the relay. */
  outbox?: Outbox;
}

export interface OutboxRelay {
  start(): void;
  /** Stops after the event being published; rows published so far are marked, the rest wait. */
  stop(): Promise<void>;
  /** Publishes one batch now (tests, shutdown drains); resolves to the number of events published. */
  flush(): Promise<number>;
}

/**
 * Publishes a schema's outbox in outbox id order and marks rows once the bus has accepted them. A crash
 * between publish and mark republishes the event on restart: the bus deduplicates by event id and
 * consumers' inboxes make a redelivery harmless. A batch's publishes go out together on one connection,
 * which the bus takes in that order; only the run before the first failure is marked, and the rest is
 * published again (deduplicated where it had gone through: a lost acknowledgement of an event the server
 * stored before a later one). On PostgreSQL each batch runs under a transaction-scoped advisory lock for
 * the schema, so only one relay among all instances publishes at a time; PGlite has one process only.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const s = assertSchemaName(options.schema);
  const { sql, bus, log } = options;
  const batchSize = options.batchSize ?? 100;
  const pollMs = options.pollMs ?? 500;
  const retryMs = options.retryMs ?? 1000;

  let started = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let wakeChecks = 0;
  let unlisten: (() => void) | undefined;

  async function publishBatch(ex: SqlExecutor): Promise<{ published: number; failure?: unknown }> {
    const rows = await ex.query<{ id: number; event: EventEnvelope }>(
      `SELECT id, event FROM ${s}.outbox WHERE published_at IS NULL ORDER BY id LIMIT $1`,
      [batchSize],
    );
    const done: number[] = [];
    let failure: unknown;
    // Publishes go out together (one connection keeps their order) rather than one round trip each; only
    // the run before the first failure counts as published, so the failed event and those after it are
    // published again, deduplicated by the bus where they had gone through.
    const outcomes = await Promise.allSettled(
      rows.rows.map((row) =>
        stopping ? Promise.reject(new Error('relay stopping')) : bus.publish(row.event),
      ),
    );
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') {
        failure = stopping ? undefined : ((outcome.reason as unknown) ?? new Error('publish failed'));
        break;
      }
      done.push(Number(rows.rows[i]?.id));
    }
    if (done.length > 0) {
      await ex.query(`UPDATE ${s}.outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [done]);
    }
    return failure === undefined ? { published: done.length } : { published: done.length, failure };
  }

  async function runBatch(): Promise<number> {
    const result =
      sql.dialect === 'postgres'
        ? await sql.transaction(async (tx) => {
            const lock = await tx.query<{ locked: boolean }>(
              'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
              [`sattzabite.outbox.${s}`],
            );
            if (lock.rows[0]?.locked !== true) return { published: 0 };
            return publishBatch(tx);
          })
        : await publishBatch(sql);
    // Thrown after the transaction so the rows published before the failure stay marked.
    if (result.failure !== undefined) throw result.failure;
    return result.published;
  }

  function flush(): Promise<number> {
    if (running !== undefined) return running;
    running = runBatch().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(ms: number) {
    if (stopping) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
  }

  async function tick() {
    timer = undefined;
    let delay = pollMs;
    try {
      const published = await flush();
      if (published >= batchSize) delay = 0;
      else if (published === 0 && wakeChecks > 0) {
        // Woken by an add whose transaction had not committed yet: look again shortly.
        wakeChecks -= 1;
        delay = Math.min(pollMs, 20);
      } else if (published > 0) delay = 0;
    } catch (error) {
      log.warn({ err: error, schema: s }, 'outbox relay could not publish; will retry');
      delay = retryMs;
    }
    schedule(delay);
  }

  return {
    start() {
      if (started) return;
      started = true;
      stopping = false;
      unlisten = options.outbox?.onAdded(() => {
        wakeChecks = 5;
        if (running === undefined && !stopping) schedule(0);
      });
      schedule(0);
    },
    async stop() {
      stopping = true;
      started = false;
      clearTimeout(timer);
      timer = undefined;
      unlisten?.();
      await running?.catch(() => undefined);
    },
    flush,
  };
}
