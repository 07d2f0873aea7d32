import { createHash } from 'node:crypto';
import { AppError, hasCode } from '../errors/app-error.js';
import type { Logger } from '../observability/logger.js';
import { SqlErrors, type Migration, type Sql, type SqlExecutor } from './sql.js';

/**
 * One advisory-lock key for every migrator. Taken with pg_advisory_xact_lock inside each migration's
 * transaction, so two processes starting at once against one PostgreSQL apply each migration once: the
 * second waits, then sees the row the first committed. (On PGlite it is a no-op: one connection.)
 */
const MIGRATION_LOCK_KEY = 7_301_954_120;

const CREATE_TABLE = `
  create table if not exists public.schema_migrations (
    service text not null,
    version int not null,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now(),
    primary key (service, version)
  )`;

/** The checksum stored with an applied migration; any edit to the file changes it. */
export function migrationChecksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

/**
 * Applies the pending `migrations` in order, each in its own transaction together with its
 * `public.schema_migrations` row. Refuses with `SQL.MIGRATION_CHANGED` (before applying anything) when an
 * applied migration's file changed since; a failing migration rolls back alone and is reported as
 * `SQL.MIGRATION_FAILED` naming its service and version (earlier ones stay applied).
 */
export async function migrate(
  sql: Sql,
  migrations: readonly Migration[],
  log?: Logger,
): Promise<{ applied: Migration[] }> {
  await sql.transaction(async (tx) => {
    await lockMigrations(tx);
    await tx.query(CREATE_TABLE);
  });

  const ordered = [...migrations].sort((a, b) => a.service.localeCompare(b.service) || a.version - b.version);
  for (const migration of ordered) {
    const checksum = await appliedChecksum(sql, migration);
    if (checksum !== undefined) refuseIfChanged(migration, checksum);
  }

  const applied: Migration[] = [];
  for (const migration of ordered) {
    const didApply = await applyOne(sql, migration);
    if (didApply) {
      applied.push(migration);
      log?.info(
        { service: migration.service, version: migration.version, name: migration.name },
        'migration applied',
      );
    }
  }
  return { applied };
}

async function applyOne(sql: Sql, migration: Migration): Promise<boolean> {
  try {
    return await sql.transaction(async (tx) => {
      await lockMigrations(tx);
      // Checked again under the lock: another process may have applied it since the first read.
      const checksum = await appliedChecksum(tx, migration);
      if (checksum !== undefined) {
        refuseIfChanged(migration, checksum);
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query(
        'insert into public.schema_migrations (service, version, name, checksum) values ($1, $2, $3, $4)',
        [migration.service, migration.version, migration.name, migrationChecksum(migration)],
      );
      return true;
    });
  } catch (error) {
    if (hasCode(error, SqlErrors.MIGRATION_CHANGED)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      SqlErrors.MIGRATION_FAILED,
      `Migration ${migration.service} ${migration.version} (${migration.name}) failed and was rolled back: ${reason}`,
      {
        details: { service: migration.service, version: migration.version, name: migration.name },
        cause: error,
      },
    );
  }
}

async function lockMigrations(tx: SqlExecutor): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
}

async function appliedChecksum(db: SqlExecutor, migration: Migration): Promise<string | undefined> {
  const { rows } = await db.query<{ checksum: string }>(
    'select checksum from public.schema_migrations where service = $1 and version = $2',
    [migration.service, migration.version],
  );
  return rows[0]?.checksum;
}

function refuseIfChanged(migration: Migration, checksum: string): void {
  if (checksum === migrationChecksum(migration)) return;
  throw new AppError(
    SqlErrors.MIGRATION_CHANGED,
    `Migration ${migration.service} ${migration.version} (${migration.name}) was already applied and its file ` +
      'has changed since: add a new migration instead of editing an applied one',
    { details: { service: migration.service, version: migration.version, name: migration.name } },
  );
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Drops `schemas` with everything in them and forgets their migrations (a schema is named after its
 * service, its extra sets `<schema>:<part>`), so a test can migrate from scratch. Not for production code paths.
 */
export async function resetSchemas(sql: Sql, schemas: readonly string[]): Promise<void> {
  for (const schema of schemas) {
    if (!IDENTIFIER.test(schema)) {
      throw new AppError(SqlErrors.MIGRATION_INVALID, `"${schema}" is not a plain lower-case schema name`);
    }
  }
  await sql.transaction(async (tx) => {
    await lockMigrations(tx);
    await tx.query(CREATE_TABLE);
    for (const schema of schemas) await tx.query(`drop schema if exists "${schema}" cascade`);
    // A schema's migration sets are keyed `<schema>` and `<schema>:<part>` (e.g. `orders:messaging`).
    await tx.query(
      "delete from public.schema_migrations where service = any($1::text[]) or split_part(service, ':', 1) = any($1::text[])",
      [[...schemas]],
    );
  });
}
