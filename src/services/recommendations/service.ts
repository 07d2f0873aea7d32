import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { ServiceDeps } from '../../platform/runtime/service-deps.js';
import { createServiceMessaging } from '../../platform/runtime/service-messaging.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import type { RecommendationsClient } from './contract.js';
import { recommendationsRoutes } from './adapters/recommendations.routes.js';
import type { RecommendationsContext } from './app/context.js';
import {
  FACT_EVENT_TYPES,
  learnFact,
  learnFacts,
  learnFromModelEvent,
  learnFromModelEvents,
  MODEL_EVENT_TYPES,
} from './app/learn-from-events.js';
import { recommend } from './app/recommend.js';

export type RecommendationsServiceDeps = ServiceDeps & {
  /** Retry policy of this service's consumers (tests shorten it). */
  consumerRetry?: { maxAttempts: number; backoff: (attempt: number) => number };
};

/**
 * The recommendations service: restaurants and dishes for each signed-in user. Two consumers keep its
 * tables: `recommendations.facts` (MenuItemUpdated, RestaurantProfileUpdated, RestaurantStatusChanged) and
 * `recommendations.model` (OrderCreated, UserPreferenceUpdated). It calls no other service and publishes
 * nothing.
 */
export async function createRecommendationsService(
  deps: RecommendationsServiceDeps,
): Promise<ServiceModule<RecommendationsClient>> {
  const log = deps.log.child({ service: 'recommendations' });
  const messaging = createServiceMessaging({
    service: 'recommendations',
    sql: deps.sql,
    bus: deps.bus,
    registry: deps.events,
    clock: deps.clock,
    ids: deps.ids,
    log,
    ...(deps.consumerRetry === undefined ? {} : { consumerRetry: deps.consumerRetry }),
  });
  const ctx: RecommendationsContext = { sql: deps.sql, clock: deps.clock, log };
  // Shared per-restaurant and per-dish figures: batches apply one at a time (see ConsumerOptions.serialize),
  // each in a fixed number of statements; one event is a batch of one.
  messaging.consume('facts', FACT_EVENT_TYPES, learnFact, {
    batch: true,
    serialize: true,
    handleMany: learnFacts,
  });
  messaging.consume('model', MODEL_EVENT_TYPES, learnFromModelEvent, {
    batch: true,
    serialize: true,
    handleMany: learnFromModelEvents,
  });

  const client: RecommendationsClient = {
    recommend: ({ userId, ...query }) => recommend(ctx, userId, query),
  };

  return {
    name: 'recommendations',
    migrations: [
      ...loadMigrations('recommendations', new URL('./migrations/', import.meta.url)),
      ...messaging.migrations,
    ],
    routes: recommendationsRoutes(ctx),
    messaging,
    client,
    async start() {
      await messaging.start();
      log.info('recommendations started');
    },
    async stop() {
      await messaging.stop();
    },
  };
}
