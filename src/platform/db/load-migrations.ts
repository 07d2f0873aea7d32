import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors/app-error.js';
import { SqlErrors, type Migration } from './sql.js';

const MIGRATION_FILE = /^(\d+)_([A-Za-z0-9_-]+)\.sql$/;

/**
 * Reads a service's migrations from `dir`: every `NNN_some_name.sql`, ordered by NNN (the version).
 * Other files are ignored; a `.sql` file not named so, or two files with one version, is refused with
 * `SQL.MIGRATION_INVALID` because a silently skipped migration would surface later as a missing table.
 * Synchronous on purpose: it runs once at start-up, before anything is served.
 */
export function loadMigrations(service: string, dir: URL | string): Migration[] {
  const folder = dir instanceof URL ? fileURLToPath(dir) : dir;
  const byVersion = new Map<number, Migration>();
  for (const file of readdirSync(folder)) {
    if (!file.endsWith('.sql')) continue;
    const match = MIGRATION_FILE.exec(file);
    if (match === null) {
      throw new AppError(
        SqlErrors.MIGRATION_INVALID,
        `Migration file ${file} in ${folder} is not named NNN_name.sql`,
        {
          details: { service, file },
        },
      );
    }
    const version = Number(match[1]);
    const existing = byVersion.get(version);
    if (existing !== undefined) {
      throw new AppError(
        SqlErrors.MIGRATION_INVALID,
        `Migrations ${existing.name} and ${match[2] ?? file} of ${service} share version ${version}`,
        { details: { service, version } },
      );
    }
    byVersion.set(version, {
      service,
      version,
      name: match[2] ?? file,
      sql: readFileSync(path.join(folder, file), 'utf8'),
    });
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}
