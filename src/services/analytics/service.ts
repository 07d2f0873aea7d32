import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { ServiceDeps } from '../../platform/runtime/service-deps.js';
import { createServiceMessaging } from '../../platform/runtime/service-messaging.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import type { AnalyticsClient } from './contract.js';
import { analyticsRoutes } from './adapters/analytics.routes.js';
import type { AnalyticsContext } from './app/context.js';
import { createEventRecorder, SOURCE_EVENT_TYPES } from './app/record-event.js';
import { platformSummary, restaurantReport } from './app/reports.js';

export type AnalyticsServiceDeps = ServiceDeps & {
  /** Retry policy of this service's consumer (tests shorten it). */
  consumerRetry?: { maxAttempts: number; backoff: (attempt: number) => number };
};

/**
 * The analytics service: aggregates of orders, revenue, timings and items, kept from the orders and
 * payments events by one consumer (`analytics.aggregates`), read by operators and restaurant staff.
 * It calls no other service and publishes nothing.
 */
export async function createAnalyticsService(
  deps: AnalyticsServiceDeps,
): Promise<ServiceModule<AnalyticsClient>> {
  const log = deps.log.child({ service: 'analytics' });
  const messaging = createServiceMessaging({
    service: 'analytics',
    sql: deps.sql,
    bus: deps.bus,
    registry: deps.events,
    clock: deps.clock,
    ids: deps.ids,
    log,
    ...(deps.consumerRetry === undefined ? {} : { consumerRetry: deps.consumerRetry }),
  });
  const ctx: AnalyticsContext = { sql: deps.sql, clock: deps.clock, log };
  const recorder = createEventRecorder(ctx);
  messaging.consume('aggregates', SOURCE_EVENT_TYPES, recorder.one, {
    batch: true,
    // Per-restaurant, per-hour aggregates shared by every order: one batch at a time, never a deadlock.
    serialize: true,
    handleMany: recorder.many,
  });

  const client: AnalyticsClient = {
    summary: ({ from, to }) => platformSummary(ctx, range(from, to)),
    restaurantReport: ({ restaurantId, from, to }) => restaurantReport(ctx, restaurantId, range(from, to)),
  };

  return {
    name: 'analytics',
    migrations: [
      ...loadMigrations('analytics', new URL('./migrations/', import.meta.url)),
      ...messaging.migrations,
    ],
    routes: analyticsRoutes(ctx),
    messaging,
    client,
    async start() {
      await messaging.start();
      log.info('analytics started');
    },
    async stop() {
      await messaging.stop();
    },
  };
}

/** Leaves out what the caller left out (exactOptionalPropertyTypes-safe). */
function range(from: string | undefined, to: string | undefined): { from?: string; to?: string } {
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}
