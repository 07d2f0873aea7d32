import { createPgliteSql, type PgliteSql } from '../../src/platform/db/pglite-sql.js';

/**
 * A prepared empty database's tarball, made once per test file (per worker process): initdb costs
 * ~3-4 s, restoring a dump ~1 s.
 */
let baseDump: Promise<File | Blob> | undefined;

/** The tarball of a fresh, empty database; also seeds on-disk directories (`createPgliteSql({ dataDir, loadDataDir })`). */
export function preparedDump(): Promise<File | Blob> {
  baseDump ??= (async () => {
    const base = await createPgliteSql();
    try {
      return await base.dumpDataDir();
    } finally {
      await base.close();
    }
  })();
  // A failed preparation must not poison every later test of the file with the same rejection.
  baseDump.catch(() => {
    baseDump = undefined;
  });
  return baseDump;
}

/**
 * A fresh in-memory PGlite Sql with the production adapter's parsers and mutex, cloned from a prepared
 * dump. Share one per file where tests allow it (reset schemas between tests) and close it in afterAll.
 */
export async function createTestSql(): Promise<PgliteSql> {
  return createPgliteSql({ loadDataDir: await preparedDump() });
}
