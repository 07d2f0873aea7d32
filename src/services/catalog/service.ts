import type { FastifyPluginAsync } from 'fastify';
import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { ServiceDeps } from '../../platform/runtime/service-deps.js';
import { createServiceMessaging } from '../../platform/runtime/service-messaging.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import { catalogEventSchemas, type CatalogClient, type RestaurantsLookup } from './contract.js';
import { catalogReadRoutes } from './adapters/catalog-read.routes.js';
import { catalogWriteRoutes } from './adapters/catalog-write.routes.js';
import { catalogHandlers } from './app/client-ops.js';
import type { CatalogContext } from './app/context.js';

export type CatalogServiceDeps = ServiceDeps & {
  /** The restaurants service's client (or anything answering `getRestaurant`). */
  restaurants: RestaurantsLookup;
  /** Overrides of the cache lifetimes and import batch size (tests). */
  settings?: Partial<CatalogContext['settings']>;
};

const DEFAULT_SETTINGS: CatalogContext['settings'] = {
  itemTtlMs: 10 * 60_000,
  menuTtlMs: 10 * 60_000,
  allCategoriesTtlMs: 60_000,
  importBatchSize: 1000,
};

/**
 * The catalog service: menu items with prices, availability, dietary tags, allergens and nutrition. Publishes
 * `MenuItemUpdated` through its outbox; consumes nothing. `start()` needs the migrations applied.
 */
export async function createCatalogService(deps: CatalogServiceDeps): Promise<ServiceModule<CatalogClient>> {
  const log = deps.log.child({ service: 'catalog' });
  // The composition root registers every contract's schemas; registering ours here too keeps the service
  // usable on its own (tests, a process that hosts only the catalog).
  for (const { type, version, schema } of catalogEventSchemas) {
    if (!deps.events.has(type, version)) deps.events.register(type, version, schema);
  }
  const messaging = createServiceMessaging({
    service: 'catalog',
    sql: deps.sql,
    bus: deps.bus,
    registry: deps.events,
    clock: deps.clock,
    ids: deps.ids,
    log,
  });
  const ctx: CatalogContext = {
    sql: deps.sql,
    cache: deps.cache,
    messaging,
    restaurants: deps.restaurants,
    clock: deps.clock,
    ids: deps.ids,
    log,
    settings: { ...DEFAULT_SETTINGS, ...deps.settings },
  };
  const routes: FastifyPluginAsync = async (app) => {
    catalogReadRoutes(app, ctx);
    catalogWriteRoutes(app, ctx);
  };

  return {
    name: 'catalog',
    migrations: [
      ...loadMigrations('catalog', new URL('./migrations/', import.meta.url)),
      ...messaging.migrations,
    ],
    routes,
    messaging,
    client: catalogHandlers(ctx),
    start: () => messaging.start(),
    stop: () => messaging.stop(),
  };
}
