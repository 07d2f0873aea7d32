import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireServer } from '../../../test/support/require-server.js';
import { silentLogger } from '../observability/logger.js';
import { createSql } from './create-sql.js';

const server = await requireServer('DATABASE_URL');

describe('createSql', () => {
  it.skipIf(!server.available)('uses PostgreSQL when DATABASE_URL is set', async () => {
    const sql = await createSql(
      { DATABASE_URL: server.url, DATABASE_POOL_SIZE: 2, DATA_DIR: '/nonexistent' },
      silentLogger(),
    );
    try {
      expect(sql.dialect).toBe('postgres');
      await sql.ping();
    } finally {
      await sql.close();
    }
  });

  it('uses PGlite in DATA_DIR/pg, locked while open, when DATABASE_URL is unset', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sattzabite-create-sql-'));
    try {
      const sql = await createSql(
        { DATABASE_URL: undefined, DATABASE_POOL_SIZE: 2, DATA_DIR: dataDir },
        silentLogger(),
      );
      try {
        expect(sql.dialect).toBe('pglite');
        expect(await readdir(path.join(dataDir, 'pg'))).toContain('sattzabite.lock');
      } finally {
        await sql.close();
      }
      expect(await readdir(path.join(dataDir, 'pg'))).not.toContain('sattzabite.lock');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
