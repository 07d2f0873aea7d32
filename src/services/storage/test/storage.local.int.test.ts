import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import { createLocalBlobStore } from '../../../platform/blob/index.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createStorageService, storageErrorStatuses, type FileView } from '../index.js';
import { PNG_1X1 } from './image-fixtures.js';
import { multipartForm } from './multipart-form.js';
import { storageRouteSuite } from './storage-routes.suite.js';
import { createTestSql, type BlobFixture } from './storage-harness.js';

/** Every file under `dir`, as paths relative to `root` with `/` ('../…' when outside it). */
async function filesRelativeTo(dir: string, root: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** A local store rooted two levels into a sandbox, so anything written outside the root is seen. */
async function localBlobFixture(): Promise<BlobFixture> {
  const sandbox = await mkdtemp(path.join(os.tmpdir(), 'sattzabite-storage-'));
  const root = path.join(sandbox, 'data', 'files');
  const store = await createLocalBlobStore({ root });
  return {
    store,
    keys: () => filesRelativeTo(sandbox, root),
    async clear() {
      for (const entry of await readdir(root)) {
        if (entry !== '.tmp') await rm(path.join(root, entry), { recursive: true, force: true });
      }
    },
    close: () => rm(sandbox, { recursive: true, force: true }),
  };
}

storageRouteSuite('a local directory', localBlobFixture);

describe('storage with the blob store from the settings', () => {
  let sql: PgliteSql;
  let platform: TestPlatform;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sattzabite-data-'));
    sql = await createTestSql();
    platform = await startTestPlatform(sql, {
      build: async (deps) => [
        await createStorageService({
          ...deps,
          catalog: { getItems: async () => ({ items: [] }) },
          restaurants: { getRestaurant: async ({ id }) => ({ id }) },
        }),
      ],
      errorStatuses: storageErrorStatuses,
      schemas: ['storage'],
      env: { DATA_DIR: dataDir },
    });
  });
  afterAll(async () => {
    await platform?.close();
    await sql?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes the blobs under DATA_DIR/files when no S3 endpoint is set', async () => {
    const { token } = await platform.user({ roles: ['CUSTOMER'] });
    const { payload, headers } = multipartForm([
      { name: 'purpose', value: 'AVATAR' },
      { name: 'file', bytes: PNG_1X1, filename: 'me.png', contentType: 'image/png' },
    ]);
    const response = await platform.app.inject({
      method: 'POST',
      url: '/api/storage/upload',
      headers: { ...headers, authorization: `Bearer ${token}` },
      payload,
    });
    expect(response.statusCode).toBe(201);
    const { id } = response.json<FileView>();
    expect(await filesRelativeTo(dataDir, dataDir)).toEqual([`files/avatar/${id}.png`]);
  });
});
