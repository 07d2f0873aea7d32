import { describe, expect, it } from 'vitest';
import { startS3Server } from '../../../test/support/s3-server.js';
import { loadConfig } from '../config/index.js';
import { blobStoreContract } from './blob-store.contract.js';
import { BlobErrors } from './blob-store.port.js';
import { createBlobStore } from './create-blob-store.js';
import { createS3BlobStore } from './s3-blob-store.js';

blobStoreContract('S3-compatible (s3rver)', async () => {
  const server = await startS3Server();
  const store = createS3BlobStore(server);
  return { store, keys: () => server.keys(), close: () => server.close() };
});

describe('S3 blob store', () => {
  it('is what the settings give when S3_ENDPOINT is set', async () => {
    const server = await startS3Server();
    try {
      const store = await createBlobStore(
        loadConfig({
          S3_ENDPOINT: server.endpoint,
          S3_BUCKET: server.bucket,
          S3_ACCESS_KEY_ID: server.accessKeyId,
          S3_SECRET_ACCESS_KEY: server.secretAccessKey,
        }),
      );
      expect(store.kind).toBe('s3');
      await store.put('x/y.png', Buffer.from('png'), { contentType: 'image/png' });
      expect(await server.keys()).toEqual(['x/y.png']);
      await store.close();
    } finally {
      await server.close();
    }
  });

  it('reports an unreachable store as BLOB.UNAVAILABLE', async () => {
    const server = await startS3Server();
    const store = createS3BlobStore({ ...server, requestTimeoutMs: 2000 });
    await server.close();
    await expect(store.put('a.png', Buffer.from('x'), { contentType: 'image/png' })).rejects.toHaveProperty(
      'code',
      BlobErrors.UNAVAILABLE,
    );
    await expect(store.ping()).rejects.toHaveProperty('code', BlobErrors.UNAVAILABLE);
    await store.close();
  });
});
