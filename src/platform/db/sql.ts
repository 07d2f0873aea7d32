/**
 * The SQL port. Two adapters stand behind it: PGlite (embedded, one serialised connection, a locked data
 * directory) and PostgreSQL (a pool). Both speak PostgreSQL 15 SQL with `$1` parameters and return the
 * same JavaScript types: int2/int4/int8 as number, numeric as string, timestamptz (and timestamp, read as
 * UTC) as Date, date as a 'YYYY-MM-DD' string, json/jsonb parsed, bytea as Uint8Array, SQL NULL as null.
 * Database errors are passed through with their SQLSTATE in `code` (see sql-errors.ts to test them).
 *
 * Tables are always named with their service's schema (`auth.users`), so one database holds every
 * service and no connection state (search_path) is needed.
 */
export interface SqlResult<Row> {
  rows: Row[];
  /** Rows inserted, updated, deleted or returned. */
  rowCount: number;
}

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
}

/** The executor a transaction's work receives: queries, plus scripts (a migration runs inside one). */
export interface SqlTransaction extends SqlExecutor {
  /** Runs a script of several statements without parameters, inside the transaction. */
  exec(script: string): Promise<void>;
  /**
   * Runs `callback` once after the transaction commits, before `transaction` resolves; never when it
   * rolls back or its commit fails. The callback runs outside the transaction, so it may use the Sql. One
   * that throws is logged and ignored: the commit stands, and the other callbacks still run.
   */
  afterCommit(callback: () => void): void;
}

export interface Sql extends SqlExecutor {
  readonly dialect: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws (the error is
   * rethrown). Inside `work`, use only `tx`: a call on this Sql from inside it (a query, or a nested
   * transaction) is refused with `SQL.CALL_INSIDE_TRANSACTION`, since on one connection it would hang.
   * Pass the executor down to the functions the work calls.
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations, schema resets). */
  exec(script: string): Promise<void>;
  /** Resolves when the database answers; used by /ready. */
  ping(): Promise<void>;
  /** Closes the connection or pool, and releases the data-dir lock. */
  close(): Promise<void>;
}

/** A versioned migration of one service's schema. */
export interface Migration {
  service: string;
  version: number;
  name: string;
  sql: string;
}

export const SqlErrors = {
  DATA_DIR_LOCKED: 'SQL.DATA_DIR_LOCKED',
  MIGRATION_CHANGED: 'SQL.MIGRATION_CHANGED',
  MIGRATION_FAILED: 'SQL.MIGRATION_FAILED',
  /** A migrations folder holds a badly named file or two files with one version. */
  MIGRATION_INVALID: 'SQL.MIGRATION_INVALID',
  /** A transaction's executor was used after its transaction ended. */
  TRANSACTION_CLOSED: 'SQL.TRANSACTION_CLOSED',
  /** The Sql itself was called inside its own transaction's work, where only `tx` may be used. */
  CALL_INSIDE_TRANSACTION: 'SQL.CALL_INSIDE_TRANSACTION',
  /** The adapter was used after close(). */
  CLOSED: 'SQL.CLOSED',
  UNIQUE_VIOLATION: 'SQL.UNIQUE_VIOLATION',
  UNAVAILABLE: 'SQL.UNAVAILABLE',
} as const;
