import type { Readable } from 'node:stream';
import { AppError } from '../errors/app-error.js';

/** What a blob is written from: bytes in memory, or a stream read to its end. */
export type BlobBody = Uint8Array | Readable;

export interface BlobPutOptions {
  /** The media type, kept by stores that keep one (S3); readers take it from their own metadata. */
  contentType: string;
  /**
   * The byte length of a stream body, when known. A stream that ends at another length is refused with
   * `BLOB.INCOMPLETE` and nothing is stored. Ignored for a Uint8Array body.
   */
  contentLength?: number;
}

export interface BlobInfo {
  size: number;
}

export interface BlobObject extends BlobInfo {
  /** The bytes; the reader must consume or destroy it, so the store's file or connection is released. */
  body: Readable;
}

/**
 * The blob port: named byte strings in a flat store. Two adapters stand behind it: a local directory
 * (embedded) and S3-compatible object storage (distributed). A blob is visible only once it is fully
 * written: a put that fails half-way leaves the key as it was (absent, or its previous bytes), never a
 * truncated blob. Keys are `segment(/segment)*`, each segment starting with a letter or digit followed by
 * letters, digits, `.`, `_` or `-`; anything else (`..`, absolute paths, backslashes, empty segments) is
 * refused with `BLOB.INVALID_KEY` before anything is written.
 */
export interface BlobStore {
  readonly kind: 'local' | 's3';
  /** Writes (or replaces) the blob. Rejects with `BLOB.INCOMPLETE`, `BLOB.UNAVAILABLE` or the body's error. */
  put(key: string, body: BlobBody, options: BlobPutOptions): Promise<BlobInfo>;
  /** The blob's bytes and length, or undefined when there is none. */
  get(key: string): Promise<BlobObject | undefined>;
  head(key: string): Promise<BlobInfo | undefined>;
  /** Removes the blob; removing an absent blob is not an error. */
  delete(key: string): Promise<void>;
  /** Resolves when the store answers (for /ready). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const BlobErrors = {
  INVALID_KEY: 'BLOB.INVALID_KEY',
  /** A stream body ended at another length than `contentLength` said. */
  INCOMPLETE: 'BLOB.INCOMPLETE',
  /** The store could not be reached or refused the operation (disk full, permissions, network). */
  UNAVAILABLE: 'BLOB.UNAVAILABLE',
} as const;

export const MAX_BLOB_KEY_LENGTH = 512;
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Throws `BLOB.INVALID_KEY` unless `key` is a well-formed key (see BlobStore). */
export function assertBlobKey(key: string): void {
  const valid =
    typeof key === 'string' &&
    key.length > 0 &&
    key.length <= MAX_BLOB_KEY_LENGTH &&
    key.split('/').every((segment) => SEGMENT.test(segment));
  if (!valid) {
    throw new AppError(
      BlobErrors.INVALID_KEY,
      'A blob key is segments of letters, digits, ".", "_" and "-".',
      {
        details: { key: typeof key === 'string' ? key.slice(0, 100) : typeof key },
      },
    );
  }
}

export function blobUnavailable(operation: string, key: string | undefined, cause: unknown): AppError {
  return new AppError(BlobErrors.UNAVAILABLE, `The blob store failed to ${operation}.`, {
    details: key === undefined ? { operation } : { operation, key },
    cause,
  });
}

export function blobIncomplete(key: string, expected: number, got: number): AppError {
  return new AppError(BlobErrors.INCOMPLETE, `The body ended after ${got} of ${expected} bytes.`, {
    details: { key, expected, got },
  });
}
