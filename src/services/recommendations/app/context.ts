import type { Sql } from '../../../platform/db/sql.js';
import type { Logger } from '../../../platform/observability/logger.js';
import type { Clock } from '../../../platform/time/clock.js';

/** What every use case of the recommendations service works with. */
export interface RecommendationsContext {
  sql: Sql;
  clock: Clock;
  log: Logger;
}
