import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { ServiceDeps } from '../../platform/runtime/service-deps.js';
import { createServiceMessaging } from '../../platform/runtime/service-messaging.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import { paymentsEventSchemas, type ChargeResult, type PaymentsClient } from './contract.js';
import { consumeOrderCancellations } from './adapters/order-cancellations.consumer.js';
import { paymentsRoutes } from './adapters/payments.routes.js';
import { createSandboxProvider } from './adapters/sandbox-provider.js';
import { chargeOrder } from './app/charge.js';
import { defaultSettings, type PaymentsContext } from './app/context.js';
import type { PaymentProvider } from './app/payment-provider.js';
import { refundOrder } from './app/refund.js';
import { singleFlight } from './app/single-flight.js';

export type PaymentsServiceDeps = ServiceDeps & {
  /**
   * The card processor; when not given, the sandbox (Stripe-style test tokens), which keeps its books in
   * this service's tables and fails every call while `PAYMENTS_SANDBOX_OUTAGE` is set.
   */
  provider?: PaymentProvider;
  /** How long one provider call may take (default 5000 ms); a timeout is `PAYMENTS.PROVIDER_TIMEOUT`. */
  providerTimeoutMs?: number;
  /** Retry policy of the cancellation consumer (tests shorten it). */
  consumerRetry?: { maxAttempts: number; backoff: (attempt: number) => number };
};

/**
 * The payments service: charges (authorise + capture) and refunds, keyed by order id, through a provider
 * port. Publishes `PaymentProcessed` and `PaymentRefunded` through its outbox; consumes
 * `OrderStatusUpdated` to refund (or release the hold of) cancelled orders. `start()` needs the migrations applied.
 */
export async function createPaymentsService(
  deps: PaymentsServiceDeps,
): Promise<ServiceModule<PaymentsClient>> {
  const log = deps.log.child({ service: 'payments' });
  // The composition root registers every contract's schemas (OrderStatusUpdated included); ours are
  // registered here too so the service publishes on its own. Orders' are not imported at run time: that
  // would load the orders service's module graph, which imports this one.
  for (const { type, version, schema } of paymentsEventSchemas) {
    if (!deps.events.has(type, version)) deps.events.register(type, version, schema);
  }
  const messaging = createServiceMessaging({
    service: 'payments',
    sql: deps.sql,
    bus: deps.bus,
    registry: deps.events,
    clock: deps.clock,
    ids: deps.ids,
    log,
    ...(deps.consumerRetry === undefined ? {} : { consumerRetry: deps.consumerRetry }),
  });
  const ctx: PaymentsContext = {
    sql: deps.sql,
    provider:
      deps.provider ??
      createSandboxProvider({
        sql: deps.sql,
        ids: deps.ids,
        clock: deps.clock,
        outage: deps.config.PAYMENTS_SANDBOX_OUTAGE,
      }),
    messaging,
    clock: deps.clock,
    ids: deps.ids,
    log,
    charges: singleFlight<ChargeResult>(),
    settings: defaultSettings(deps.providerTimeoutMs ?? 5_000),
  };
  consumeOrderCancellations(messaging, ctx);

  const client: PaymentsClient = {
    charge: (input) => chargeOrder(ctx, input),
    refund: (input) => refundOrder(ctx, input),
  };

  return {
    name: 'payments',
    migrations: [
      ...loadMigrations('payments', new URL('./migrations/', import.meta.url)),
      ...messaging.migrations,
    ],
    routes: paymentsRoutes(ctx),
    messaging,
    client,
    async start() {
      await messaging.start();
      log.info('payments started');
    },
    async stop() {
      await messaging.stop();
    },
  };
}
