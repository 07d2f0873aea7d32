import { AppError } from '../errors/app-error.js';
import type { Sql, SqlTransaction } from '../db/sql.js';
import type { Logger } from '../observability/logger.js';
import { systemClock, type Clock } from '../time/clock.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventBus, Unsubscribe } from './event-bus.js';
import type { EventSchemaRegistry } from './event-schema-registry.js';
import { getDeadLetter, type DeadLetterRedriver } from './dead-letters.js';
import { MessagingErrors } from './messaging-errors.js';
import { assertSchemaName } from './messaging-migrations.js';
import { failureKind, type FailureKind } from './failure-kind.js';
import { runInCorrelationScope } from '../observability/correlation-scope.js';

export interface ConsumerOptions<Prepared = undefined> {
  sql: Sql;
  /** The consuming service's schema: its inbox and dead letters live there. */
  schema: string;
  bus: EventBus;
  /** Durable name, unique per consuming service and purpose (e.g. `notifications.order-updates`). */
  name: string;
  types: string[];
  /**
   * Work the event needs before its transaction opens, whose result `handle` gets: calls to other services
   * (on the embedded store, a call from inside the transaction would wait on the one connection it holds)
   * and external sends (an SMTP server must not hold a transaction open). It runs on every attempt and on a
   * redrive, so it must be safe to repeat; when it throws, the attempt failed (retried, then dead-lettered).
   */
  prepare?: (event: EventEnvelope) => Promise<Prepared>;
  /**
   * Takes the events waiting for it in batches, one transaction each (see deliverBatch), where the bus
   * offers them (the in-process bus does). Only for a handler whose every effect is in the transaction, and
   * whose batches cannot deadlock with the writes of others (the orders service's own consumers, which
   * race its request path on the same rows, stay one by one). Needs `prepareRepeatable` with `prepare`.
   */
  batch?: boolean;
  /**
   * True when `prepare` may run once more for an event that was already prepared: it only reads, or its
   * effects are idempotent (a refund keyed by the order id; an email under its message id, which the local
   * adapters drop when repeated and SMTP may deliver twice: at least once, the most an external channel can
   * promise). A batch may then be prepared, since a failed batch repeats each event's prepare on its own
   * delivery.
   */
  prepareRepeatable?: boolean;
  /**
   * Optional, with `prepareRepeatable`: prepares a batch's events at once (one look-up for what several
   * share, one send for many), resolving to one result per event, in order. Without it, `prepare` runs for
   * each. A failure fails the whole batch, whose events are then delivered one by one.
   */
  prepareMany?: (events: readonly EventEnvelope[]) => Promise<Prepared[]>;
  /**
   * For a handler that updates rows shared by many aggregates (a restaurant's daily figures): its
   * transactions take a lock of this consumer's first, so that batches of different partitions and
   * instances apply one after another instead of deadlocking on those rows in different orders. Each still
   * takes a whole batch at a time. PostgreSQL only (the embedded store has one connection anyway).
   */
  serialize?: boolean;
  /** Applies the event using `tx`, the same transaction that records it in the inbox. */
  handle: (event: EventEnvelope, tx: SqlTransaction, prepared: Prepared) => Promise<void>;
  /**
   * Optional: applies a batch's new events (in order) at once, in the batch's transaction, where one
   * statement can serve many events; it must have the effect `handle` would have for each in turn.
   * Without it, a batch runs `handle` for each event.
   */
  handleMany?: (items: ReadonlyArray<BatchItem<Prepared>>, tx: SqlTransaction) => Promise<void>;
  /**
   * Deliveries before an event whose failure is neither transient nor poison (see failure-kind) is
   * dead-lettered (default 5).
   */
  maxAttempts?: number;
  /** Delay before the next delivery after such a failed attempt (1-based). */
  backoff?: (attempt: number) => number;
  /**
   * Deliveries before an event that keeps failing transiently (a dependency away) is dead-lettered, and the
   * delays between them: by default 12 attempts backing off from 0.5 s to a minute, about five minutes in
   * all, so that a dependency restarting within two minutes dead-letters nothing.
   */
  transientRetry?: { maxAttempts: number; backoff: (attempt: number) => number };
  log: Logger;
  /** Validates each event on consume; an invalid one is dead-lettered at once (retrying cannot help). */
  registry?: EventSchemaRegistry;
  clock?: Clock;
}

/** One new event of a batch, with what its prepare step found. */
export interface BatchItem<Prepared> {
  event: EventEnvelope;
  prepared: Prepared;
}

export type DeliveryOutcome = 'applied' | 'duplicate' | 'dead-lettered';

