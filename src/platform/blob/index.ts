export {
  BlobErrors,
  MAX_BLOB_KEY_LENGTH,
  assertBlobKey,
  type BlobBody,
  type BlobInfo,
  type BlobObject,
  type BlobPutOptions,
  type BlobStore,
} from './blob-store.port.js';
export { createLocalBlobStore, type LocalBlobStoreOptions } from './local-blob-store.js';
export { createS3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.js';
export { createBlobStore, LOCAL_BLOB_DIR } from './create-blob-store.js';
