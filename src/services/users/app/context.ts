import type { Logger } from '../../../platform/observability/logger.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { Ids } from '../../../platform/time/ids.js';
import type { AuthClient } from '../../auth/index.js';
import type { OrderHistoryStore } from '../read/order-history.sql.js';
import type { UsersStore } from './ports.js';

/** What every use case of the users service works with. */
export interface UsersContext {
  store: UsersStore;
  /** The order history read model (written only by its projection). */
  orderHistory: OrderHistoryStore;
  auth: AuthClient;
  messaging: ServiceMessaging;
  clock: Clock;
  ids: Ids;
  log: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Client operations may come from another process: an id that is not a UUID can match nothing. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
