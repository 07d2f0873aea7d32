import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { ServiceDeps } from '../../platform/runtime/service-deps.js';
import { createServiceMessaging } from '../../platform/runtime/service-messaging.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import type { AuthClient } from '../auth/index.js';
import type { RestaurantsClient } from './contract.js';
import { restaurantOperationsRoutes } from './adapters/restaurant-operations.routes.js';
import { restaurantsRoutes } from './adapters/restaurants.routes.js';
import { consumeReviewEligibility } from './adapters/review-eligibility.consumer.js';
import { reviewsRoutes } from './adapters/reviews.routes.js';
import { createRestaurantsStore } from './adapters/restaurants.sql.js';
import { restaurantsClient } from './app/client-operations.js';
import type { RestaurantsContext } from './app/context.js';

export interface RestaurantsServiceDeps extends ServiceDeps {
  auth: AuthClient;
  /** How long a restaurant's detail stays cached (default 5 minutes); every change invalidates it. */
  detailTtlMs?: number;
}

/**
 * The restaurants service: profiles, applications and approval, weekly hours and the open switch, staff
 * (granted through auth), the list with its filters, and reviews (eligibility from OrderStatusUpdated).
 * Publishes RestaurantStatusChanged and RestaurantProfileUpdated through its outbox.
 */
export async function createRestaurantsService(
  deps: RestaurantsServiceDeps,
): Promise<ServiceModule<RestaurantsClient>> {
  const log = deps.log.child({ service: 'restaurants' });
  const messaging = createServiceMessaging({
    service: 'restaurants',
    sql: deps.sql,
    bus: deps.bus,
    registry: deps.events,
    clock: deps.clock,
    ids: deps.ids,
    log,
  });
  const ctx: RestaurantsContext = {
    store: createRestaurantsStore(deps.sql),
    messaging,
    cache: deps.cache,
    auth: deps.auth,
    clock: deps.clock,
    ids: deps.ids,
    log,
    detailTtlMs: deps.detailTtlMs ?? 5 * 60_000,
  };
  consumeReviewEligibility(messaging);

  return {
    name: 'restaurants',
    migrations: [
      ...messaging.migrations,
      ...loadMigrations('restaurants', new URL('./migrations/', import.meta.url)),
    ],
    routes: async (app) => {
      await app.register(restaurantsRoutes(ctx));
      await app.register(restaurantOperationsRoutes(ctx));
      await app.register(reviewsRoutes(ctx));
    },
    // Exposed for operations (its consumer's dead letters) now that the service consumes events.
    messaging,
    client: restaurantsClient(ctx),
    start: () => messaging.start(),
    stop: () => messaging.stop(),
  };
}
