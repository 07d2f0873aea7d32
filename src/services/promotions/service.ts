import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { Consumer } from '../../platform/messaging/index.js';
import type { ServiceDeps } from '../../platform/runtime/service-deps.js';
import { createServiceMessaging } from '../../platform/runtime/service-messaging.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import { promotionsEventSchemas, type PromotionsClient, type RestaurantsLookup } from './contract.js';
import { promotionsRoutes } from './adapters/promotions.routes.js';
import { announceDue } from './app/announce.js';
import { promotionsHandlers } from './app/client-ops.js';
import {
  DEFAULT_PROMOTIONS_SETTINGS,
  type PromotionsContext,
  type PromotionsSettings,
} from './app/context.js';
import { applyOrderEvents, ORDER_EVENT_TYPES } from './app/order-events.js';
import { releaseLapsedReservations } from './app/redemptions.js';
import { startTimer } from './app/timer.js';

export type PromotionsServiceDeps = ServiceDeps & {
  /** The restaurants service's client (or anything answering `getRestaurant`): new offers name real ones. */
  restaurants: RestaurantsLookup;
  /** Timer interval, reservation time, batch size (tests change them). */
  settings?: Partial<PromotionsSettings>;
  /** Retry policy of this service's consumer (tests shorten it). */
  consumerRetry?: { maxAttempts: number; backoff: (attempt: number) => number };
};

export type PromotionsService = ServiceModule<PromotionsClient> & {
  /** The consumer of OrderCreated / OrderStatusUpdated (tests feed it directly). */
  orderEvents: Consumer;
  /** One announcement run: PromotionStarted for every offer that has started and was never announced. */
  announceDue(): Promise<number>;
  /** One release run: reservations no OrderCreated confirmed within `reservationTtlMs`. */
  releaseLapsedReservations(): Promise<number>;
};

/**
 * The promotions service: offers with optional codes, their redemption by orders (reserve, confirm on
 * OrderCreated, give back on release or cancellation), and `PromotionStarted` through its outbox when an
 * offer's window opens. `start()` runs the consumer and the timer; it needs the migrations applied.
 */
export async function createPromotionsService(deps: PromotionsServiceDeps): Promise<PromotionsService> {
  const log = deps.log.child({ service: 'promotions' });
  // Registered here too so the service runs on its own (tests, a process hosting only promotions).
  for (const { type, version, schema } of promotionsEventSchemas) {
    if (!deps.events.has(type, version)) deps.events.register(type, version, schema);
  }
  const messaging = createServiceMessaging({
    service: 'promotions',
    sql: deps.sql,
    bus: deps.bus,
    registry: deps.events,
    clock: deps.clock,
    ids: deps.ids,
    log,
    ...(deps.consumerRetry === undefined ? {} : { consumerRetry: deps.consumerRetry }),
  });
  const ctx: PromotionsContext = {
    sql: deps.sql,
    messaging,
    restaurants: deps.restaurants,
    clock: deps.clock,
    ids: deps.ids,
    log,
    settings: { ...DEFAULT_PROMOTIONS_SETTINGS, ...deps.settings },
  };
  const orderEvents = messaging.consume(
    'order-events',
    ORDER_EVENT_TYPES,
    (event, tx) => applyOrderEvents(ctx, [event], tx),
    {
      batch: true,
      handleMany: (items, tx) =>
        applyOrderEvents(
          ctx,
          items.map((item) => item.event),
          tx,
        ),
    },
  );
  let timer: { stop(): Promise<void> } | undefined;

  return {
    name: 'promotions',
    migrations: [
      ...loadMigrations('promotions', new URL('./migrations/', import.meta.url)),
      ...messaging.migrations,
    ],
    routes: promotionsRoutes(ctx),
    messaging,
    client: promotionsHandlers(ctx),
    orderEvents,
    announceDue: () => announceDue(ctx),
    releaseLapsedReservations: () => releaseLapsedReservations(ctx),
    async start() {
      await messaging.start();
      timer ??= startTimer(ctx);
      log.info('promotions started');
    },
    async stop() {
      await timer?.stop();
      timer = undefined;
      await messaging.stop();
    },
  };
}
