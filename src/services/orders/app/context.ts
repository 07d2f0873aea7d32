import type { Sql } from '../../../platform/db/sql.js';
import type { Logger } from '../../../platform/observability/logger.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { Ids } from '../../../platform/time/ids.js';
import type { CatalogClient } from '../../catalog/index.js';
import type { PaymentsClient } from '../../payments/index.js';
import type { PromotionsClient } from '../../promotions/index.js';
import type { RestaurantsClient } from '../../restaurants/index.js';
import type { UsersClient } from '../../users/index.js';

/** The parts of other services' clients the orders service calls. */
export interface OrdersUpstreams {
  catalog: Pick<CatalogClient, 'validateItems'>;
  restaurants: Pick<RestaurantsClient, 'checkOrderable'>;
  users: Pick<UsersClient, 'getAddress'>;
  payments: PaymentsClient;
  /** Codes applied at checkout: a redemption is reserved before the order is written. */
  promotions: Pick<PromotionsClient, 'redeem' | 'release'>;
}

export interface SagaSettings {
  /** How often the sweeper looks for orders whose saga has a step left (payment, refund). */
  sweepIntervalMs: number;
  /** An order still unpaid this long after it was placed is cancelled with `payment_timeout`. */
  paymentTimeoutMs: number;
  /** Orders the sweeper handles per run. */
  sweepBatchSize: number;
}

export const DEFAULT_SAGA_SETTINGS: SagaSettings = {
  sweepIntervalMs: 30_000,
  paymentTimeoutMs: 10 * 60_000,
  sweepBatchSize: 100,
};

/** What every use case of the orders service works with. */
export interface OrdersContext extends OrdersUpstreams {
  sql: Sql;
  messaging: ServiceMessaging;
  clock: Clock;
  ids: Ids;
  log: Logger;
  settings: SagaSettings;
}
