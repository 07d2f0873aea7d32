export {
  SqlErrors,
  type Migration,
  type Sql,
  type SqlExecutor,
  type SqlResult,
  type SqlTransaction,
} from './sql.js';
export { createSql } from './create-sql.js';
export { createPgliteSql, type PgliteSql, type PgliteSqlOptions } from './pglite-sql.js';
export { createPostgresSql, type PostgresSqlOptions } from './postgres-sql.js';
export { lockDataDir, type DataDirLock } from './data-dir-lock.js';
export { loadMigrations } from './load-migrations.js';
export { migrate, migrationChecksum, resetSchemas } from './migrate.js';
export {
  SqlState,
  isForeignKeyViolation,
  isRetryableTransactionError,
  isSqlUnavailable,
  isUniqueViolation,
  sqlState,
  violatedConstraint,
} from './sql-errors.js';
