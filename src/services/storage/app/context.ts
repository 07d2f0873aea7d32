import type { BlobStore } from '../../../platform/blob/index.js';
import type { Cache } from '../../../platform/cache/index.js';
import type { Sql } from '../../../platform/db/sql.js';
import type { Logger } from '../../../platform/observability/logger.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { Ids } from '../../../platform/time/ids.js';
import type { MenuItemsLookup, RestaurantsLookup } from '../contract.js';

/** What every use case of the storage service works with. */
export interface StorageContext {
  sql: Sql;
  cache: Cache;
  blob: BlobStore;
  catalog: MenuItemsLookup;
  restaurants: RestaurantsLookup;
  clock: Clock;
  ids: Ids;
  log: Logger;
  settings: {
    /** The largest file accepted, in bytes (UPLOAD_MAX_BYTES). */
    maxBytes: number;
    /** How long a file's metadata stays cached; a file never changes, so only memory bounds it. */
    metadataTtlMs: number;
  };
}
