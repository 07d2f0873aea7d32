import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { ServiceDeps } from '../../platform/runtime/service-deps.js';
import { createServiceMessaging } from '../../platform/runtime/service-messaging.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import { OrdersEvents } from '../orders/index.js';
import {
  DEFAULT_OFFER_RADIUS_KM,
  DEFAULT_OFFER_TTL_MS,
  type DeliveryClient,
  type OrdersForDelivery,
  type RestaurantLookup,
} from './contract.js';
import { deliveryRoutes } from './adapters/delivery.routes.js';
import { createDeliveryStore } from './adapters/delivery.sql.js';
import { orderUpdatesRepoOn } from './adapters/order-updates.sql.js';
import type { DeliveryContext } from './app/context.js';
import { getCourierStatus } from './app/couriers.js';
import { getAssignment } from './app/jobs.js';
import { applyOrderStatusUpdates } from './app/order-updates.js';

export type DeliveryServiceDeps = ServiceDeps & {
  orders: OrdersForDelivery;
  restaurants: RestaurantLookup;
  /** `offerRadiusKm` (default 8) and `offerTtlMs` (default 60 s; see DeliverySettings). */
  settings?: { offerRadiusKm?: number; offerTtlMs?: number };
  /** Retry policy of this service's consumers (tests shorten it). */
  consumerRetry?: { maxAttempts: number; backoff: (attempt: number) => number };
};

/**
 * The delivery service: couriers' availability, offers of READY delivery orders to nearby online couriers,
 * first-come assignment confirmed by orders, and the assigned courier's location. It follows orders
 * through OrderStatusUpdated; status changes go through orders, and the only event it publishes is
 * CourierLocationUpdated.
 */
export async function createDeliveryService(
  deps: DeliveryServiceDeps,
): Promise<ServiceModule<DeliveryClient>> {
  const log = deps.log.child({ service: 'delivery' });
  const messaging = createServiceMessaging({
    service: 'delivery',
    sql: deps.sql,
    bus: deps.bus,
    registry: deps.events,
    clock: deps.clock,
    ids: deps.ids,
    log,
    ...(deps.consumerRetry === undefined ? {} : { consumerRetry: deps.consumerRetry }),
  });
  const store = createDeliveryStore(deps.sql);
  const ctx: DeliveryContext = {
    store,
    orders: deps.orders,
    restaurants: deps.restaurants,
    settings: {
      offerRadiusKm: deps.settings?.offerRadiusKm ?? DEFAULT_OFFER_RADIUS_KM,
      offerTtlMs: deps.settings?.offerTtlMs ?? DEFAULT_OFFER_TTL_MS,
    },
    messaging,
    clock: deps.clock,
    log,
  };

  messaging.consume(
    'order-updates',
    [OrdersEvents.ORDER_STATUS_UPDATED],
    (event, tx) => applyOrderStatusUpdates(orderUpdatesRepoOn(tx), [event]),
    {
      batch: true,
      handleMany: (items, tx) =>
        applyOrderStatusUpdates(
          orderUpdatesRepoOn(tx),
          items.map((item) => item.event),
        ),
    },
  );

  const client: DeliveryClient = {
    getCourierStatus: ({ courierId }) => getCourierStatus(ctx, courierId),
    getAssignment: ({ orderId }) => getAssignment(ctx, orderId),
  };

  return {
    name: 'delivery',
    migrations: [
      ...loadMigrations('delivery', new URL('./migrations/', import.meta.url)),
      ...messaging.migrations,
    ],
    routes: deliveryRoutes(ctx),
    messaging,
    client,
    async start() {
      await messaging.start();
      log.info('delivery started');
    },
    async stop() {
      await messaging.stop();
    },
  };
}
