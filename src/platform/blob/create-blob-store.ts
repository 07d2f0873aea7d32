import path from 'node:path';
import type { Config } from '../config/index.js';
import type { BlobStore } from './blob-store.port.js';
import { createLocalBlobStore } from './local-blob-store.js';
import { createS3BlobStore } from './s3-blob-store.js';

/** The directory under DATA_DIR that holds the embedded blobs. */
export const LOCAL_BLOB_DIR = 'files';

/**
 * The blob store the settings ask for: S3-compatible storage when S3_ENDPOINT is set (the config check
 * guarantees the bucket and keys come with it), else a local directory `${DATA_DIR}/files`.
 */
export async function createBlobStore(config: Config): Promise<BlobStore> {
  const { S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY } = config;
  if (S3_ENDPOINT !== undefined) {
    if (S3_BUCKET === undefined || S3_ACCESS_KEY_ID === undefined || S3_SECRET_ACCESS_KEY === undefined) {
      throw new Error('S3_ENDPOINT needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
    }
    return createS3BlobStore({
      endpoint: S3_ENDPOINT,
      bucket: S3_BUCKET,
      region: config.S3_REGION,
      accessKeyId: S3_ACCESS_KEY_ID,
      secretAccessKey: S3_SECRET_ACCESS_KEY,
    });
  }
  return createLocalBlobStore({ root: path.join(config.DATA_DIR, LOCAL_BLOB_DIR) });
}
