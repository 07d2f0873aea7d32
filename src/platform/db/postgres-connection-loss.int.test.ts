// A PostgreSQL session ended by the server (a restart, pg_terminate_backend) while a transaction holds its
// connection. The pg client then emits 'error' outside any query; unhandled, that crashed every node of a
// restarted database. Vitest fails the file on any uncaught error, so each test also proves that none escaped.
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer } from '../../../test/support/require-server.js';
import { createPostgresSql } from './postgres-sql.js';
import { isSqlUnavailable } from './sql-errors.js';
import { SqlErrors, type Sql } from './sql.js';

const server = await requireServer('DATABASE_URL');

/** A logger whose warn lines the test can wait for: the only sign that the client saw its session end. */
function recordingLogger() {
  const lines: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  return { log, lines };
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!server.available)('postgres adapter: a connection lost inside a transaction', () => {
  const admin = new pg.Client({ connectionString: server.url });
  const recorded = recordingLogger();
  let sql: Sql;

  const terminate = async (pid: number) => {
    await admin.query('select pg_terminate_backend($1)', [pid]);
  };
  const backendPid = async (tx: { query: Sql['query'] }) =>
    (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid ?? -1;

  beforeAll(async () => {
    await admin.connect();
    // One connection: a broken client put back in the pool would fail the very next call.
    sql = await createPostgresSql({ url: server.url, poolSize: 1, log: recorded.log });
  });
  afterAll(async () => {
    await sql?.close();
    await admin.end();
  });

  it('rejects with SQL.UNAVAILABLE (503) when the session ends during a query, and the pool serves the next one', async () => {
    const failed = sql.transaction(async (tx) => {
      const pid = await backendPid(tx);
      // pg_sleep keeps a query in flight while the session is ended from the other connection.
      const sleeping = tx.query('select pg_sleep(30)');
      // It fails as soon as the session ends, which may be before `await sleeping` below is reached: a
      // handler now keeps that from counting as an unhandled rejection (it is still awaited below).
      sleeping.catch(() => undefined);
      await until(
        async () =>
          (
            await admin.query("select 1 from pg_stat_activity where pid = $1 and query like '%pg_sleep%'", [
              pid,
            ])
          ).rowCount === 1,
        'the sleep to start',
      );
      await terminate(pid);
      await sleeping;
    });
    await expect(failed).rejects.toThrowCode(SqlErrors.UNAVAILABLE);
    await expect(failed).rejects.toMatchObject({ status: 503 });
    expect(await failed.catch(isSqlUnavailable)).toBe(true);

    expect((await sql.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    expect(await sql.transaction(async (tx) => (await tx.query('select 2 as two')).rows)).toEqual([
      { two: 2 },
    ]);
  });

  it('rejects with SQL.UNAVAILABLE when the session ends between two queries, even if the work swallows errors', async () => {
    const before = recorded.lines.length;
    const failed = sql.transaction(async (tx) => {
      await terminate(await backendPid(tx));
      await until(
        () =>
          recorded.lines.slice(before).some((line) => line.includes('connection lost inside a transaction')),
        "the client's error event",
      );
      // Work that hides its own failure must still not commit on a dead connection.
      await tx.query('select 1').catch(() => undefined);
      return 'done';
    });
    await expect(failed).rejects.toThrowCode(SqlErrors.UNAVAILABLE);

    expect(await sql.transaction(async (tx) => (await tx.query('select 3 as three')).rows)).toEqual([
      { three: 3 },
    ]);
  });

  it('survives an idle pooled connection being ended', async () => {
    const pid = (await sql.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid ?? -1;
    const before = recorded.lines.length;
    await terminate(pid);
    await until(
      () => recorded.lines.slice(before).some((line) => line.includes('idle PostgreSQL connection failed')),
      "the pool's error event",
    );
    expect((await sql.query<{ four: number }>('select 4 as four')).rows).toEqual([{ four: 4 }]);
  });
});
