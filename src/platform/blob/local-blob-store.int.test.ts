import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { blobStoreContract } from './blob-store.contract.js';
import { createBlobStore } from './create-blob-store.js';
import { createLocalBlobStore } from './local-blob-store.js';

/** Every file under `dir`, relative to it: what a store left behind, temp files and escapes included. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

blobStoreContract('local directory', async () => {
  // The root sits one level down, so a write that escaped it would show in the listing.
  const sandbox = await mkdtemp(path.join(os.tmpdir(), 'sattzabite-blob-'));
  const store = await createLocalBlobStore({ root: path.join(sandbox, 'files') });
  return {
    store,
    keys: () => filesUnder(sandbox),
    close: () => rm(sandbox, { recursive: true, force: true }),
  };
});

describe('local blob store', () => {
  const sandboxes: string[] = [];
  const sandbox = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sattzabite-blob-'));
    sandboxes.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(sandboxes.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('keeps each blob as one file named by its key, and no temp file once written', async () => {
    const dir = await sandbox();
    const store = await createLocalBlobStore({ root: dir });
    await store.put('images/a.png', Buffer.from('png'), { contentType: 'image/png' });
    expect(await filesUnder(dir)).toEqual([path.join('images', 'a.png')]);
  });

  it('removes temp files a crash left behind, and only old ones', async () => {
    const dir = await sandbox();
    await createLocalBlobStore({ root: dir });
    const old = path.join(dir, '.tmp', 'old.part');
    const recent = path.join(dir, '.tmp', 'recent.part');
    await writeFile(old, 'half');
    await writeFile(recent, 'in flight elsewhere');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await utimes(old, twoHoursAgo, twoHoursAgo);
    await createLocalBlobStore({ root: dir });
    expect(await filesUnder(dir)).toEqual([path.join('.tmp', 'recent.part')]);
  });

  it('is what the settings give without S3_ENDPOINT, under DATA_DIR/files', async () => {
    const dir = await sandbox();
    const store = await createBlobStore(loadConfig({ DATA_DIR: dir }));
    expect(store.kind).toBe('local');
    await store.put('x/y.png', Buffer.from('png'), { contentType: 'image/png' });
    expect((await stat(path.join(dir, 'files', 'x', 'y.png'))).size).toBe(3);
  });
});
