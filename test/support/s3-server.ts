import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

/** The part of s3rver 3.7 used here; the package ships no types. */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  resetOnClose: boolean;
  configureBuckets: Array<{ name: string }>;
}) => S3rverInstance;

/** s3rver's built-in account: the only credentials it accepts. */
const S3RVER_KEY = 'S3RVER';

export interface TestS3Server {
  /** The settings a blob store (or the platform's config) needs, pointing at this server. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Every object key in the bucket, sorted. */
  keys(): Promise<string[]>;
  /** Deletes every object, so each test starts with an empty bucket. */
  empty(): Promise<void>;
  close(): Promise<void>;
}

/**
 * An S3-compatible server (s3rver) on a free loopback port with one empty bucket, its objects in a temp
 * directory removed on close. Started by the tests themselves, so an S3 suite never depends on a server
 * being installed on the machine and never skips.
 */
export async function startS3Server(bucket = 'sattzabite-test'): Promise<TestS3Server> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
  const directory = await mkdtemp(path.join(os.tmpdir(), 'sattzabite-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    resetOnClose: true,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const region = 'us-east-1';
  const admin = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const keys = async (): Promise<string[]> => {
    const all: string[] = [];
    let token: string | undefined;
    do {
      const page = await admin.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          ...(token === undefined ? {} : { ContinuationToken: token }),
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key !== undefined) all.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return all.sort();
  };
  return {
    endpoint,
    bucket,
    region,
    accessKeyId: S3RVER_KEY,
    secretAccessKey: S3RVER_KEY,
    keys,
    async empty() {
      // One by one: the batch delete needs a Content-MD5 that s3rver and the SDK disagree on.
      for (const Key of await keys()) await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
    },
    async close() {
      admin.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
