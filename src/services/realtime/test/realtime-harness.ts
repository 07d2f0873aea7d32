import { Registry } from 'prom-client';
import { Type } from 'typebox';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import {
  createHttpApp,
  startHttpServer,
  type RunningServer,
  type TokenVerifier,
} from '../../../platform/http/index.js';
import {
  createEvent,
  type EventEnvelope,
  type EventSchemaRegistry,
} from '../../../platform/messaging/index.js';
import { deliveryEventSchemas } from '../../delivery/index.js';
import { notificationsEventSchemas } from '../../notifications/index.js';
import { ordersEventSchemas, type OrderStatus, type OrderSummary } from '../../orders/index.js';
import {
  createRealtimeService,
  realtimeErrorStatuses,
  type RealtimeService,
  type RealtimeSettings,
} from '../index.js';

export { createTestSql } from '../../../../test/support/test-sql.js';

export const RESTAURANT = '0190f000-0000-7000-8000-0000000000a1';
export const OTHER_RESTAURANT = '0190f000-0000-7000-8000-0000000000a2';

/** Fast heart-beats, a small slow-client limit: what the tests exercise, in milliseconds not seconds. */
export const TEST_SETTINGS: Partial<RealtimeSettings> = {
  heartBeat: { sendMs: 100, expectMs: 100 },
  heartBeatTolerance: 5,
  tokenCheckMs: 50,
  maxBufferedBytes: 64 * 1024,
  sseKeepAliveMs: 200,
  tailPollMs: 100,
  pruneEveryMs: 100,
};

/** The orders service as realtime sees it: getOrder over a map. */
export function fakeOrders() {
  const orders = new Map<string, OrderSummary>();
  return {
    orders,
    client: {
      async getOrder({ orderId }: { orderId: string }): Promise<OrderSummary> {
        const order = orders.get(orderId);
        if (order === undefined) throw new AppError('ORDERS.NOT_FOUND', 'No such order.');
        return structuredClone(order);
      },
    },
  };
}

export interface RealtimeHarness extends TestPlatform {
  realtime: RealtimeService;
  server: RunningServer;
  /** ws://host:port/ws of this instance. */
  wsUrl: string;
  metrics: Registry;
  orders: ReturnType<typeof fakeOrders>;
  /** Adds an order to the fake orders service and returns its id. */
  newOrder(parties?: { customerId?: string; courierId?: string | null }): string;
  /**
   * Publishes on the bus (reaching the live feed and the stream consumer through their subscriptions) and
   * feeds the same event to both directly once more: every consumer gets every event twice.
   */
  emit(event: EventEnvelope): Promise<void>;
  /** Publishes the events and stores them as one batch of the stream writer (one transaction). */
  emitBatch(events: EventEnvelope[]): Promise<void>;
  statusEvent(orderId: string, status: OrderStatus, extra?: Record<string, unknown>): EventEnvelope;
  event(type: string, subject: string, data: unknown): EventEnvelope;
  /** Another realtime instance on the same database and bus, behind its own HTTP server. */
  secondInstance(): Promise<{ realtime: RealtimeService; server: RunningServer; close(): Promise<void> }>;
}

const looseSchema = Type.Object({}, { additionalProperties: true });

function registerSchemas(registry: EventSchemaRegistry): void {
  for (const { type, version, schema } of [
    ...ordersEventSchemas,
    ...notificationsEventSchemas,
    ...deliveryEventSchemas,
  ]) {
    registry.register(type, version, schema);
  }
  // The promotions contract is not realtime's to import: its data is opaque here.
  registry.register('PromotionStarted', 1, looseSchema);
}