export interface Consumer extends DeadLetterRedriver {
  readonly name: string;
  /** Subscribes to the bus (durable: resumes where this consumer name left off). */
  start(): Promise<void>;
  /** Unsubscribes; the handler in flight completes first. */
  stop(): Promise<void>;
  /**
   * Processes one delivery exactly as the bus would: inbox + handler in one transaction. Throws the
   * handler's error while `attempt < maxAttempts` (the bus retries); at maxAttempts dead-letters instead.
   * Public so integration tests can feed every event twice.
   */
  deliver(event: EventEnvelope, attempt?: number): Promise<DeliveryOutcome>;
  /**
   * Processes several first deliveries in one transaction: one inbox write for all, then each new event's
   * handler in order. Any failure rolls the whole batch back and throws; the bus then delivers the events
   * one by one (with attempts and dead letters). Refused unless the consumer was made with `batch`.
   */
  deliverBatch(events: readonly EventEnvelope[]): Promise<void>;
  /**
   * Resolves once this consumer (in any process sharing the database) has applied or dead-lettered the
   * event; AppError `EVENTS.TIMEOUT` after `timeoutMs` (default 10 s).
   */
  whenProcessed(eventId: string, options?: { timeoutMs?: number }): Promise<void>;
}

const SETTLED_MEMORY = 10_000;

