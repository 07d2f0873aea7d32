import type { Migration } from '../db/sql.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Refuses anything but a plain lower-case identifier: schema names are spliced into SQL text. */
export function assertSchemaName(schema: string): string {
  if (!IDENTIFIER.test(schema)) throw new Error(`Invalid schema name for messaging tables: ${schema}`);
  return schema;
}

/**
 * The messaging tables of one service, in that service's schema. They version under the service name
 * `<schema>:messaging`, independently of the service's own migrations. Ids are text rather than uuid so
 * that a malformed id from another process is refused by validation, not by a cast error mid-transaction.
 */
export function messagingMigrations(schema: string): Migration[] {
  const s = assertSchemaName(schema);
  return [
    {
      service: `${s}:messaging`,
      version: 1,
      name: 'event store, outbox, inbox, dead letters',
      sql: `
CREATE SCHEMA IF NOT EXISTS ${s};

CREATE TABLE ${s}.events (
  global_position bigserial PRIMARY KEY,
  stream_id text NOT NULL,
  stream_version integer NOT NULL,
  event_id text NOT NULL UNIQUE,
  type text NOT NULL,
  version integer NOT NULL,
  source text NOT NULL,
  subject text NOT NULL,
  time timestamptz NOT NULL,
  correlation_id text NOT NULL,
  causation_id text,
  data jsonb NOT NULL,
  UNIQUE (stream_id, stream_version)
);

CREATE TABLE ${s}.outbox (
  id bigserial PRIMARY KEY,
  event_id text NOT NULL UNIQUE,
  subject text NOT NULL,
  event jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON ${s}.outbox (id) WHERE published_at IS NULL;

CREATE TABLE ${s}.inbox (
  consumer text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

CREATE TABLE ${s}.dead_letters (
  id bigserial PRIMARY KEY,
  consumer text NOT NULL,
  event_id text NOT NULL,
  event jsonb NOT NULL,
  error text NOT NULL,
  attempts integer NOT NULL,
  failed_at timestamptz NOT NULL,
  redriven_at timestamptz,
  UNIQUE (consumer, event_id)
);
`,
    },
    {
      service: `${s}:messaging`,
      version: 2,
      name: 'append in one call with cached plans',
      sql: `
-- An append in one call: the version check, the events and, with p_publish, their outbox rows, from one
-- jsonb array of envelopes in order. PL/pgSQL keeps its statements' plans for the session, so an append is
-- not parsed and planned again each time (most of what it cost on the embedded database), and it is one
-- round trip. A stream at another version than p_expected: either no rows come back (it is behind, or new),
-- or the insert of version p_expected + 1 violates (stream_id, stream_version) (it moved on), which is also
-- how a concurrent append at the same version fails. So a new stream (p_expected = 0) needs no check.
CREATE FUNCTION ${s}.append_events(p_stream text, p_expected integer, p_events jsonb, p_publish boolean)
RETURNS SETOF bigint LANGUAGE plpgsql AS $append$
BEGIN
  IF p_expected > 0 AND NOT EXISTS (
    SELECT 1 FROM ${s}.events WHERE stream_id = p_stream AND stream_version = p_expected
  ) THEN
    RETURN;
  END IF;
  RETURN QUERY
    INSERT INTO ${s}.events (stream_id, stream_version, event_id, type, version, source, subject, time,
                             correlation_id, causation_id, data)
    SELECT p_stream, p_expected + i::integer, e->>'id', e->>'type', (e->>'version')::integer, e->>'source',
           e->>'subject', (e->>'time')::timestamptz, e->>'correlationId', e->>'causationId', e->'data'
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS listed(e, i)
     ORDER BY i
    RETURNING global_position;
  IF p_publish THEN
    INSERT INTO ${s}.outbox (event_id, subject, event)
    SELECT e->>'id', e->>'subject', e FROM jsonb_array_elements(p_events) WITH ORDINALITY AS listed(e, i)
     ORDER BY i;
  END IF;
END
$append$;
`,
    },
  ];
}
