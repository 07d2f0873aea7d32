import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { AppError } from '../errors/app-error.js';
import type { Logger } from '../observability/logger.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { Mutex } from './mutex.js';
import { TransactionScope } from './transaction-scope.js';
import { SqlErrors, type Sql, type SqlResult, type SqlTransaction } from './sql.js';
import { elementParsers } from './type-parsers.js';

export interface PgliteSqlOptions {
  /** A directory for the database files; undefined keeps it in memory. Locked while open. */
  dataDir?: string;
  /** A `dumpDataDir()` tarball to start from instead of running initdb (tests clone a prepared one). */
  loadDataDir?: Blob | File;
  log?: Logger;
}

/** The PGlite instance behind a Sql, for tools that need it (test dumps); not for service code. */
export interface PgliteSql extends Sql {
  readonly dialect: 'pglite';
  /** A tarball of the whole data directory, taken under the mutex so no transaction is half-written. */
  dumpDataDir(): Promise<File | Blob>;
}

/**
 * The embedded adapter: one PGlite connection with pg_trgm loaded. Every query, script and transaction
 * goes through one mutex, because PGlite has a single session and a transaction must not see another
 * caller's statements land inside it.
 */
export async function createPgliteSql(options: PgliteSqlOptions = {}): Promise<PgliteSql> {
  const lock: DataDirLock | undefined =
    options.dataDir === undefined ? undefined : await lockDataDir(options.dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create({
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
      extensions: { pg_trgm },
      parsers: elementParsers,
    });
  } catch (error) {
    await lock?.release();
    throw new AppError(SqlErrors.UNAVAILABLE, `PGlite could not open ${options.dataDir ?? 'in memory'}`, {
      cause: error,
    });
  }
  options.log?.debug({ dataDir: options.dataDir ?? 'memory' }, 'PGlite opened');

  const mutex = new Mutex();
  const scope = new TransactionScope();
  let closing: Promise<void> | undefined;
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    if (closing !== undefined) throw new AppError(SqlErrors.CLOSED, 'The PGlite database is closed');
    scope.assertOutside();
    return mutex.run(work);
  };

  return {
    dialect: 'pglite',
    query<Row>(text: string, params: readonly unknown[] = []) {
      return guard(async () => toResult<Row>(await db.query<Row>(text, [...params])));
    },
    exec(script: string) {
      return guard(async () => {
        await db.exec(script);
      });
    },
    async transaction<T>(work: (tx: SqlTransaction) => Promise<T>) {
      const committed: Array<() => void> = [];
      const result = await guard(() =>
        db.transaction(async (raw) => {
          const tx = transactionExecutor(raw, committed);
          try {
            return await scope.run(() => work(tx.executor));
          } finally {
            tx.end();
          }
        }),
      );
      // Outside `work`'s scope and the mutex: a callback may use this Sql.
      runAfterCommit(committed, options.log);
      return result;
    },
    async ping() {
      await guard(() => db.query('select 1'));
    },
    dumpDataDir() {
      return guard(() => db.dumpDataDir('none'));
    },
    close() {
      scope.assertOutside();
      // Refuse new work at once, let the work already queued finish (closing under a running transaction
      // would lose it), then close and unlock; every caller of close() waits for the same end.
      closing ??= mutex.run(() => db.close()).finally(() => lock?.release());
      return closing;
    },
  };
}

/**
 * The executor handed to transaction work; it refuses use after the transaction ended. Its after-commit
 * callbacks go to `committed`, which the caller runs once PGlite has committed.
 */
function transactionExecutor(
  raw: Transaction,
  committed: Array<() => void>,
): { executor: SqlTransaction; end(): void } {
  let open = true;
  const check = (): void => {
    if (!open) throw new AppError(SqlErrors.TRANSACTION_CLOSED, 'This transaction has already ended');
  };
  return {
    executor: {
      async query<Row>(text: string, params: readonly unknown[] = []) {
        check();
        return toResult<Row>(await raw.query<Row>(text, [...params]));
      },
      async exec(script: string) {
        check();
        await raw.exec(script);
      },
      afterCommit(callback) {
        check();
        committed.push(callback);
      },
    },
    end() {
      open = false;
    },
  };
}

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

function toResult<Row>(result: Results<Row>): SqlResult<Row> {
  // rowCount is the command tag's count (rows written, or rows a SELECT returned), as `pg` reports it.
  return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
}
