import type { Sql } from '../../../platform/db/sql.js';
import type { Logger } from '../../../platform/observability/logger.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { CatalogClient } from '../../catalog/index.js';
import type { RestaurantsClient } from '../../restaurants/index.js';

/** What the search use cases work with. */
export interface SearchContext {
  sql: Sql;
  clock: Clock;
  log: Logger;
  /** The publishers whose retained events a rebuild replays (never their tables). */
  sources: {
    catalog: Pick<CatalogClient, 'publishedEvents'>;
    restaurants: Pick<RestaurantsClient, 'publishedEvents'>;
  };
  settings: {
    /** Events per page read from a publisher during a rebuild, and applied in one transaction. */
    replayPageSize: number;
  };
}
