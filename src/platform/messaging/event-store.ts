import { AppError } from '../errors/app-error.js';
import type { Sql, SqlExecutor } from '../db/sql.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventSchemaRegistry } from './event-schema-registry.js';
import { MessagingErrors } from './messaging-errors.js';
import { assertSchemaName } from './messaging-migrations.js';
import type { Outbox } from './outbox.js';
import { isUniqueViolation, violatedConstraint } from '../db/sql-errors.js';

/** An event as stored in a stream. */
export interface StoredEvent<T = unknown> extends EventEnvelope<T> {
  streamId: string;
  /** 1 for a stream's first event, then 2, 3, ... */
  streamVersion: number;
  /** Position in the schema's whole store; increases with every append. */
  position: number;
}

export interface AppendOptions {
  /** Also write the events to the outbox in the same transaction, for the relay to publish. */
  publish?: boolean;
}

export interface AppendResult {
  /** The stream's version after this append: pass it as `expectedVersion` to the next append. */
  nextVersion: number;
  /** The global positions given to the appended events, in order. */
  positions: number[];
}

/**
 * An append-only event store with optimistic concurrency. Versions count events: a new stream is at
 * version 0, its first event gets stream version 1.
 */
export interface EventStore {
  /**
   * Appends `events` to `streamId` in the caller's transaction. `expectedVersion` is the version the
   * caller decided on: 0 for a stream that must not exist yet, otherwise its last stream version.
   * Throws AppError `EVENTS.VERSION_CONFLICT` (409) when the stream has moved on, including when a
   * concurrent transaction appended the same version first; the caller's transaction must then roll back.
   */
  append(
    tx: SqlExecutor,
    streamId: string,
    expectedVersion: number,
    events: readonly EventEnvelope[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** The stream's events in version order, from `fromVersion` (inclusive, default 1). */
  readStream(
    streamId: string,
    options?: { fromVersion?: number; executor?: SqlExecutor },
  ): Promise<StoredEvent[]>;
  /** Events with a global position greater than `fromPosition`, in position order: for projections. */
  readAll(fromPosition: number, limit: number): Promise<StoredEvent[]>;
}

interface EventRow {
  global_position: number;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  version: number;
  source: string;
  subject: string;
  time: Date;
  correlation_id: string;
  causation_id: string | null;
  data: unknown;
}

export function createEventStore(
  sql: Sql,
  schema: string,
  deps: { outbox?: Outbox; registry?: EventSchemaRegistry } = {},
): EventStore {
  const s = assertSchemaName(schema);
  const columns =
    'global_position, stream_id, stream_version, event_id, type, version, source, subject, time, correlation_id, causation_id, data';

  const conflict = (streamId: string, expected: number, actual: number | undefined, cause?: unknown) =>
    new AppError(MessagingErrors.VERSION_CONFLICT, `Stream ${streamId} is not at version ${expected}`, {
      details: {
        streamId,
        expectedVersion: expected,
        ...(actual === undefined ? {} : { actualVersion: actual }),
      },
      status: 409,
      cause,
    });

  const streamVersion = async (tx: SqlExecutor, streamId: string): Promise<number> => {
    const current = await tx.query<{ v: number | null }>(
      `SELECT max(stream_version) AS v FROM ${s}.events WHERE stream_id = $1`,
      [streamId],
    );
    return current.rows[0]?.v ?? 0;
  };

  return {
    async append(tx, streamId, expectedVersion, events, options = {}) {
      if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
        throw new RangeError(`expectedVersion must be an integer >= 0, got ${expectedVersion}`);
      }
      for (const event of events) deps.registry?.validate(event);
      if (events.length === 0) {
        const actual = await streamVersion(tx, streamId);
        if (actual !== expectedVersion) throw conflict(streamId, expectedVersion, actual);
        return { nextVersion: expectedVersion, positions: [] };
      }

      if (options.publish === true && deps.outbox === undefined) {
        throw new Error('append({ publish: true }) needs an outbox in createEventStore');
      }
      // The version check, the events and their outbox rows are one call of the schema's append function
      // (see messaging-migrations): one round trip, on plans the session keeps. A concurrent append that
      // read the same version inserts the same (stream_id, stream_version): the unique constraint lets
      // exactly one of them commit. An outbox of another schema gets its rows in a statement of its own.
      const ownOutbox = options.publish === true && deps.outbox?.schema === s;
      const publishing = ownOutbox ? deps.outbox?.addedBy(events) : undefined;
      let inserted;
      try {
        inserted = await tx.query<{ global_position: number }>(
          `SELECT global_position FROM ${s}.append_events($1, $2, $3::jsonb, $4) AS global_position`,
          [streamId, expectedVersion, JSON.stringify(events), ownOutbox],
        );
      } catch (error) {
        // An event id already in the outbox is no version conflict: it fails as an outbox add would.
        if (isUniqueViolation(error) && violatedConstraint(error) !== OUTBOX_EVENT_ID_KEY) {
          throw conflict(streamId, expectedVersion, undefined, error);
        }
        throw error;
      }
      if (inserted.rows.length === 0) {
        throw conflict(streamId, expectedVersion, await streamVersion(tx, streamId));
      }
      if (options.publish === true) {
        if (publishing !== undefined) publishing.added(tx);
        else await deps.outbox?.add(tx, events);
      }
      return {
        nextVersion: expectedVersion + events.length,
        positions: inserted.rows.map((r) => r.global_position),
      };
    },

    async readStream(streamId, options = {}) {
      const executor = options.executor ?? sql;
      const result = await executor.query<EventRow>(
        `SELECT ${columns} FROM ${s}.events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version`,
        [streamId, options.fromVersion ?? 1],
      );
      return result.rows.map(toStoredEvent);
    },

    async readAll(fromPosition, limit) {
      const result = await sql.query<EventRow>(
        `SELECT ${columns} FROM ${s}.events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
        [fromPosition, limit],
      );
      return result.rows.map(toStoredEvent);
    },
  };
}

/** PostgreSQL's name for the outbox's unique event id (see messaging-migrations). */
const OUTBOX_EVENT_ID_KEY = 'outbox_event_id_key';

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.event_id,
    type: row.type,
    version: row.version,
    source: row.source,
    subject: row.subject,
    time: new Date(row.time).toISOString(),
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    data: row.data,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: Number(row.global_position),
  };
}
