import type { Sql, SqlExecutor } from '../../../platform/db/sql.js';

/** One entry of a live stream; `position` is its SSE id. */
export interface StreamEntry {
  position: number;
  streamKey: string;
  eventId: string;
  type: string;
  /** The live message JSON. */
  body: string;
}

export interface NewStreamEntry {
  streamKey: string;
  eventId: string;
  type: string;
  body: string;
  time: Date;
}

export interface StreamStore {
  /**
   * Appends entries in the caller's transaction; an (event, stream) already stored is left as it is.
   * Appends are serialised across instances until commit, so positions become visible in order.
   */
  append(tx: SqlExecutor, entries: readonly NewStreamEntry[], storedAt: Date): Promise<void>;
  /** Entries of any stream after `position`, in position order. */
  readAfter(position: number, limit: number): Promise<StreamEntry[]>;
  /** Entries of these streams after `position`, in position order. */
  readStreamsAfter(keys: readonly string[], position: number, limit: number): Promise<StreamEntry[]>;
  /** The last committed position (0 when there is none). */
  lastPosition(): Promise<number>;
  /** Deletes entries stored before `before` and moves the horizon past them; resolves to how many. */
  prune(before: Date): Promise<number>;
  /** The last position pruning may have removed (0 before any): a resume from before it lost entries. */
  prunedThrough(): Promise<number>;
}

interface EntryRow {
  position: number;
  stream_key: string;
  event_id: string;
  type: string;
  body: string;
}

const COLUMNS = 'position, stream_key, event_id, type, body';

export function createStreamStore(sql: Sql): StreamStore {
  const toEntry = (row: EntryRow): StreamEntry => ({
    position: Number(row.position),
    streamKey: row.stream_key,
    eventId: row.event_id,
    type: row.type,
    body: row.body,
  });

  return {
    async append(tx, entries, storedAt) {
      if (entries.length === 0) return;
      // Without this, two instances' transactions could commit positions out of order (11 before 10), and
      // a reader that saw 11 would skip 10 forever. PGlite has one connection: its writes are serial already.
      if (sql.dialect === 'postgres') {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('sattzabite.realtime.stream_events'))`);
      }
      const params: unknown[] = [];
      const values = entries.map((entry) => {
        params.push(entry.streamKey, entry.eventId, entry.type, entry.body, entry.time, storedAt);
        const n = params.length;
        return `($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
      });
      await tx.query(
        `INSERT INTO realtime.stream_events (stream_key, event_id, type, body, time, stored_at)
         VALUES ${values.join(', ')}
         ON CONFLICT (stream_key, event_id) DO NOTHING`,
        params,
      );
    },

    async readAfter(position, limit) {
      const { rows } = await sql.query<EntryRow>(
        `SELECT ${COLUMNS} FROM realtime.stream_events WHERE position > $1 ORDER BY position LIMIT $2`,
        [position, limit],
      );
      return rows.map(toEntry);
    },

    async readStreamsAfter(keys, position, limit) {
      const { rows } = await sql.query<EntryRow>(
        `SELECT ${COLUMNS} FROM realtime.stream_events
         WHERE stream_key = ANY($1::text[]) AND position > $2 ORDER BY position LIMIT $3`,
        [keys, position, limit],
      );
      return rows.map(toEntry);
    },

    async lastPosition() {
      // The committed maximum, never the sequence: a position handed to a transaction that has not
      // committed yet must still be read after this one.
      // Pruned positions count too: after a prune that emptied the table, "now" is not 0.
      const { rows } = await sql.query<{ last: number | null }>(
        `SELECT GREATEST((SELECT max(position) FROM realtime.stream_events),
                         (SELECT pruned_through FROM realtime.stream_horizon)) AS last`,
      );
      return Number(rows[0]?.last ?? 0);
    },

    async prunedThrough() {
      const { rows } = await sql.query<{ pruned_through: number }>(
        'SELECT pruned_through FROM realtime.stream_horizon',
      );
      return Number(rows[0]?.pruned_through ?? 0);
    },

    async prune(before) {
      const { rows } = await sql.query<{ removed: number }>(
        `WITH gone AS (DELETE FROM realtime.stream_events WHERE stored_at < $1 RETURNING position),
              moved AS (UPDATE realtime.stream_horizon
                           SET pruned_through = GREATEST(pruned_through, (SELECT max(position) FROM gone))
                         WHERE EXISTS (SELECT 1 FROM gone))
         SELECT count(*)::int AS removed FROM gone`,
        [before],
      );
      return rows[0]?.removed ?? 0;
    },
  };
}
