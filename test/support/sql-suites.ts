import { afterAll, beforeAll, describe } from 'vitest';
import { createPostgresSql } from '../../src/platform/db/postgres-sql.js';
import type { Sql } from '../../src/platform/db/sql.js';
import { requireServer } from './require-server.js';
import { createTestDatabase } from './test-database.js';
import { createTestSql } from './test-sql.js';

/** A database a suite opened, and how to let it go. */
export interface OpenedSql {
  sql: Sql;
  close(): Promise<void>;
}

export type SqlAdapterName = 'PGlite' | 'PostgreSQL';

/** A fresh in-memory PGlite of its own (see createTestSql). */
export async function openTestPglite(): Promise<OpenedSql> {
  const sql = await createTestSql();
  return { sql, close: () => sql.close() };
}

/**
 * A pool of `poolSize` on a database of its own, `<prefix>_<random>`, made on the PostgreSQL server at
 * `serverUrl`: test files run in parallel on one server. Closing it drops the database.
 */
export async function openTestPostgres(
  serverUrl: string,
  prefix: string,
  poolSize: number,
): Promise<OpenedSql> {
  const database = await createTestDatabase(serverUrl, prefix);
  let sql: Sql;
  try {
    sql = await createPostgresSql({ url: database.url, poolSize });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    sql,
    async close() {
      try {
        await sql.close();
      } finally {
        await database.drop();
      }
    },
  };
}

/**
 * Opens a database in the enclosing describe's beforeAll and closes it in its afterAll. Returns how the tests
 * reach it, which throws before it is open.
 */
export function sqlForSuite(open: () => Promise<OpenedSql>): () => Sql {
  let opened: OpenedSql | undefined;
  beforeAll(async () => {
    opened = await open();
  });
  afterAll(async () => {
    await opened?.close();
  });
  return () => {
    if (opened === undefined) throw new Error('the database is not open (it opens in beforeAll)');
    return opened.sql;
  };
}

/**
 * Registers `suite` twice: under `on PGlite`, on a PGlite of its own; under `on PostgreSQL`, on a database of
 * its own on the test server (see openTestPostgres), skipped with the reason printed when the server does
 * not answer, and failing under CI=true (see requireServer).
 */
export async function describeOnEachSqlAdapter(
  postgres: { prefix: string; poolSize: number },
  suite: (adapter: SqlAdapterName, database: () => Sql) => void,
): Promise<void> {
  describe('on PGlite', () => {
    suite('PGlite', sqlForSuite(openTestPglite));
  });
  const server = await requireServer('DATABASE_URL');
  describe.skipIf(!server.available)('on PostgreSQL', () => {
    suite(
      'PostgreSQL',
      sqlForSuite(() => openTestPostgres(server.url, postgres.prefix, postgres.poolSize)),
    );
  });
}
