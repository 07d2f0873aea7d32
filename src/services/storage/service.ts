import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import { createBlobStore, type BlobStore } from '../../platform/blob/index.js';
import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { ServiceDeps } from '../../platform/runtime/service-deps.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import type { MenuItemsLookup, RestaurantsLookup, StorageClient } from './contract.js';
import { filesRoutes } from './adapters/files.routes.js';
import { FILE_FIELD } from './adapters/read-upload-form.js';
import { uploadRoutes } from './adapters/upload.routes.js';
import type { StorageContext } from './app/context.js';
import { getFile } from './app/read-files.js';

export type StorageServiceDeps = ServiceDeps & {
  /** The catalog's client: a menu item's restaurant, for MENU_ITEM_IMAGE uploads. */
  catalog: MenuItemsLookup;
  /** The restaurants service's client: whether a restaurant exists, for RESTAURANT_IMAGE uploads. */
  restaurants: RestaurantsLookup;
  /**
   * Where the bytes go. Defaults to the store the settings ask for (S3-compatible when S3_ENDPOINT is
   * set, else `${DATA_DIR}/files`), which the service then closes on stop.
   */
  blob?: BlobStore;
};

const METADATA_TTL_MS = 60 * 60_000;

/**
 * The storage service: image uploads (type checked by their bytes, size limited, only by the owner's staff)
 * and public, immutable serving. Blob first, row second, each undone if the other fails. No events.
 */
export async function createStorageService(deps: StorageServiceDeps): Promise<ServiceModule<StorageClient>> {
  const log = deps.log.child({ service: 'storage' });
  const blob = deps.blob ?? (await createBlobStore(deps.config));
  const ctx: StorageContext = {
    sql: deps.sql,
    cache: deps.cache,
    blob,
    catalog: deps.catalog,
    restaurants: deps.restaurants,
    clock: deps.clock,
    ids: deps.ids,
    log,
    settings: { maxBytes: deps.config.UPLOAD_MAX_BYTES, metadataTtlMs: METADATA_TTL_MS },
  };

  const routes: FastifyPluginAsync = async (app) => {
    // Registered in this plugin only: multipart parsing exists on the storage routes and nowhere else.
    await app.register(multipart, {
      throwFileSizeLimit: false,
      // The `file` part is the file whatever its headers say; any other part is a (checked) field.
      isPartAFile: (fieldName) => fieldName === FILE_FIELD,
      limits: {
        fileSize: ctx.settings.maxBytes,
        // One file is allowed; a second one reaches the form reader, which refuses it by name.
        files: 2,
        fields: 2,
        fieldNameSize: 50,
        fieldSize: 200,
        parts: 4,
        headerPairs: 20,
      },
    });
    uploadRoutes(app, ctx);
    filesRoutes(app, ctx);
  };

  const client: StorageClient = {
    getFile: async ({ id }) => (await getFile(ctx, id)).view,
  };

  return {
    name: 'storage',
    migrations: loadMigrations('storage', new URL('./migrations/', import.meta.url)),
    routes,
    client,
    start: async () => {},
    stop: async () => {
      if (deps.blob === undefined) await blob.close();
    },
  };
}
