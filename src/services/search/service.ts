import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { Consumer } from '../../platform/messaging/index.js';
import type { ServiceDeps } from '../../platform/runtime/service-deps.js';
import { createServiceMessaging } from '../../platform/runtime/service-messaging.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import type { RebuildResult, SearchClient } from './contract.js';
import { consumeIndexEvents } from './adapters/index-consumer.js';
import { searchRoutes } from './adapters/search.routes.js';
import { searchHandlers } from './app/client-ops.js';
import type { SearchContext } from './app/context.js';
import { rebuildIndex } from './app/rebuild-index.js';

export type SearchServiceDeps = ServiceDeps & {
  /** Only for rebuilds: the catalog's retained MenuItemUpdated events. */
  catalog: SearchContext['sources']['catalog'];
  /** Only for rebuilds: the restaurants' retained RestaurantProfileUpdated / RestaurantStatusChanged. */
  restaurants: SearchContext['sources']['restaurants'];
  /** Retry policy of the index consumer (tests shorten it). */
  consumerRetry?: { maxAttempts: number; backoff: (attempt: number) => number };
  /** Events per page of a rebuild (default 5,000, the publishers' maximum). */
  replayPageSize?: number;
};

export interface SearchService extends ServiceModule<SearchClient> {
  /** The consumer that keeps the index following the events (tests feed it directly). */
  readonly consumer: Consumer;
  /** Empties the index and rebuilds it from the publishers' retained events (`sattzabite replay search`). */
  rebuildIndex(): Promise<RebuildResult>;
}

/**
 * The search service: its own index of restaurants and dishes in the `search` schema, fed only by the
 * catalog's and the restaurants' events, ranked full-text search with typo tolerance, and autocomplete.
 * Publishes nothing. `start()` needs the migrations applied (they create pg_trgm).
 */
export async function createSearchService(deps: SearchServiceDeps): Promise<SearchService> {
  const log = deps.log.child({ service: 'search' });
  const messaging = createServiceMessaging({
    service: 'search',
    sql: deps.sql,
    bus: deps.bus,
    registry: deps.events,
    clock: deps.clock,
    ids: deps.ids,
    log,
    ...(deps.consumerRetry === undefined ? {} : { consumerRetry: deps.consumerRetry }),
  });
  const ctx: SearchContext = {
    sql: deps.sql,
    clock: deps.clock,
    log,
    sources: { catalog: deps.catalog, restaurants: deps.restaurants },
    settings: { replayPageSize: deps.replayPageSize ?? 5000 },
  };
  const consumer = consumeIndexEvents(messaging);

  return {
    name: 'search',
    migrations: [
      ...loadMigrations('search', new URL('./migrations/', import.meta.url)),
      ...messaging.migrations,
    ],
    routes: searchRoutes(ctx),
    messaging,
    client: searchHandlers(ctx),
    consumer,
    rebuildIndex: () => rebuildIndex(ctx),
    start: () => messaging.start(),
    stop: () => messaging.stop(),
  };
}
