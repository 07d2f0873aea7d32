import { AppError } from '../errors/app-error.js';
import type { SqlExecutor } from '../db/sql.js';
import type { EventEnvelope } from './event-envelope.js';
import { MessagingErrors } from './messaging-errors.js';
import { assertSchemaName } from './messaging-migrations.js';

/** An event a consumer gave up on, with the last error; kept until an operator redrives it. */
export interface DeadLetter {
  id: number;
  consumer: string;
  eventId: string;
  event: EventEnvelope;
  error: string;
  attempts: number;
  failedAt: Date;
  /** When a redrive succeeded; null while the letter is waiting. */
  redrivenAt: Date | null;
}

/** Anything that can re-run its handler on a dead letter it owns (the consumer runner). */
export interface DeadLetterRedriver {
  readonly name: string;
  redrive(deadLetterId: number): Promise<void>;
}

interface DeadLetterRow {
  id: number;
  consumer: string;
  event_id: string;
  event: EventEnvelope;
  error: string;
  attempts: number;
  failed_at: Date;
  redriven_at: Date | null;
}

const COLUMNS = 'id, consumer, event_id, event, error, attempts, failed_at, redriven_at';

/** Dead letters of a schema, oldest first; waiting ones only unless `includeRedriven`. */
export async function listDeadLetters(
  sql: SqlExecutor,
  schema: string,
  options: { consumer?: string; includeRedriven?: boolean; limit?: number } = {},
): Promise<DeadLetter[]> {
  const s = assertSchemaName(schema);
  const result = await sql.query<DeadLetterRow>(
    `SELECT ${COLUMNS} FROM ${s}.dead_letters
     WHERE ($1::text IS NULL OR consumer = $1) AND ($2::boolean OR redriven_at IS NULL)
     ORDER BY id LIMIT $3`,
    [options.consumer ?? null, options.includeRedriven ?? false, options.limit ?? 100],
  );
  return result.rows.map(toDeadLetter);
}

/** One dead letter; AppError `EVENTS.DEAD_LETTER_NOT_FOUND` (404) when there is none with that id. */
export async function getDeadLetter(sql: SqlExecutor, schema: string, id: number): Promise<DeadLetter> {
  const s = assertSchemaName(schema);
  const result = await sql.query<DeadLetterRow>(`SELECT ${COLUMNS} FROM ${s}.dead_letters WHERE id = $1`, [
    id,
  ]);
  const row = result.rows[0];
  if (row === undefined) {
    throw new AppError(MessagingErrors.DEAD_LETTER_NOT_FOUND, `No dead letter ${id} in ${s}`, {
      details: { schema: s, id },
      status: 404,
    });
  }
  return toDeadLetter(row);
}

/**
 * Re-runs the owning consumer on a dead letter's event. On success the letter is marked redriven in the
 * same transaction as the handler's effect; on failure AppError `EVENTS.REDRIVE_FAILED` and the letter
 * keeps waiting with the new error.
 */
export async function redriveDeadLetter(
  sql: SqlExecutor,
  schema: string,
  id: number,
  consumers: Iterable<DeadLetterRedriver>,
): Promise<void> {
  const letter = await getDeadLetter(sql, schema, id);
  const consumer = [...consumers].find((c) => c.name === letter.consumer);
  if (consumer === undefined) {
    throw new AppError(MessagingErrors.DEAD_LETTER_NOT_FOUND, `No consumer ${letter.consumer} runs here`, {
      details: { schema, id, consumer: letter.consumer },
      status: 404,
    });
  }
  await consumer.redrive(id);
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: Number(row.id),
    consumer: row.consumer,
    eventId: row.event_id,
    event: row.event,
    error: row.error,
    attempts: row.attempts,
    failedAt: row.failed_at,
    redrivenAt: row.redriven_at,
  };
}
