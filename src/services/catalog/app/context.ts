import type { Cache } from '../../../platform/cache/index.js';
import type { Sql } from '../../../platform/db/sql.js';
import type { Logger } from '../../../platform/observability/logger.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { Ids } from '../../../platform/time/ids.js';
import type { RestaurantsLookup } from '../contract.js';

/** What every use case of the catalog works with. */
export interface CatalogContext {
  sql: Sql;
  cache: Cache;
  messaging: ServiceMessaging;
  restaurants: RestaurantsLookup;
  clock: Clock;
  ids: Ids;
  log: Logger;
  settings: {
    /** How long a cached item or menu lives without a change; changes invalidate it at once anyway. */
    itemTtlMs: number;
    menuTtlMs: number;
    /** The cross-restaurant category list is a scan: cached, and invalidated on every change. */
    allCategoriesTtlMs: number;
    /** Rows per INSERT statement of `importItems`. */
    importBatchSize: number;
  };
}
