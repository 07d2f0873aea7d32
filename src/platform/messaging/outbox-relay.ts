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
  /**
   * Poll interval when idle (default 500 ms): it finds events other processes committed, or a stopped
   * relay left. A local add wakes the relay as soon as its transaction commits.
   */
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
 *
 * A relay polls again at once only when rows are known to wait: an add committed (possibly during the
 * batch) or the batch came back full; soon, when a woken poll found another relay holding the lock.
 * Otherwise it waits for `pollMs`, and on PostgreSQL that idle poll first asks, in one round trip outside
 * any transaction, whether anything is unpublished at all.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const s = assertSchemaName(options.schema);
  const { sql, bus, log } = options;
  const batchSize = options.batchSize ?? 100;
  const pollMs = options.pollMs ?? 500;
  const retryMs = options.retryMs ?? 1000;
  // On PGlite a poll is a single query already: asking first would only add one.
  const askFirst = sql.dialect === 'postgres';

  let started = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  /** The pending timer polls at once (a wake), not after a delay. */
  let timerImmediate = false;
  let running: Promise<BatchOutcome> | undefined;
  /**
   * Rows are known to wait: an add committed since the last batch began, that batch was full, or a
   * woken poll found another relay holding the lock.
   */
  let dirty = false;
  /** The last poll failed: wakes wait for its retry rather than hammering a bus that is down. */
  let backingOff = false;
  let unlisten: (() => void) | undefined;

  async function publishRows(ex: SqlExecutor, rows: readonly OutboxRow[]): Promise<BatchResult> {
    const done: number[] = [];
    let failure: unknown;
    // Publishes go out together (one connection keeps their order) rather than one round trip each; only
    // the run before the first failure counts as published, so the failed event and those after it are
    // published again, deduplicated by the bus where they had gone through.
    const outcomes = await Promise.allSettled(
      rows.map((row) => (stopping ? Promise.reject(new Error('relay stopping')) : bus.publish(row.event))),
    );
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') {
        failure = stopping ? undefined : ((outcome.reason as unknown) ?? new Error('publish failed'));
        break;
      }
      done.push(Number(rows[i]?.id));
    }
    if (done.length > 0) {
      await ex.query(`UPDATE ${s}.outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [done]);
    }
    return failure === undefined ? { published: done.length } : { published: done.length, failure };
  }

  async function runBatch(): Promise<BatchOutcome> {
    const result =
      sql.dialect === 'postgres'
        ? await sql.transaction(async (tx) => {
            const batch = await selectLocked(tx, s, batchSize);
            return { ...(await publishRows(tx, batch.rows)), busy: !batch.locked };
          })
        : { ...(await publishRows(sql, await selectUnlocked(sql, s, batchSize))), busy: false };
    // Thrown after the transaction so the rows published before the failure stay marked.
    if (result.failure !== undefined) throw result.failure;
    return { published: result.published, busy: result.busy };
  }

  async function pollOnce(checkFirst: boolean): Promise<BatchOutcome> {
    if (checkFirst && !(await anyUnpublished(sql, s))) return { published: 0, busy: false };
    return runBatch();
  }

  function poll(checkFirst: boolean): Promise<BatchOutcome> {
    if (running !== undefined) return running;
    dirty = false;
    running = pollOnce(checkFirst).finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(ms: number) {
    if (!started || stopping) return;
    // Every commit wakes the relay: while a poll is already due at once, re-arming it would cost a timer
    // per event and change nothing.
    if (timer !== undefined && timerImmediate && ms === 0) return;
    clearTimeout(timer);
    timerImmediate = ms === 0;
    timer = setTimeout(() => void tick(), ms);
  }

  async function tick() {
    timer = undefined;
    const woken = dirty;
    try {
      const outcome = await poll(askFirst && !woken);
      backingOff = false;
      schedule(afterPoll(outcome, woken));
    } catch (error) {
      log.warn({ err: error, schema: s }, 'outbox relay could not publish; will retry');
      backingOff = true;
      schedule(retryMs);
    }
  }

  /** Notes whether rows still wait after a poll, and returns when to poll next. */
  function afterPoll(outcome: BatchOutcome, woken: boolean): number {
    // A full batch leaves rows behind. A busy lock is another relay's batch, which may have been selected
    // before the rows this wake is for committed.
    if (outcome.published >= batchSize || (woken && outcome.busy)) dirty = true;
    if (!dirty) return pollMs;
    // A wake during the batch may be for rows its select could not see yet; a busy lock is soon free.
    return outcome.busy ? Math.min(pollMs, LOCK_BUSY_RETRY_MS) : 0;
  }

  function wake() {
    dirty = true;
    if (running === undefined && !backingOff) schedule(0);
  }

  return {
    start() {
      if (started) return;
      started = true;
      stopping = false;
      unlisten = options.outbox?.onAdded(wake);
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
    async flush() {
      const { published } = await poll(false);
      if (dirty) schedule(0);
      return published;
    },
  };
}

interface OutboxRow {
  id: number;
  event: EventEnvelope;
}

interface BatchResult {
  published: number;
  failure?: unknown;
}

interface BatchOutcome {
  published: number;
  /** Another relay held the schema's lock, so this poll read nothing. */
  busy: boolean;
}

const LOCK_BUSY_RETRY_MS = 20;

/**
 * The next batch, under the schema's advisory lock, in one statement; `locked` is false, with no rows,
 * when another relay holds the lock. MATERIALIZED computes the lock once per poll, before the rows are
 * read. The statement's snapshot is taken before the lock, so rows a relay marked and committed just as
 * it released the lock would still look unpublished: FOR UPDATE reads each row's latest version instead,
 * and leaves those out.
 */
async function selectLocked(
  tx: SqlExecutor,
  s: string,
  limit: number,
): Promise<{ locked: boolean; rows: OutboxRow[] }> {
  const result = await tx.query<{ locked: boolean; id: number | null; event: EventEnvelope | null }>(
    `WITH lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked)
     SELECT lock.locked, batch.id, batch.event
       FROM lock LEFT JOIN LATERAL (
         SELECT o.id, o.event FROM ${s}.outbox o
          WHERE lock.locked AND o.published_at IS NULL
          ORDER BY o.id LIMIT $2
            FOR UPDATE OF o
       ) batch ON true
      ORDER BY batch.id`,
    [`sattzabite.outbox.${s}`, limit],
  );
  const rows = result.rows.flatMap((row) =>
    row.id === null || row.event === null ? [] : [{ id: row.id, event: row.event }],
  );
  return { locked: result.rows[0]?.locked === true, rows };
}

async function selectUnlocked(ex: SqlExecutor, s: string, limit: number): Promise<OutboxRow[]> {
  const rows = await ex.query<OutboxRow>(
    `SELECT id, event FROM ${s}.outbox WHERE published_at IS NULL ORDER BY id LIMIT $1`,
    [limit],
  );
  return rows.rows;
}

/** One round trip on the partial index of unpublished rows, so an idle poll opens no transaction. */
async function anyUnpublished(ex: SqlExecutor, s: string): Promise<boolean> {
  const found = await ex.query<{ pending: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${s}.outbox WHERE published_at IS NULL) AS pending`,
  );
  return found.rows[0]?.pending === true;
}
