import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from './load-migrations.js';
import { SqlErrors } from './sql.js';

let dir: string | undefined;

function folder(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sattzabite-migrations-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('loadMigrations', () => {
  it('reads NNN_name.sql files in version order, from a path or a file URL', () => {
    const at = folder({
      '010_add_index.sql': 'create index;',
      '002_create_items.sql': 'create table;',
      '001_create_schema.sql': 'create schema;',
      'README.md': 'not a migration',
    });
    const expected = [
      { service: 'orders', version: 1, name: 'create_schema', sql: 'create schema;' },
      { service: 'orders', version: 2, name: 'create_items', sql: 'create table;' },
      { service: 'orders', version: 10, name: 'add_index', sql: 'create index;' },
    ];
    expect(loadMigrations('orders', at)).toEqual(expected);
    expect(loadMigrations('orders', pathToFileURL(`${at}/`))).toEqual(expected);
  });

  it('refuses a .sql file that is not named NNN_name.sql', () => {
    const at = folder({ '001_ok.sql': '', 'init.sql': '' });
    expect(() => loadMigrations('orders', at)).toThrowCode(SqlErrors.MIGRATION_INVALID);
  });

  it('refuses two files with one version', () => {
    const at = folder({ '001_a.sql': '', '01_b.sql': '' });
    expect(() => loadMigrations('orders', at)).toThrowCode(SqlErrors.MIGRATION_INVALID);
  });
});
