import { Type, type Static } from 'typebox';
import type { SqlExecutor } from '../db/sql.js';
import type { EventEnvelope } from './event-envelope.js';
import { assertSchemaName } from './messaging-migrations.js';

export const MAX_PUBLISHED_EVENTS_PAGE = 5000;
const DEFAULT_PUBLISHED_EVENTS_PAGE = 1000;

/**
 * A page request over a publisher's retained outbox, as a client operation takes it (`publishedEvents`):
 * the events after outbox position `after` (0 or absent: from the start), oldest first.
 */
export const PublishedEventsInput = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PUBLISHED_EVENTS_PAGE })),
    /** Only these event types; all of them when absent. */
    types: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type PublishedEventsInput = Static<typeof PublishedEventsInput>;

/** One page; `next` is the `after` of the following page, or null once the end was reached. */
export interface PublishedEventsPage {
  events: EventEnvelope[];
  next: number | null;
}

/**
 * Reads the events a service has published, in outbox order, for consumers that rebuild what they derived
 * from them (`sattzabite replay <svc>`). Only published rows: an unpublished one is still on its way to the
 * consumers through the bus, so a rebuild that misses it still receives it. The outbox keeps its rows after
 * publishing, which is what makes this possible. Within one subject, outbox order is publish order.
 */
export async function readPublishedEvents(
  db: SqlExecutor,
  schema: string,
  input: PublishedEventsInput = {},
): Promise<PublishedEventsPage> {
  const s = assertSchemaName(schema);
  const limit = Math.min(input.limit ?? DEFAULT_PUBLISHED_EVENTS_PAGE, MAX_PUBLISHED_EVENTS_PAGE);
  const params: unknown[] = [input.after ?? 0, limit];
  let typeFilter = '';
  if (input.types !== undefined) {
    params.push(input.types);
    typeFilter = `AND event->>'type' = ANY($3::text[])`;
  }
  const { rows } = await db.query<{ id: number; event: EventEnvelope }>(
    `SELECT id, event FROM ${s}.outbox
      WHERE id > $1 AND published_at IS NOT NULL ${typeFilter}
      ORDER BY id LIMIT $2`,
    params,
  );
  const last = rows[rows.length - 1];
  return {
    events: rows.map((row) => row.event),
    next: rows.length < limit || last === undefined ? null : Number(last.id),
  };
}
