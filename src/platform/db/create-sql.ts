import path from 'node:path';
import type { Config } from '../config/index.js';
import type { Logger } from '../observability/logger.js';
import { createPgliteSql } from './pglite-sql.js';
import { createPostgresSql } from './postgres-sql.js';
import type { Sql } from './sql.js';

/**
 * The Sql the configuration asks for: PostgreSQL when DATABASE_URL is set, else PGlite in
 * `${DATA_DIR}/pg` (locked against a second process).
 */
export async function createSql(
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'DATA_DIR'>,
  log: Logger,
): Promise<Sql> {
  if (config.DATABASE_URL !== undefined) {
    log.info({ dialect: 'postgres' }, 'using PostgreSQL');
    return createPostgresSql({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, log });
  }
  const dataDir = path.join(config.DATA_DIR, 'pg');
  log.info({ dialect: 'pglite', dataDir }, 'using embedded PGlite');
  return createPgliteSql({ dataDir, log });
}
