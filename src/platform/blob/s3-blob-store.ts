import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
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

export interface S3BlobStoreOptions {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Per-request bound in ms (default 30 s); a hung store must not hold an upload forever. */
  requestTimeoutMs?: number;
}

/**
 * Blobs as objects of one bucket of an S3-compatible store (AWS S3, MinIO, Ceph, s3rver). A PUT is atomic
 * in S3: the object appears whole when the request completes, and a request cut short stores nothing.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const { bucket } = options;
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    // Self-hosted stores (MinIO, s3rver, a local endpoint) do not resolve bucket subdomains; AWS still
    // accepts path-style requests, so only its own hostnames use the virtual-hosted style.
    forcePathStyle: !/\.amazonaws\.com$/i.test(new URL(options.endpoint).hostname),
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // The SDK's default trailing CRC checksums use aws-chunked uploads that many S3-compatible servers
    // do not understand; send and check checksums only where the operation requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 30_000, connectionTimeout: 5_000 },
    maxAttempts: 3,
  });

  return {
    kind: 's3',

    async put(key: string, body: BlobBody, putOptions: BlobPutOptions): Promise<BlobInfo> {
      assertBlobKey(key);
      // The body is read whole before the request starts, so a body that fails half-way sends nothing.
      // Real S3 never shows a cut PUT, but several S3-compatible servers (s3rver among them) write the
      // object while it arrives: only a complete body may reach them.
      const bytes = body instanceof Uint8Array ? body : await readBody(key, body, putOptions.contentLength);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: bytes,
            ContentLength: bytes.byteLength,
            ContentType: putOptions.contentType,
          }),
        );
      } catch (error) {
        throw blobUnavailable('write', key, error);
      }
      return { size: bytes.byteLength };
    },

    async get(key: string): Promise<BlobObject | undefined> {
      assertBlobKey(key);
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!(answer.Body instanceof Readable)) throw new Error('the S3 client returned no Node stream');
        return { size: answer.ContentLength ?? 0, body: answer.Body };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw blobUnavailable('read', key, error);
      }
    },

    async head(key: string): Promise<BlobInfo | undefined> {
      assertBlobKey(key);
      try {
        const answer = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { size: answer.ContentLength ?? 0 };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw blobUnavailable('stat', key, error);
      }
    },

    async delete(key: string): Promise<void> {
      assertBlobKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        if (isNotFound(error)) return;
        throw blobUnavailable('delete', key, error);
      }
    },

    async ping(): Promise<void> {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (error) {
        throw blobUnavailable('reach its bucket', undefined, error);
      }
    },

    async close(): Promise<void> {
      client.destroy();
    },
  };
}

/**
 * The body's bytes, checked against its stated length. Memory holds the whole blob: right for images of a
 * few MB; larger blobs would call for a multipart upload, whose object also appears only when complete.
 */
async function readBody(key: string, body: Readable, expected: number | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let seen = 0;
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    const bytes = Buffer.from(chunk);
    seen += bytes.byteLength;
    if (expected !== undefined && seen > expected) throw blobIncomplete(key, expected, seen);
    chunks.push(bytes);
  }
  if (expected !== undefined && seen !== expected) throw blobIncomplete(key, expected, seen);
  return Buffer.concat(chunks);
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}
