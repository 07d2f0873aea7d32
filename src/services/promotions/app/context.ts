import type { Sql } from '../../../platform/db/sql.js';
import type { Logger } from '../../../platform/observability/logger.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { Ids } from '../../../platform/time/ids.js';
import type { RestaurantsLookup } from '../contract.js';

export interface PromotionsSettings {
  /** How often the timer announces offers that have started and releases lapsed reservations. */
  timerIntervalMs: number;
  /** How long a reservation waits for its OrderCreated before it is given back (the order never came). */
  reservationTtlMs: number;
  /** Offers announced, or reservations released, per transaction of the timer. */
  timerBatchSize: number;
}

export const DEFAULT_PROMOTIONS_SETTINGS: PromotionsSettings = {
  timerIntervalMs: 5_000,
  reservationTtlMs: 15 * 60_000,
  timerBatchSize: 100,
};

/** What every use case of the promotions service works with. */
export interface PromotionsContext {
  sql: Sql;
  messaging: ServiceMessaging;
  restaurants: RestaurantsLookup;
  clock: Clock;
  ids: Ids;
  log: Logger;
  settings: PromotionsSettings;
}
