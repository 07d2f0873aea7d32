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
  ];
}
