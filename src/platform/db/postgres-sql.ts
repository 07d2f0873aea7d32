import pg from 'pg';
import { AppError } from '../errors/app-error.js';
import type { Logger } from '../observability/logger.js';
import { SqlErrors, type Sql, type SqlResult, type SqlTransaction } from './sql.js';
import { sqlState } from './sql-errors.js';
import { preparedStatements } from './prepared-statements.js';
import { TransactionScope } from './transaction-scope.js';
import { elementParsers, parseBytea, TypeOids } from './type-parsers.js';

export interface PostgresSqlOptions {
  url: string;
  /** Connections in the pool; DATABASE_POOL_SIZE. */
  poolSize?: number;
  log?: Logger;
}

/**
 * The PostgreSQL adapter over a `pg` pool. Type parsers are set on this pool only (never on the global
 * `pg.types`), so they agree with PGlite without changing any other pg user in the process. The pool is
 * tried once at creation so a wrong DATABASE_URL fails start-up with `SQL.UNAVAILABLE`, not the first
 * request.
 */
export async function createPostgresSql(options: PostgresSqlOptions): Promise<Sql> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    types: { getTypeParser },
  });
  // An idle client losing its connection emits here; without a listener it would crash the process.
  pool.on('error', (error) => options.log?.warn({ err: error }, 'idle PostgreSQL connection failed'));
  // A client the pool or a transaction already gave up on may still receive its server's farewell (57P01
  // after a shutdown) while it closes, when nobody listens any more: pg-pool's own query path and a
  // destroyed client both leave that gap. An 'error' with no listener ends the process, so every client
  // keeps this one for its whole life; the listeners that handle errors still run beside it.
  pool.on('connect', (client) => client.on('error', ignoreLateError));

  const scope = new TransactionScope();
  const prepared = preparedStatements();
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;
  /** Runs one operation of the Sql, refused once closing, and counted so close() can wait for it. */
  const operation = <T>(call: () => Promise<T>): Promise<T> => {
    if (closing !== undefined)
      return Promise.reject(new AppError(SqlErrors.CLOSED, 'The PostgreSQL pool is closed'));
    try {
      scope.assertOutside();
    } catch (error) {
      return Promise.reject(error);
    }
    const pending = call();
    const settled = pending.then(
      () => undefined,
      () => undefined,
    );
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    return pending;
  };

  const sql: Sql = {
    dialect: 'postgres',
    query<Row>(text: string, params: readonly unknown[] = []) {
      return operation(async () =>
        toResult<Row>(await run(() => pool.query<Row & pg.QueryResultRow>(prepared(text, params)))),
      );
    },
    exec(script: string) {
      // No parameters: pg then uses the simple protocol, which accepts several statements.
      return operation(async () => {
        await run(() => pool.query(script));
      });
    },
    transaction<T>(work: (tx: SqlTransaction) => Promise<T>) {
      return operation(() => runTransaction(pool, prepared, (tx) => scope.run(() => work(tx)), options.log));
    },
    ping() {
      return operation(async () => {
        await run(() => pool.query('select 1'));
      });
    },
    close() {
      scope.assertOutside();
      // pg's pool.end() strands queries still waiting for a connection: let every operation settle first.
      closing ??= Promise.allSettled([...inFlight]).then(() => pool.end());
      return closing;
    },
  };

  try {
    await sql.ping();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return sql;
}

async function runTransaction<T>(
  pool: pg.Pool,
  prepared: ReturnType<typeof preparedStatements>,
  work: (tx: SqlTransaction) => Promise<T>,
  log: Logger | undefined,
): Promise<T> {
  const client = await run(() => pool.connect());
  // A checked-out client has no listener of the pool's: when the server ends its session (a restart,
  // pg_terminate_backend) it emits 'error', which without this listener would crash the process. The
  // error is kept so the transaction fails as SQL.UNAVAILABLE and the dead client is destroyed, not pooled.
  let lost: AppError | undefined;
  const onLost = (error: Error): void => {
    lost ??= unavailable(error);
    log?.warn({ err: error }, 'PostgreSQL connection lost inside a transaction');
  };
  client.on('error', onLost);
  let open = true;
  const check = (): void => {
    if (lost !== undefined) throw lost;
    if (!open) throw new AppError(SqlErrors.TRANSACTION_CLOSED, 'This transaction has already ended');
  };
  const committed: Array<() => void> = [];
  const tx: SqlTransaction = {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      check();
      return toResult<Row>(await run(() => client.query<Row & pg.QueryResultRow>(prepared(text, params))));
    },
    async exec(script: string) {
      check();
      await run(() => client.query(script));
    },
    afterCommit(callback) {
      check();
      committed.push(callback);
    },
  };
  try {
    await run(() => client.query('begin'));
    const result = await work(tx);
    open = false;
    if (lost !== undefined) throw lost;
    await run(() => client.query('commit'));
    release(client, onLost, undefined);
    // Here, after `work`'s scope has ended, a callback may use the Sql; the connection is back in the pool.
    runAfterCommit(committed, log);
    return result;
  } catch (error) {
    open = false;
    // The work may have swallowed the query's error and thrown its own: report the connection's loss.
    if (lost !== undefined) {
      release(client, onLost, lost);
      throw lost;
    }
    await rollback(client, onLost, error, log);
    throw error;
  }
}

