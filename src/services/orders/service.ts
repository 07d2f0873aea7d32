import type { FastifyPluginAsync } from 'fastify';
import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { ServiceDeps } from '../../platform/runtime/service-deps.js';
import { createServiceMessaging } from '../../platform/runtime/service-messaging.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import { paymentsEventSchemas } from '../payments/index.js';
import { ordersEventSchemas, type OrdersClient } from './contract.js';
import { ordersReadRoutes } from './adapters/orders-read.routes.js';
import { ordersWriteRoutes } from './adapters/orders-write.routes.js';
import { ordersHandlers } from './app/client-ops.js';
import {
  DEFAULT_SAGA_SETTINGS,
  type OrdersContext,
  type OrdersUpstreams,
  type SagaSettings,
} from './app/context.js';
import { declarePaymentConsumers } from './app/payment-consumers.js';
import { startSweeper, sweepOnce, type SweepReport } from './app/saga-sweeper.js';
import { orderEventSchemas } from './domain/order-event-schemas.js';
import { rebuildReadModels } from './read/rebuild-read-models.js';

export type OrdersServiceDeps = ServiceDeps &
  OrdersUpstreams & {
    /** Sweeper interval, payment timeout, batch size (tests shorten them). */
    sagaSettings?: Partial<SagaSettings>;
    /** Retry policy of this service's consumers (tests shorten it). */
    consumerRetry?: { maxAttempts: number; backoff: (attempt: number) => number };
  };

/** The orders module, with the operations the CLI and tests need beyond a plain service. */
export interface OrdersService extends ServiceModule<OrdersClient> {
  /** `sattzabite replay`: truncates the read models and projects every order's stream again. */
  rebuildReadModels(): Promise<{ orders: number; events: number }>;
  /** One run of the saga sweeper (the timer started by `start()` runs it every `sweepIntervalMs`). */
  sweepOnce(): Promise<SweepReport>;
}

/**
 * The orders service: event-sourced orders (their streams in `orders.events`), the placement saga with
 * payments, the compensation of cancellations, and the read models projected in the append's transaction.
 * Publishes OrderCreated and OrderStatusUpdated; consumes PaymentProcessed and PaymentRefunded.
 */
export async function createOrdersService(deps: OrdersServiceDeps): Promise<OrdersService> {
  const log = deps.log.child({ service: 'orders' });
  // The composition root registers every contract's schemas; ours (and the order's own events, which the
  // store validates) are registered here too, so the service also runs on its own.
  for (const { type, version, schema } of [
    ...ordersEventSchemas,
    ...orderEventSchemas,
    ...paymentsEventSchemas,
  ]) {
    if (!deps.events.has(type, version)) deps.events.register(type, version, schema);
  }
  const messaging = createServiceMessaging({
    service: 'orders',
    sql: deps.sql,
    bus: deps.bus,
    registry: deps.events,
    clock: deps.clock,
    ids: deps.ids,
    log,
    ...(deps.consumerRetry === undefined ? {} : { consumerRetry: deps.consumerRetry }),
  });
  const ctx: OrdersContext = {
    sql: deps.sql,
    messaging,
    clock: deps.clock,
    ids: deps.ids,
    log,
    catalog: deps.catalog,
    restaurants: deps.restaurants,
    users: deps.users,
    payments: deps.payments,
    promotions: deps.promotions,
    settings: { ...DEFAULT_SAGA_SETTINGS, ...deps.sagaSettings },
  };
  declarePaymentConsumers(ctx);
  const routes: FastifyPluginAsync = async (app) => {
    ordersWriteRoutes(app, ctx);
    ordersReadRoutes(app, ctx);
  };
  let sweeper: { stop(): Promise<void> } | undefined;

  return {
    name: 'orders',
    migrations: [
      ...loadMigrations('orders', new URL('./migrations/', import.meta.url)),
      ...messaging.migrations,
    ],
    routes,
    messaging,
    client: ordersHandlers(ctx),
    async start() {
      await messaging.start();
      sweeper ??= startSweeper(ctx);
      log.info('orders started');
    },
    async stop() {
      await sweeper?.stop();
      sweeper = undefined;
      await messaging.stop();
    },
    rebuildReadModels: () => rebuildReadModels(ctx),
    sweepOnce: () => sweepOnce(ctx),
  };
}
