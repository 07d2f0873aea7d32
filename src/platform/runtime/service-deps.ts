import type { Cache } from '../cache/index.js';
import type { Config } from '../config/index.js';
import type { Sql } from '../db/index.js';
import type { EventBus, EventSchemaRegistry } from '../messaging/index.js';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../time/clock.js';
import type { Ids } from '../time/ids.js';

/**
 * What every service factory receives from the composition root, besides the clients of the services it
 * calls. A service touches only its own schema in `sql`, publishes through its outbox to `bus`, and
 * validates events against `events` (every contract's schemas are registered there).
 */
export interface ServiceDeps {
  config: Config;
  log: Logger;
  sql: Sql;
  clock: Clock;
  ids: Ids;
  bus: EventBus;
  events: EventSchemaRegistry;
  cache: Cache;
}