/** Returns the client to the pool, or destroys it when `broken` is given; the loss listener goes first. */
function release(client: pg.PoolClient, onLost: (error: Error) => void, broken: Error | undefined): void {
  client.off('error', onLost);
  client.release(broken);
}

function ignoreLateError(): void {}

/** Runs a committed transaction's callbacks; one that throws must not make the caller think it failed. */
function runAfterCommit(callbacks: ReadonlyArray<() => void>, log: Logger | undefined): void {
  for (const callback of callbacks) {
    try {
      callback();
    } catch (error) {
      log?.warn({ err: error }, 'an after-commit callback failed; the transaction is committed');
    }
  }
}

/** Rolls back and returns the client; a client whose rollback fails is destroyed, not reused. */
async function rollback(
  client: pg.PoolClient,
  onLost: (error: Error) => void,
  cause: unknown,
  log: Logger | undefined,
): Promise<void> {
  try {
    await client.query('rollback');
    release(client, onLost, undefined);
  } catch (rollbackError) {
    log?.warn({ err: rollbackError, cause }, 'rollback failed; dropping the connection');
    release(
      client,
      onLost,
      rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError)),
    );
  }
}

/** Runs a driver call, turning "cannot reach the server" into `SQL.UNAVAILABLE`; SQL errors pass through. */
async function run<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isConnectionFailure(error)) throw unavailable(error);
    throw error;
  }
}

/**
 * `SQL.UNAVAILABLE` is transient: it carries 503 so an HTTP caller is told to retry rather than shown a
 * 500, and consumers back off and retry the event.
 */
function unavailable(cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AppError(SqlErrors.UNAVAILABLE, `PostgreSQL is unavailable: ${reason}`, { status: 503, cause });
}

function isConnectionFailure(error: unknown): boolean {
  const state = sqlState(error);
  // Class 08 is "connection exception"; 57P0x are shutdowns; 3D000 a missing database; 28xxx auth.
  if (state !== undefined) return /^(08|57P0|3D000|28)/.test(state);
  // Node socket errors (ECONNREFUSED, ...) and pg's own "Connection terminated" / timeout errors.
  return (
    error instanceof Error &&
    (/^E[A-Z]+$/.test(String((error as { code?: unknown }).code)) ||
      /connection|timeout/i.test(error.message))
  );
}

function toResult<Row>(result: pg.QueryResult): SqlResult<Row> {
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
}

type TextParser = (value: string) => unknown;

/** pg's defaults except the shared element parsers, their arrays, and bytea as a plain Uint8Array. */
function getTypeParser(oid: number, format?: 'text' | 'binary'): TextParser {
  if (format !== 'binary') {
    const element = elementParsers[oid];
    if (element !== undefined) return element;
    const ofArray = ARRAY_ELEMENTS[oid];
    if (ofArray !== undefined) return (value) => mapArray(parseTextArray(value), ofArray);
  }
  // pg's typings declare this as returning any; every text parser takes the raw string.
  return pg.types.getTypeParser(oid, format) as TextParser;
}

// pg's TypeId enum lists no array OIDs, though its parser table holds them.
const TEXT_ARRAY_OID: number = TypeOids.TEXT_ARRAY;

/** pg's text[] parser splits any array literal (quoting, NULLs, nesting) into strings and nulls. */
const parseTextArray = pg.types.getTypeParser(TEXT_ARRAY_OID, 'text') as (value: string) => unknown;

function mapArray(value: unknown, parse: TextParser): unknown {
  if (Array.isArray(value)) return value.map((entry) => mapArray(entry, parse));
  return value === null ? null : parse(value as string);
}

const ARRAY_ELEMENTS: Readonly<Record<number, TextParser>> = {
  [TypeOids.INT8_ARRAY]: Number,
  [TypeOids.DATE_ARRAY]: (value) => value,
  [TypeOids.TIMESTAMP_ARRAY]: elementParsers[TypeOids.TIMESTAMP] ?? String,
  [TypeOids.BYTEA_ARRAY]: parseBytea,
};