/** The realtime service with auth and fake orders, on a clean schema, listening on a real port. */
export async function startRealtime(
  sql: PgliteSql,
  settings: Partial<RealtimeSettings> = TEST_SETTINGS,
): Promise<RealtimeHarness> {
  const orders = fakeOrders();
  const metrics = new Registry();
  let realtime: RealtimeService | undefined;
  // The platform's auth service is built before the services under test but handed over only after: the
  // verifier is looked up when a token arrives.
  const late: { verifier?: TokenVerifier } = {};
  const lateVerifier: TokenVerifier = {
    verify: (token) =>
      late.verifier === undefined
        ? Promise.reject(new Error('no verifier yet'))
        : late.verifier.verify(token),
  };
  const platform = await startTestPlatform(sql, {
    build: async (deps) => {
      realtime = await createRealtimeService({
        ...deps,
        orders: orders.client,
        verifier: lateVerifier,
        metrics,
        settings,
        consumerRetry: { maxAttempts: 2, backoff: () => 10 },
      });
      return [realtime];
    },
    events: registerSchemas,
    errorStatuses: realtimeErrorStatuses,
    schemas: ['realtime'],
  });
  late.verifier = platform.auth.verifier;
  const module = realtime;
  if (module === undefined) throw new Error('the realtime service was not built');
  const server = await startHttpServer(platform.app, { port: 0, host: '127.0.0.1', graceMs: 1000 });
  const ids = platform.deps.ids;
  const clock = platform.clock;

  const event = (type: string, subject: string, data: unknown) => {
    clock.advance(1000);
    return createEvent({ clock, ids }, { type, source: 'test', subject, data });
  };

  return {
    ...platform,
    realtime: module,
    server,
    wsUrl: `${server.url.replace('http', 'ws')}/ws`,
    metrics,
    orders,
    newOrder(parties = {}) {
      const orderId = ids.next();
      orders.orders.set(orderId, {
        orderId,
        customerId: parties.customerId ?? ids.next(),
        restaurantId: RESTAURANT,
        courierId: parties.courierId ?? null,
        fulfillment: 'DELIVERY',
        status: 'PENDING',
        totalAmount: { amount: 45_000, currency: 'INR' },
        createdAt: clock.now().toISOString(),
      });
      return orderId;
    },
    async emit(e) {
      await platform.bus.publish(e);
      module.liveFeed.deliver(e);
      await module.streamWriter.deliver(e);
    },
    async emitBatch(events) {
      for (const e of events) {
        await platform.bus.publish(e);
        module.liveFeed.deliver(e);
      }
      await module.streamWriter.deliverBatch(events);
    },
    statusEvent(orderId, status, extra = {}) {
      const order = orders.orders.get(orderId);
      if (order === undefined) throw new Error(`unknown order ${orderId}`);
      const data = {
        orderId,
        customerId: order.customerId,
        restaurantId: order.restaurantId,
        courierId: order.courierId,
        fulfillment: order.fulfillment,
        previousStatus: order.status,
        status,
        changedBy: { id: 'system', role: 'SYSTEM' },
        totalAmount: order.totalAmount,
        items: [],
        changedAt: clock.now().toISOString(),
        ...extra,
      };
      order.status = status;
      return event('OrderStatusUpdated', orderId, data);
    },
    event,
    async secondInstance() {
      const second = await createRealtimeService({
        ...platform.deps,
        orders: orders.client,
        verifier: platform.auth.verifier,
        settings,
        consumerRetry: { maxAttempts: 2, backoff: () => 10 },
      });
      const app = await createHttpApp({
        config: platform.deps.config,
        log: platform.deps.log,
        clock,
        verifier: platform.auth.verifier,
        errorStatuses: realtimeErrorStatuses,
      });
      await app.register(second.routes);
      await app.ready();
      await second.start();
      const secondServer = await startHttpServer(app, { port: 0, host: '127.0.0.1', graceMs: 1000 });
      return {
        realtime: second,
        server: secondServer,
        async close() {
          await second.stop();
          await secondServer.close();
        },
      };
    },
    async close() {
      await server.close();
      await platform.close();
    },
  };
}
