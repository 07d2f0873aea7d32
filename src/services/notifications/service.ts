import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { ServiceDeps } from '../../platform/runtime/service-deps.js';
import { createServiceMessaging } from '../../platform/runtime/service-messaging.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import type { RestaurantsClient } from '../restaurants/index.js';
import type { UsersClient } from '../users/index.js';
import type { NotificationsClient } from './contract.js';
import {
  createNotificationConsumers,
  type NotificationConsumers,
} from './adapters/notification-consumers.js';
import { notificationsRoutes } from './adapters/notifications.routes.js';
import { createOutboxEmailChannel } from './adapters/outbox-email-channel.js';
import { createSandboxSmsChannel } from './adapters/sandbox-sms-channel.js';
import { createSmtpEmailChannel } from './adapters/smtp-email-channel.js';
import type { NotificationsContext } from './app/context.js';
import { countUnreadNotifications, listNotifications } from './app/inbox.js';
import type { EmailChannel, SmsChannel } from './app/ports.js';

export type NotificationsServiceDeps = ServiceDeps & {
  users: Pick<UsersClient, 'getNotificationChannels' | 'getContacts'>;
  /** For restaurant names in the texts; optional, the texts read well without them. */
  restaurants?: Pick<RestaurantsClient, 'getRestaurant'>;
  /** Defaults to SMTP when `config.SMTP_URL` is set, else the local outbox table. */
  email?: EmailChannel;
  /** Defaults to the sandbox provider, which records messages in `notifications.sms_log`. */
  sms?: SmsChannel;
  /** Retry policy of this service's consumers (tests shorten it). */
  consumerRetry?: { maxAttempts: number; backoff: (attempt: number) => number };
};

/** The sender of emails sent through SMTP. */
const MAIL_FROM = 'SattzaBite <no-reply@sattzabite.test>';
/**
 * The notifications service: turns order, payment and restaurant events into in-app notifications
 * (publishing NotificationCreated) and email/SMS sends per each user's preferences. Each external send is
 * a job of its own consumer, so one failing channel is retried and dead-lettered without holding up the rest.
 */
export async function createNotificationsService(
  deps: NotificationsServiceDeps,
): Promise<ServiceModule<NotificationsClient> & { consumers: NotificationConsumers }> {
  const log = deps.log.child({ service: 'notifications' });
  const messaging = createServiceMessaging({
    service: 'notifications',
    sql: deps.sql,
    bus: deps.bus,
    registry: deps.events,
    clock: deps.clock,
    ids: deps.ids,
    log,
  });
  const smtp =
    deps.email === undefined && deps.config.SMTP_URL !== undefined
      ? createSmtpEmailChannel({ url: deps.config.SMTP_URL, from: MAIL_FROM })
      : undefined;
  const ctx: NotificationsContext = {
    sql: deps.sql,
    messaging,
    users: deps.users,
    restaurants: deps.restaurants,
    email: deps.email ?? smtp ?? createOutboxEmailChannel(deps.clock),
    sms: deps.sms ?? createSandboxSmsChannel(deps.clock),
    clock: deps.clock,
    ids: deps.ids,
    log,
  };
  const consumers = createNotificationConsumers(ctx, deps, deps.consumerRetry);
  const all = [consumers.events, consumers.email, consumers.sms];

  const client: NotificationsClient = {
    listNotifications: ({ recipients, ...query }) => listNotifications(ctx, recipients, query),
    countUnread: ({ recipients }) => countUnreadNotifications(ctx, recipients),
  };

  return {
    name: 'notifications',
    migrations: [
      ...loadMigrations('notifications', new URL('./migrations/', import.meta.url)),
      ...messaging.migrations,
    ],
    routes: notificationsRoutes(ctx),
    // The consumers are built beside messaging (they prepare outside their transaction); operations find them here.
    messaging: { ...messaging, consumers: all },
    consumers,
    client,
    async start() {
      await messaging.start();
      for (const consumer of all) await consumer.start();
      log.info({ email: smtp === undefined ? 'custom or local outbox' : 'smtp' }, 'notifications started');
    },
    async stop() {
      for (const consumer of all) await consumer.stop();
      await messaging.stop();
      smtp?.close();
    },
  };
}
