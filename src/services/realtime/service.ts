import type { Registry } from 'prom-client';
import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { TokenVerifier } from '../../platform/http/principal.js';
import type { Consumer } from '../../platform/messaging/index.js';
import type { ServiceDeps } from '../../platform/runtime/service-deps.js';
import { createServiceMessaging } from '../../platform/runtime/service-messaging.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import type { OrdersClient } from '../orders/index.js';
import { LIVE_EVENT_TYPES, type RealtimeClient } from './contract.js';
import { createLiveFeed, type LiveFeed } from './adapters/live-feed.js';
import { createRealtimeStats } from './adapters/realtime-metrics.js';
import { realtimeRoutes } from './adapters/realtime.routes.js';
import { createStreamStore } from './adapters/stream-store.sql.js';
import { storeManyStreamEntries, storeStreamEntries } from './adapters/stream-writer.js';
import { DEFAULT_REALTIME_SETTINGS, type RealtimeContext, type RealtimeSettings } from './app/context.js';
import { createLiveHub } from './app/live-hub.js';
import { createStreamTail } from './app/stream-tail.js';

export type { RealtimeSettings } from './app/context.js';

export type RealtimeServiceDeps = ServiceDeps & {
  /** Order topics and streams are authorised against the order's parties. */
  orders: Pick<OrdersClient, 'getOrder'>;
  /** The HTTP kernel's token verifier (local keys when auth is hosted here, else its JWKS). */
  verifier: TokenVerifier;
  /** The app's metrics registry, for the session gauges; none when omitted. */
  metrics?: Registry;
  settings?: Partial<RealtimeSettings>;
  /** Retry policy of the stream consumer (tests shorten it). */
  consumerRetry?: { maxAttempts: number; backoff: (attempt: number) => number };
};

export interface RealtimeService extends ServiceModule<RealtimeClient> {
  /** The durable consumer that stores stream entries for SSE (tests feed it directly). */
  readonly streamWriter: Consumer;
  /** This instance's broadcast feed of live events (tests feed it directly). */
  readonly liveFeed: LiveFeed;
}

/**
 * The realtime service: STOMP 1.2 over WebSocket and Server-Sent Events for live order, notification and
 * promotion updates. Every instance receives every live event through its own broadcast subscription and
 * pushes it to its own sockets; one durable consumer (shared by the instances) keeps a short history per
 * stream, from which SSE clients resume with Last-Event-ID.
 */
export async function createRealtimeService(deps: RealtimeServiceDeps): Promise<RealtimeService> {
  const log = deps.log.child({ service: 'realtime' });
  const settings: RealtimeSettings = { ...DEFAULT_REALTIME_SETTINGS, ...deps.settings };
  const messaging = createServiceMessaging({
    service: 'realtime',
    sql: deps.sql,
    bus: deps.bus,
    registry: deps.events,
    clock: deps.clock,
    ids: deps.ids,
    log,
    ...(deps.consumerRetry === undefined ? {} : { consumerRetry: deps.consumerRetry }),
  });
  const store = createStreamStore(deps.sql);
  const hub = createLiveHub({ log });
  const tail = createStreamTail({ store, log, pollMs: settings.tailPollMs });
  const ctx: RealtimeContext = {
    hub,
    tail,
    store,
    orders: deps.orders,
    verifier: deps.verifier,
    settings,
    stats: createRealtimeStats(deps.metrics),
    open: new Set(),
    clock: deps.clock,
    log,
  };
  const streamWriter = messaging.consume(
    'streams',
    [...LIVE_EVENT_TYPES],
    storeStreamEntries(store, deps.clock),
    { batch: true, handleMany: storeManyStreamEntries(store, deps.clock) },
  );
  const liveFeed = createLiveFeed({ bus: deps.bus, registry: deps.events, hub, tail, log });
  let pruneTimer: NodeJS.Timeout | undefined;

  const prune = async () => {
    try {
      const removed = await store.prune(new Date(deps.clock.now().getTime() - settings.streamRetentionMs));
      if (removed > 0) log.info({ removed }, 'old stream entries pruned');
    } catch (error) {
      log.warn({ err: error }, 'stream entries could not be pruned; will retry');
    }
  };

  return {
    name: 'realtime',
    migrations: [
      ...loadMigrations('realtime', new URL('./migrations/', import.meta.url)),
      ...messaging.migrations,
    ],
    routes: realtimeRoutes(ctx),
    messaging,
    client: {},
    streamWriter,
    liveFeed,
    async start() {
      await tail.start();
      await liveFeed.start();
      await messaging.start();
      pruneTimer = setInterval(() => void prune(), settings.pruneEveryMs);
      pruneTimer.unref();
      log.info('realtime started');
    },
    async stop() {
      clearInterval(pruneTimer);
      for (const open of [...ctx.open]) open.close();
      await liveFeed.stop();
      await messaging.stop();
      await tail.stop();
    },
  };
}