/** Runs a handler behind an inbox: each event id takes effect once per consumer, whatever the bus redelivers. */
export function createConsumer<Prepared = undefined>(options: ConsumerOptions<Prepared>): Consumer {
  const s = assertSchemaName(options.schema);
  const { sql, log, name } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.backoff ?? ((attempt: number) => Math.min(30_000, 200 * 2 ** (attempt - 1)));
  const transient = options.transientRetry ?? DEFAULT_TRANSIENT_RETRY;
  /** The most attempts any failure may take (the bus's own limit sits above it). */
  const mostAttempts = Math.max(maxAttempts, transient.maxAttempts);
  const attemptsFor = (kind: FailureKind) =>
    kind === 'poison' ? 1 : kind === 'transient' ? transient.maxAttempts : maxAttempts;
  const debug = log.isLevelEnabled('debug');
  const serialized = async (tx: SqlTransaction): Promise<void> => {
    if (options.serialize === true && sql.dialect === 'postgres') {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sattzabite.consumer.${name}`]);
    }
  };
  const handled = (event: EventEnvelope, outcome: DeliveryOutcome) => {
    if (debug) {
      log.debug(
        {
          consumer: name,
          eventId: event.id,
          type: event.type,
          subject: event.subject,
          correlationId: event.correlationId,
          outcome,
        },
        'event handled',
      );
    }
  };
  const clock = options.clock ?? systemClock;
  // Without a prepare step there is nothing to hand over: `Prepared` is then `undefined` by its default.
  const prepare = options.prepare ?? (async () => undefined as Prepared);

  const settled = new Set<string>();
  const waiters = new Map<string, Set<() => void>>();
  let unsubscribe: Unsubscribe | undefined;

  const settle = (eventId: string) => {
    settled.add(eventId);
    if (settled.size > SETTLED_MEMORY) {
      const oldest = settled.values().next().value;
      if (oldest !== undefined) settled.delete(oldest);
    }
    for (const wake of waiters.get(eventId) ?? []) wake();
    waiters.delete(eventId);
  };

  async function deadLetter(event: EventEnvelope, error: unknown, attempts: number): Promise<void> {
    await sql.query(
      `INSERT INTO ${s}.dead_letters (consumer, event_id, event, error, attempts, failed_at)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6)
       ON CONFLICT (consumer, event_id) DO UPDATE
         SET event = EXCLUDED.event, error = EXCLUDED.error, attempts = EXCLUDED.attempts,
             failed_at = EXCLUDED.failed_at, redriven_at = NULL`,
      [name, event.id, JSON.stringify(event), describeError(error), attempts, clock.now()],
    );
    log.error(
      { err: error, consumer: name, eventId: event.id, type: event.type, attempts },
      'event dead-lettered',
    );
  }

  async function deliver(event: EventEnvelope, attempt = 1): Promise<DeliveryOutcome> {
    try {
      options.registry?.validate(event);
    } catch (error) {
      await deadLetter(event, error, attempt);
      settle(event.id);
      handled(event, 'dead-lettered');
      return 'dead-lettered';
    }
    try {
      // An event already applied or waiting in the DLQ is not prepared again: preparing may send an email.
      if (options.prepare !== undefined) {
        const settledBefore = await sql.query<{ kind: string }>(
          `SELECT 'inbox' AS kind FROM ${s}.inbox WHERE consumer = $1 AND event_id = $2
           UNION ALL
           SELECT 'dead' FROM ${s}.dead_letters WHERE consumer = $1 AND event_id = $2 AND redriven_at IS NULL`,
          [name, event.id],
        );
        const kind = settledBefore.rows[0]?.kind;
        if (kind !== undefined) {
          settle(event.id);
          return kind === 'inbox' ? 'duplicate' : 'dead-lettered';
        }
      }
      const prepared = await inScopeOf(event, () => prepare(event));
      const outcome = await sql.transaction(async (tx): Promise<DeliveryOutcome> => {
        await serialized(tx);
        // One round trip records the event unless it is already in the inbox or waiting in the DLQ (a
        // letter there is the operator's to redrive; a stray redelivery must not apply it). Round trips
        // are what an event costs on the single embedded connection, so the rare refusal asks which it was.
        const recorded = await tx.query(
          `INSERT INTO ${s}.inbox (consumer, event_id)
           SELECT $1::text, $2::text
            WHERE NOT EXISTS (SELECT 1 FROM ${s}.dead_letters
                               WHERE consumer = $1::text AND event_id = $2::text AND redriven_at IS NULL)
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [name, event.id],
        );
        if (recorded.rows.length === 0) {
          const waiting = await tx.query(
            `SELECT 1 FROM ${s}.dead_letters WHERE consumer = $1 AND event_id = $2 AND redriven_at IS NULL`,
            [name, event.id],
          );
          return waiting.rows.length > 0 ? 'dead-lettered' : 'duplicate';
        }
        await inScopeOf(event, () => options.handle(event, tx, prepared));
        return 'applied';
      });
      settle(event.id);
      handled(event, outcome);
      return outcome;
    } catch (error) {
      const kind = failureKind(error);
      if (attempt < attemptsFor(kind)) {
        log.warn(
          { err: error, consumer: name, eventId: event.id, attempt, failure: kind },
          'handler failed; the bus will retry',
        );
        throw error;
      }
      await deadLetter(event, error, attempt);
      settle(event.id);
      handled(event, 'dead-lettered');
      return 'dead-lettered';
    }
  }

  const batches =
    options.batch === true && (options.prepare === undefined || options.prepareRepeatable === true);

  async function deliverBatch(events: readonly EventEnvelope[]): Promise<void> {
    if (!batches) throw new Error(`${name} takes no batches: its events are delivered one by one`);
    // An invalid event is dead-lettered on its own delivery.
    for (const event of events) options.registry?.validate(event);
    const ids = events.map((event) => event.id);
    const fresh = options.prepare === undefined ? events : await withoutSettled(events, ids);
    const prepared: Prepared[] = [];
    if (options.prepareMany !== undefined && fresh.length > 0) {
      prepared.push(...(await options.prepareMany(fresh)));
      if (prepared.length !== fresh.length) throw new Error(`${name}: prepareMany answered the wrong count`);
    } else {
      for (const event of fresh) prepared.push(await inScopeOf(event, () => prepare(event)));
    }
    await sql.transaction(async (tx) => {
      await serialized(tx);
      // Events already in the inbox, or waiting in the DLQ for an operator, are not applied again.
      const recorded = await tx.query<{ event_id: string }>(
        `INSERT INTO ${s}.inbox (consumer, event_id)
         SELECT $1::text, incoming.event_id FROM unnest($2::text[]) AS incoming(event_id)
          WHERE NOT EXISTS (SELECT 1 FROM ${s}.dead_letters AS d
                             WHERE d.consumer = $1::text AND d.event_id = incoming.event_id
                               AND d.redriven_at IS NULL)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [name, fresh.map((event) => event.id)],
      );
      const applies = new Set(recorded.rows.map((row) => row.event_id));
      // delete: an id twice in one batch is applied once.
      const items = fresh.flatMap((event, i) =>
        applies.delete(event.id) ? [{ event, prepared: prepared[i] as Prepared }] : [],
      );
      if (options.handleMany !== undefined) {
        if (items.length > 0) await options.handleMany(items, tx);
      } else {
        for (const item of items) {
          await inScopeOf(item.event, () => options.handle(item.event, tx, item.prepared));
        }
      }
    });
    for (const id of ids) settle(id);
    for (const event of events) handled(event, 'applied');
  }

  /** The events of a batch not yet applied nor dead-lettered, so that none is prepared in vain. */
  async function withoutSettled(events: readonly EventEnvelope[], ids: string[]): Promise<EventEnvelope[]> {
    const { rows } = await sql.query<{ event_id: string }>(
      `SELECT event_id FROM ${s}.inbox WHERE consumer = $1 AND event_id = ANY($2::text[])
       UNION ALL
       SELECT event_id FROM ${s}.dead_letters
        WHERE consumer = $1 AND event_id = ANY($2::text[]) AND redriven_at IS NULL`,
      [name, ids],
    );
    const done = new Set(rows.map((row) => row.event_id));
    return events.filter((event) => !done.has(event.id));
  }

  async function isDone(eventId: string): Promise<boolean> {
    const result = await sql.query(
      `SELECT 1 FROM ${s}.inbox WHERE consumer = $1 AND event_id = $2
       UNION ALL
       SELECT 1 FROM ${s}.dead_letters WHERE consumer = $1 AND event_id = $2`,
      [name, eventId],
    );
    return result.rows.length > 0;
  }

  return {
    name,
    deliver,
    deliverBatch,

    async start() {
      if (unsubscribe !== undefined) return;
      unsubscribe = await options.bus.subscribe({
        durableName: name,
        types: options.types,
        // Room above the attempts so that a failed dead-letter write is still retried by the bus.
        maxDeliver: mostAttempts + 3,
        backoffMs: (attempt, error) =>
          failureKind(error) === 'transient' ? transient.backoff(attempt) : backoff(attempt),
        handle: async (event, delivery) => {
          await deliver(event, delivery.attempt);
        },
        // One transaction for a queue's worth of events: BEGIN, COMMIT and the inbox write are shared.
        ...(batches ? { handleBatch: deliverBatch } : {}),
      });
    },

    async stop() {
      const current = unsubscribe;
      unsubscribe = undefined;
      await current?.();
    },

    async whenProcessed(eventId, waitOptions = {}) {
      const deadline = Date.now() + (waitOptions.timeoutMs ?? 10_000);
      // Another instance of this consumer may process it: poll the inbox too, not only local settles.
      while (!settled.has(eventId)) {
        if (await isDone(eventId)) return;
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          throw new AppError(MessagingErrors.TIMEOUT, `${name} did not process event ${eventId} in time`, {
            details: { consumer: name, eventId },
          });
        }
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            waiters.get(eventId)?.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, Math.min(100, remaining));
          const set = waiters.get(eventId) ?? new Set();
          set.add(wake);
          waiters.set(eventId, set);
        });
      }
    },

    async redrive(deadLetterId) {
      const letter = await getDeadLetter(sql, s, deadLetterId);
      if (letter.consumer !== name) {
        throw new Error(`Dead letter ${deadLetterId} belongs to ${letter.consumer}, not ${name}`);
      }
      if (letter.redrivenAt !== null) return;
      try {
        options.registry?.validate(letter.event);
        const prepared = await inScopeOf(letter.event, () => prepare(letter.event));
        await sql.transaction(async (tx) => {
          const recorded = await tx.query(
            `INSERT INTO ${s}.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
            [name, letter.eventId],
          );
          if (recorded.rows.length > 0) {
            await inScopeOf(letter.event, () => options.handle(letter.event, tx, prepared));
          }
          await tx.query(`UPDATE ${s}.dead_letters SET redriven_at = $2 WHERE id = $1`, [
            deadLetterId,
            clock.now(),
          ]);
        });
      } catch (error) {
        await sql.query(
          `UPDATE ${s}.dead_letters SET attempts = attempts + 1, error = $2, failed_at = $3 WHERE id = $1`,
          [deadLetterId, describeError(error), clock.now()],
        );
        throw new AppError(MessagingErrors.REDRIVE_FAILED, `Redrive of dead letter ${deadLetterId} failed`, {
          details: { consumer: name, deadLetterId, eventId: letter.eventId },
          cause: error,
        });
      }
      log.info({ consumer: name, deadLetterId, eventId: letter.eventId }, 'dead letter redriven');
      settle(letter.eventId);
    },
  };
}

/** About five minutes of attempts, 0.5 s doubling up to a minute apart. */
const DEFAULT_TRANSIENT_RETRY = {
  maxAttempts: 12,
  backoff: (attempt: number) => Math.min(60_000, 500 * 2 ** (attempt - 1)),
};

/** Runs a handler's work in the event's flow: its log lines, calls and events carry its correlation id. */
function inScopeOf<T>(event: EventEnvelope, work: () => Promise<T>): Promise<T> {
  return runInCorrelationScope({ correlationId: event.correlationId, causationId: event.id }, work);
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const head = typeof code === 'string' ? `${code}: ${error.message}` : error.message;
    return error.stack === undefined ? head : `${head}\n${error.stack.split('\n').slice(1, 6).join('\n')}`;
  }
  return String(error);
}
