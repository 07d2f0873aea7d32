import { AppError } from '../../../platform/errors/app-error.js';
import { StorageErrors, type FileView } from '../contract.js';
import { selectFile, toFileView, type FileRecord } from '../adapters/storage.sql.js';
import type { StorageContext } from './context.js';

/** The metadata the file route needs: the view and where its bytes are. */
export interface ServedFile {
  view: FileView;
  key: string;
}

const cacheKey = (id: string) => `storage:file:${id}`;

/**
 * A file's metadata, cached: a file never changes under its id, so an entry is never stale. A missing id
 * is not cached (an upload may create it a moment later).
 */
export async function findFile(ctx: StorageContext, id: string): Promise<ServedFile | undefined> {
  return ctx.cache.getOrLoad(
    cacheKey(id),
    async () => {
      const record: FileRecord | undefined = await selectFile(ctx.sql, id);
      return record === undefined ? undefined : { view: toFileView(record), key: record.key };
    },
    { ttlMs: ctx.settings.metadataTtlMs },
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A file by id; anything that is not a stored file's id (a malformed one included) is `FILE_NOT_FOUND`. */
export async function getFile(ctx: StorageContext, id: string): Promise<ServedFile> {
  const file = UUID.test(id) ? await findFile(ctx, id.toLowerCase()) : undefined;
  if (file === undefined) throw fileNotFound(id);
  return file;
}

export function fileNotFound(id: string): AppError {
  return new AppError(StorageErrors.FILE_NOT_FOUND, 'No such file.', { details: { id } });
}
