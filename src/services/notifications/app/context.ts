import type { Sql } from '../../../platform/db/sql.js';
import type { Logger } from '../../../platform/observability/logger.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { Ids } from '../../../platform/time/ids.js';
import type { RestaurantsClient } from '../../restaurants/index.js';
import type { UsersClient } from '../../users/index.js';
import type { EmailChannel, SmsChannel } from './ports.js';

/** What the notifications use cases work with. */
export interface NotificationsContext {
  sql: Sql;
  messaging: ServiceMessaging;
  users: Pick<UsersClient, 'getNotificationChannels' | 'getContacts'>;
  /** Only for restaurant names in the texts; without it the texts leave the name out. */
  restaurants: Pick<RestaurantsClient, 'getRestaurant'> | undefined;
  email: EmailChannel;
  sms: SmsChannel;
  clock: Clock;
  ids: Ids;
  log: Logger;
}
