import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { createEvent, type EventEnvelope } from '../../../platform/messaging/index.js';
import type { ServiceModule } from '../../../platform/runtime/service-module.js';
import { ordersEventSchemas } from '../../orders/index.js';
import { paymentsEventSchemas } from '../../payments/index.js';
import { restaurantsEventSchemas, type RestaurantView } from '../../restaurants/index.js';
import {
  UsersErrors,
  type NotificationChannels,
  type PreferencesView,
  type ProfileView,
} from '../../users/index.js';
import type { NotificationConsumers } from '../adapters/notification-consumers.js';
import {
  createNotificationsService,
  NotificationsEvents,
  notificationsErrorStatuses,
  notificationsEventSchemas,
  type EmailChannel,
  type NotificationsClient,
  type OutgoingEmail,
  type SendContext,
} from '../index.js';

export { createTestSql } from '../../../../test/support/test-sql.js';

export const MAX_ATTEMPTS = 3;

/** The users service's defaults: in-app everywhere, email for order updates, no SMS. */
export const DEFAULT_CHANNELS: NotificationChannels = {
  ORDER_UPDATES: { inApp: true, email: true, sms: false },
  PROMOTIONS: { inApp: true, email: false, sms: false },
  ACCOUNT: { inApp: true, email: false, sms: false },
  RESTAURANT_UPDATES: { inApp: true, email: false, sms: false },
};

/** A users service stand-in: preferences and profiles set by the test; unknown ids get the defaults. */
export class FakeUsers {
  readonly channels = new Map<string, NotificationChannels>();
  readonly phones = new Map<string, string>();
  readonly unknown = new Set<string>();

  /** How many times each user's preferences were asked for. */
  readonly preferenceLookups = new Map<string, number>();
  /** How many times each user's profile (their contact) was asked for. */
  readonly profileLookups = new Map<string, number>();

  async getPreferences({ userId }: { userId: string }): Promise<PreferencesView> {
    this.preferenceLookups.set(userId, (this.preferenceLookups.get(userId) ?? 0) + 1);
    this.assertKnown(userId);
    return {
      cuisines: [],
      dietaryRestrictions: [],
      notificationChannels: this.channels.get(userId) ?? DEFAULT_CHANNELS,
    };
  }

  async getNotificationChannels({
    userIds,
  }: {
    userIds: string[];
  }): Promise<{ channels: Array<{ userId: string; notificationChannels: NotificationChannels }> }> {
    const known = userIds.filter((userId) => !this.unknown.has(userId));
    return {
      channels: await Promise.all(
        known.map(async (userId) => ({
          userId,
          notificationChannels: (await this.getPreferences({ userId })).notificationChannels,
        })),
      ),
    };
  }

  async getContacts({
    userIds,
  }: {
    userIds: string[];
  }): Promise<{ contacts: Array<{ userId: string; email: string; phone: string | null }> }> {
    const known = userIds.filter((userId) => !this.unknown.has(userId));
    return {
      contacts: await Promise.all(
        known.map(async (userId) => {
          const profile = await this.getProfile({ userId });
          return { userId, email: profile.email, phone: profile.phone };
        }),
      ),
    };
  }

  async getProfile({ userId }: { userId: string }): Promise<ProfileView> {
    this.profileLookups.set(userId, (this.profileLookups.get(userId) ?? 0) + 1);
    this.assertKnown(userId);
    return {
      id: userId,
      email: `${userId.slice(-6)}@mail.test`,
      name: 'Asha',
      phone: this.phones.get(userId) ?? null,
      roles: ['CUSTOMER'],
      restaurantIds: [],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
  }

  private assertKnown(userId: string): void {
    if (this.unknown.has(userId)) throw new AppError(UsersErrors.USER_NOT_FOUND, 'no such user');
  }
}

/**
 * An email provider that records what it sends, and can be made to fail; with `inner` (the outbox adapter,
 * say), the messages it accepts go on there too.
 */
export class FakeEmail implements EmailChannel {
  readonly sent: OutgoingEmail[] = [];
  /** The message ids of each `sendMany` call. */
  readonly batches: string[][] = [];
  /** Message ids refused on their next attempt only. */
  readonly refuseOnce = new Set<string>();
  attempts = 0;
  failing = false;

  constructor(private readonly inner?: EmailChannel) {}

