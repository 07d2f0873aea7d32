import { createHash } from 'node:crypto';
import { AppError } from '../../../platform/errors/app-error.js';
import { StorageErrors, type FileView } from '../contract.js';
import { insertFile, toFileView, type FileRecord } from '../adapters/storage.sql.js';
import { blobKeyFor, cleanOriginalName } from '../domain/file-names.js';
import type { UploadActor } from '../domain/upload-access.js';
import type { UploadTarget } from './authorize-upload.js';
import type { StorageContext } from './context.js';
import { detectImageType } from './detect-image-type.js';

export interface ReceivedFile {
  /** The whole file, already held to the size limit. */
  bytes: Buffer;
  /** The name the client gave the file, if any; kept only as metadata. */
  filename: string | undefined;
}

/**
 * Stores an authorised upload: the type from the bytes, a generated id and key, the blob, then the row.
 * All or nothing: a blob that fails leaves no row, and a row that fails takes its blob with it, so a
 * half-done upload leaves neither a row without bytes nor (for long) bytes without a row.
 */
export async function storeUpload(
  ctx: StorageContext,
  actor: UploadActor,
  target: UploadTarget,
  file: ReceivedFile,
): Promise<FileView> {
  const contentType = await detectImageType(file.bytes);
  const id = ctx.ids.next();
  const record: FileRecord = {
    id,
    key: blobKeyFor(target.purpose, id, contentType),
    contentType,
    size: file.bytes.byteLength,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    originalName: cleanOriginalName(file.filename),
    purpose: target.purpose,
    ownerId: target.ownerId,
    uploadedBy: actor.userId,
    createdAt: ctx.clock.now(),
  };

  try {
    await ctx.blob.put(record.key, file.bytes, { contentType });
  } catch (error) {
    // A store that writes objects as they arrive may keep a cut one: remove whatever is there.
    await discardBlob(ctx, record.key);
    throw new AppError(StorageErrors.UNAVAILABLE, 'The file could not be stored; nothing was kept.', {
      cause: error,
    });
  }
  try {
    await ctx.sql.transaction((tx) => insertFile(tx, record));
  } catch (error) {
    await discardBlob(ctx, record.key);
    throw error;
  }
  return toFileView(record);
}

/**
 * Best effort: a blob left behind has no row, so nothing ever serves or lists it; it costs space, not
 * correctness. Its key is logged so an operator can remove it.
 */
async function discardBlob(ctx: StorageContext, key: string): Promise<void> {
  try {
    await ctx.blob.delete(key);
  } catch (error) {
    ctx.log.error({ err: error, key }, 'could not remove the blob of a failed upload');
  }
}
