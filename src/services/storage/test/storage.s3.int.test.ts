import { startS3Server } from '../../../../test/support/s3-server.js';
import { createS3BlobStore } from '../../../platform/blob/index.js';
import { storageRouteSuite } from './storage-routes.suite.js';

// The S3-compatible server is started here, on loopback: this suite never depends on one being installed.
storageRouteSuite('S3-compatible storage (s3rver)', async () => {
  const server = await startS3Server();
  const store = createS3BlobStore(server);
  return {
    store,
    keys: () => server.keys(),
    clear: () => server.empty(),
    async close() {
      await store.close();
      await server.close();
    },
  };
});