  async send(message: OutgoingEmail, context: SendContext): Promise<void> {
    this.accept(message);
    await this.inner?.send(message, context);
  }

  async sendMany(messages: readonly OutgoingEmail[], context: SendContext): Promise<void> {
    this.batches.push(messages.map((message) => message.messageId));
    const accepted: OutgoingEmail[] = [];
    try {
      for (const message of messages) {
        this.accept(message);
        accepted.push(message);
      }
    } finally {
      // As a provider does: what it accepted before a refusal is gone.
      if (accepted.length > 0) await this.inner?.sendMany(accepted, context);
    }
  }

  private accept(message: OutgoingEmail): void {
    this.attempts += 1;
    if (this.failing) throw new Error('SMTP 421 service not available');
    if (this.refuseOnce.delete(message.messageId)) throw new Error('SMTP 451 try again later');
    this.sent.push(message);
  }
}

export interface NotificationsHarness extends TestPlatform {
  notifications: ServiceModule<NotificationsClient> & { consumers: NotificationConsumers };
  users: FakeUsers;
  /** Delivers a source event to the events consumer twice, then waits for the channel jobs it enqueued. */
  feed(event: EventEnvelope): Promise<void>;
  /** The channel jobs enqueued because of `event`. */
  jobsOf(event: EventEnvelope): Promise<EventEnvelope[]>;
  event<T>(type: string, subject: string, data: T): EventEnvelope<T>;
}

export const RESTAURANT_ID = '0195a0c0-0000-7000-8000-00000000a001';
export const RESTAURANT_NAME = 'Saffron Courtyard';

/** The notifications service with fake users/restaurants clients, on a clean schema, behind the HTTP kernel. */
export async function startNotifications(
  sql: PgliteSql,
  options: { email?: EmailChannel } = {},
): Promise<NotificationsHarness> {
  const users = new FakeUsers();
  let notifications: NotificationsHarness['notifications'] | undefined;
  const platform = await startTestPlatform(sql, {
    build: async (deps) => {
      notifications = await createNotificationsService({
        ...deps,
        users,
        restaurants: {
          getRestaurant: async ({ id }) => {
            if (id !== RESTAURANT_ID) throw new AppError('RESTAURANTS.NOT_FOUND', 'no such restaurant');
            // Only the name is read; the rest of the view does not matter here.
            return { id, name: RESTAURANT_NAME } as RestaurantView;
          },
        },
        ...(options.email === undefined ? {} : { email: options.email }),
        consumerRetry: { maxAttempts: MAX_ATTEMPTS, backoff: () => 5 },
      });
      return [notifications];
    },
    events: (registry) => {
      for (const schemas of [
        notificationsEventSchemas,
        ordersEventSchemas,
        paymentsEventSchemas,
        restaurantsEventSchemas,
      ]) {
        for (const { type, version, schema } of schemas) registry.register(type, version, schema);
      }
    },
    errorStatuses: notificationsErrorStatuses,
    schemas: ['notifications'],
  });
  if (notifications === undefined) throw new Error('the notifications service was not built');
  const module = notifications;

  async function jobsOf(event: EventEnvelope): Promise<EventEnvelope[]> {
    const { rows } = await sql.query<{ event: EventEnvelope }>(
      `SELECT event FROM notifications.outbox WHERE event->>'causationId' = $1 AND event->>'type' = ANY($2::text[])
       ORDER BY id`,
      [event.id, [NotificationsEvents.EMAIL_REQUESTED, NotificationsEvents.SMS_REQUESTED]],
    );
    return rows.map((row) => row.event);
  }

  return {
    ...platform,
    notifications: module,
    users,
    jobsOf,
    event: (type, subject, data) =>
      createEvent({ clock: platform.clock, ids: platform.deps.ids }, { type, source: 'test', subject, data }),
    async feed(event) {
      const first = await module.consumers.events.deliver(event);
      const second = await module.consumers.events.deliver(event);
      if (first !== 'applied' || second !== 'duplicate') {
        throw new Error(`expected applied then duplicate, got ${first} then ${second}`);
      }
      for (const job of await jobsOf(event)) {
        const consumer =
          job.type === NotificationsEvents.EMAIL_REQUESTED ? module.consumers.email : module.consumers.sms;
        await consumer.whenProcessed(job.id);
      }
    },
  };
}
