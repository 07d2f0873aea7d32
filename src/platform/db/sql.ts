/**
 * The SQL port. Two adapters stand behind it: PGlite (embedded, one serialised connection, a locked data
 * directory) and PostgreSQL (a pool). Both speak PostgreSQL 15 SQL with `$1` parameters and return the
 * same JavaScript types: int2/int4/int8 as number, numeric as string, timestamptz as Date, json/jsonb
 * parsed, bytea as Uint8Array.
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

export interface Sql extends SqlExecutor {
  readonly dialect: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws (the error is
   * rethrown). Nested calls on the transaction's executor are not supported: pass the executor down.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
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
  UNIQUE_VIOLATION: 'SQL.UNIQUE_VIOLATION',
  UNAVAILABLE: 'SQL.UNAVAILABLE',
} as const;
