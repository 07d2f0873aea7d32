import type { Sql } from '../db/sql.js';
import { migrate } from '../db/migrate.js';
import { messagingMigrations } from './messaging-migrations.js';
import { uniqueName } from './messaging-test-kit.js';

/** A database for the messaging suites: each test takes a fresh schema, dropped at the end on PostgreSQL. */
export interface MessagingSqlFixture {
  available: boolean;
  sql: Sql;
  /** Creates a new schema with the messaging tables (and a test `effects` table) and returns its name. */
  freshSchema(): Promise<string>;
  close(): Promise<void>;
}

export function messagingSqlFixture(
  available: boolean,
  open: () => Promise<Sql>,
): () => Promise<MessagingSqlFixture> {
  let shared: Promise<MessagingSqlFixture> | undefined;
  return () => {
    shared ??= (async () => {
      if (!available) {
        // Never used: the suites skip. A typed stand-in keeps the fixture's shape simple.
        return {
          available,
          sql: undefined as unknown as Sql,
          freshSchema: async () => '',
          close: async () => {},
        };
      }
      const sql = await open();
      const schemas: string[] = [];
      let closed = false;
      return {
        available,
        sql,
        async freshSchema() {
          const schema = uniqueName('msg').toLowerCase();
          schemas.push(schema);
          await migrate(sql, messagingMigrations(schema));
          await sql.exec(`CREATE TABLE ${schema}.effects (event_id text NOT NULL, consumer text NOT NULL)`);
          return schema;
        },
        async close() {
          if (closed) return;
          closed = true;
          if (sql.dialect === 'postgres') {
            for (const schema of schemas) await sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await sql.query('DELETE FROM public.schema_migrations WHERE service = ANY($1::text[])', [
              schemas.map((s) => `${s}:messaging`),
            ]);
          }
          await sql.close();
        },
      };
    })();
    return shared;
  };
}
