import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import {
  assertBlobKey,
  blobIncomplete,
  blobUnavailable,
  type BlobBody,
  type BlobInfo,
  type BlobObject,
  type BlobPutOptions,
  type BlobStore,
} from './blob-store.port.js';

export interface LocalBlobStoreOptions {
  /** The directory holding the blobs (created when missing), e.g. `${DATA_DIR}/files`. */
  root: string;
  /** Temp files older than this are left-overs of a crash and removed at start (default one hour). */
  staleTempMs?: number;
}

/**
 * Where writes are staged. Keys never start with a dot, so this name cannot clash with a blob, and it lies
 * under the root so the final rename stays on one filesystem (a rename across filesystems is not atomic).
 */
const TEMP_DIR = '.tmp';

/**
 * Blobs as files under one directory. A put writes a temp file, syncs it and renames it over the target:
 * readers see the old file or the new one, never a half-written one.
 */
export async function createLocalBlobStore(options: LocalBlobStoreOptions): Promise<BlobStore> {
  const root = path.resolve(options.root);
  const tempDir = path.join(root, TEMP_DIR);
  await mkdir(tempDir, { recursive: true });
  await removeStaleTemps(tempDir, options.staleTempMs ?? 3_600_000);

  const fileOf = (key: string): string => {
    assertBlobKey(key);
    const file = path.resolve(root, ...key.split('/'));
    // The key rules already exclude `..`; this is the last line should they ever be loosened.
    if (!file.startsWith(root + path.sep)) throw blobUnavailable('resolve a key inside its root', key, null);
    return file;
  };

  return {
    kind: 'local',

    async put(key: string, body: BlobBody, putOptions: BlobPutOptions): Promise<BlobInfo> {
      const target = fileOf(key);
      const temp = path.join(tempDir, `${randomUUID()}.part`);
      try {
        const size = await writeSynced(temp, key, body, putOptions);
        await fsStep('store', key, async () => {
          await mkdir(path.dirname(target), { recursive: true });
          await rename(temp, target);
        });
        return { size };
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },

    async get(key: string): Promise<BlobObject | undefined> {
      const file = fileOf(key);
      const handle = await fsStep('open', key, () => openExisting(file));
      if (handle === undefined) return undefined;
      try {
        // Size and bytes from one open file: a concurrent replace renames a new file in, never alters this one.
        const { size } = await handle.stat();
        return { size, body: handle.createReadStream() };
      } catch (error) {
        await handle.close();
        throw blobUnavailable('read', key, error);
      }
    },

    async head(key: string): Promise<BlobInfo | undefined> {
      const file = fileOf(key);
      return fsStep('stat', key, async () => {
        try {
          return { size: (await stat(file)).size };
        } catch (error) {
          if (isMissing(error)) return undefined;
          throw error;
        }
      });
    },

    async delete(key: string): Promise<void> {
      const file = fileOf(key);
      await fsStep('delete', key, () => rm(file, { force: true }));
    },

    async ping(): Promise<void> {
      await fsStep('reach its directory', undefined, () => stat(tempDir));
    },

    async close(): Promise<void> {},
  };
}

/** Writes `body` to a new file `temp`, syncs it to disk and returns its length. */
async function writeSynced(
  temp: string,
  key: string,
  body: BlobBody,
  options: BlobPutOptions,
): Promise<number> {
  const handle = await fsStep('create a file', key, () => open(temp, 'wx'));
  try {
    let size = 0;
    if (body instanceof Uint8Array) {
      await fsStep('write', key, () => handle.writeFile(body));
      size = body.byteLength;
    } else {
      // The body's own errors pass through as they are: they are the caller's, not the store's.
      for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        await fsStep('write', key, () => handle.write(bytes));
        size += bytes.byteLength;
      }
      if (options.contentLength !== undefined && size !== options.contentLength) {
        throw blobIncomplete(key, options.contentLength, size);
      }
    }
    await fsStep('sync', key, () => handle.sync());
    return size;
  } finally {
    await handle.close();
  }
}

async function openExisting(file: string): Promise<FileHandle | undefined> {
  try {
    return await open(file, 'r');
  } catch (error) {
    if (isMissing(error) || (error as { code?: string }).code === 'EISDIR') return undefined;
    throw error;
  }
}

async function fsStep<T>(operation: string, key: string | undefined, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw blobUnavailable(operation, key, error);
  }
}

async function removeStaleTemps(tempDir: string, staleMs: number): Promise<void> {
  const cutoff = Date.now() - staleMs;
  for (const name of await readdir(tempDir)) {
    const file = path.join(tempDir, name);
    const info = await stat(file).catch(() => undefined);
    if (info !== undefined && info.mtimeMs < cutoff) await rm(file, { force: true });
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
