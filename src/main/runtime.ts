// The platform's shared resources for one process, chosen by configuration: embedded or production adapters.
import type { Redis } from 'ioredis';
import { createMemoryCache, createTieredCache, type Cache } from '../platform/cache/index.js';
import type { Config } from '../platform/config/index.js';
import { createSql, type Sql } from '../platform/db/index.js';
import {
  createEventSchemaRegistry,
  createInProcessBus,
  createNatsBus,
  type EventBus,
  type EventSchemaRegistry,
} from '../platform/messaging/index.js';
import { createLogger, type Logger } from '../platform/observability/logger.js';
import type { ReadinessCheck } from '../platform/http/index.js';
import { createMetricsRegistry } from '../platform/observability/metrics.js';
import { createDependencyHealth } from '../platform/observability/dependency-health.js';
import type { Registry } from 'prom-client';
import type { ServiceDeps } from '../platform/runtime/service-deps.js';
import { systemClock, type Clock } from '../platform/time/clock.js';
import { uuidV7Ids, type Ids } from '../platform/time/ids.js';
import { registerAllEventSchemas } from './event-schemas.js';
import { connectRedis, pingRedis } from './redis-connection.js';
import { redisKeys } from './redis-keys.js';

export interface Runtime extends ServiceDeps {
  redis: Redis | undefined;
  readiness: ReadinessCheck[];
  /** The process's metrics registry: HTTP metrics and the services' own gauges and counters. */
  metrics: Registry;
  /** Closes what the runtime opened, in reverse order. */
  close(): Promise<void>;
}

/** Parts a test may supply itself (a manual clock, a prepared PGlite, a bus shared by two instances). */
export interface RuntimeOverrides {
  log?: Logger;
  sql?: Sql;
  clock?: Clock;
  ids?: Ids;
  bus?: EventBus;
  cache?: Cache;
  events?: EventSchemaRegistry;
}

export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const log =
    overrides.log ?? createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY, name: 'sattzabite' });
  const closers: Array<() => Promise<void>> = [];
  try {
    const sql = overrides.sql ?? (await createSql(config, log));
    if (overrides.sql === undefined) closers.push(() => sql.close());

    const bus = overrides.bus ?? (await createBus(config, log));
    if (overrides.bus === undefined) closers.push(() => bus.close());

    const metrics = createMetricsRegistry();
    const health = createDependencyHealth(metrics, log);
    const redis =
      config.REDIS_URL === undefined ? undefined : await connectRedis(config.REDIS_URL, log, health);
    if (redis !== undefined) closers.push(async () => void redis.disconnect());

    const cache =
      overrides.cache ??
      (redis === undefined
        ? createMemoryCache({ maxEntries: 20_000, defaultTtlMs: 60_000 })
        : await createTieredCache({
            redis,
            namespace: redisKeys(config).cache,
            maxEntries: 20_000,
            defaultTtlMs: 60_000,
            log,
            onFallback: () => health.fellBack('redis', 'cache'),
          }));
    if (overrides.cache === undefined) closers.push(() => cache.close());

    const events = overrides.events ?? registerAllEventSchemas(createEventSchemaRegistry());

    const readiness: ReadinessCheck[] = [
      // Without the database nothing can be served: critical. Without the bus, events wait in the outbox
      // and the relay publishes them when it is back; without Redis, the cache and rate limits fall back to
      // memory: the node is degraded, not down.
      { name: 'db', check: () => sql.ping() },
      { name: 'bus', check: () => bus.ping(), critical: false },
    ];
    if (redis !== undefined)
      readiness.push({ name: 'redis', check: () => pingRedis(redis), critical: false });

    return {
      config,
      log,
      sql,
      clock: overrides.clock ?? systemClock,
      ids: overrides.ids ?? uuidV7Ids,
      bus,
      cache,
      events,
      redis,
      readiness,
      metrics,
      close: async () => {
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw error;
  }
}

function createBus(config: Config, log: Logger): Promise<EventBus> | EventBus {
  if (config.NATS_URL === undefined) return createInProcessBus({ log });
  return createNatsBus({
    url: config.NATS_URL,
    streamName: config.NATS_STREAM,
    subjectPrefix: config.NATS_SUBJECT_PREFIX,
    partitions: config.NATS_PARTITIONS,
    concurrency: config.NATS_CONSUMER_CONCURRENCY,
    log,
  });
}
