// The platform's shared resources for one process, chosen by configuration: embedded or production adapters.
import type { Config } from '../platform/config/index.js';
import { createSql } from '../platform/db/index.js';
import type { Sql } from '../platform/db/index.js';
import { createLogger, type Logger } from '../platform/observability/logger.js';
import { systemClock, type Clock } from '../platform/time/clock.js';
import { uuidV7Ids, type Ids } from '../platform/time/ids.js';

export interface Runtime {
  config: Config;
  log: Logger;
  sql: Sql;
  clock: Clock;
  ids: Ids;
  /** Closes what the runtime opened, in reverse order. */
  close(): Promise<void>;
}

export async function createRuntime(config: Config, log?: Logger): Promise<Runtime> {
  const logger =
    log ?? createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY, name: 'sattzabite' });
  const sql = await createSql(config, logger);
  return {
    config,
    log: logger,
    sql,
    clock: systemClock,
    ids: uuidV7Ids,
    close: async () => {
      await sql.close();
    },
  };
}
