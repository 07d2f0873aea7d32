import type { TSchema } from 'typebox';
import { createMemoryCache } from '../../src/platform/cache/index.js';
import { loadConfig } from '../../src/platform/config/index.js';
import type { Sql } from '../../src/platform/db/sql.js';
import { createEventSchemaRegistry, createInProcessBus } from '../../src/platform/messaging/index.js';
import { silentLogger } from '../../src/platform/observability/logger.js';
import type { ServiceDeps } from '../../src/platform/runtime/service-deps.js';
import type { Clock } from '../../src/platform/time/clock.js';
import { uuidV7Ids } from '../../src/platform/time/ids.js';

/**
 * What a service factory takes besides the clients it calls, for a test that hands events to the service's
 * consumers itself: the default config, a silent log, uuidv7 ids, an in-process bus (the test closes it), a
 * small memory cache, and a registry of `eventSchemas`.
 */
export function serviceTestDeps(options: {
  sql: Sql;
  clock: Clock;
  eventSchemas: ReadonlyArray<{ type: string; version: number; schema: TSchema }>;
}): ServiceDeps {
  const { sql, clock } = options;
  const log = silentLogger();
  const events = createEventSchemaRegistry();
  for (const { type, version, schema } of options.eventSchemas) events.register(type, version, schema);
  return {
    config: loadConfig({}),
    log,
    sql,
    clock,
    ids: uuidV7Ids,
    bus: createInProcessBus({ log }),
    events,
    cache: createMemoryCache({ maxEntries: 10, defaultTtlMs: 1000, clock }),
  };
}
