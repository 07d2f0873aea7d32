import { Type, type Static, type TSchema } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';

/**
 * The notifications service's public face. It turns order, payment and restaurant events into
 * notifications: stored in an in-app inbox, and sent by email and SMS as each recipient's preferences say.
 *
 * A recipient is an inbox key: `user:<userId>` for a person (customer, courier) and
 * `restaurant:<restaurantId>` for a restaurant, whose inbox every member of its staff reads.
 */

export const NotificationsErrors = {
  /** No such notification in the caller's inboxes; another user's answers the same, to not leak it. */
  NOTIFICATION_NOT_FOUND: 'NOTIFICATIONS.NOTIFICATION_NOT_FOUND',
} as const;
export type NotificationsErrorCode = (typeof NotificationsErrors)[keyof typeof NotificationsErrors];

export const notificationsErrorStatuses: Record<NotificationsErrorCode, number> = {
  [NotificationsErrors.NOTIFICATION_NOT_FOUND]: 404,
};

/** The inbox key of a person. */
export const userRecipient = (userId: string): string => `user:${userId}`;
/** The inbox key of a restaurant, shared by its staff. */
export const restaurantRecipient = (restaurantId: string): string => `restaurant:${restaurantId}`;

/** What a notification says happened; the UI picks an icon by it. */
export const NOTIFICATION_KINDS = [
  'ORDER_PLACED',
  'ORDER_CONFIRMED',
  'ORDER_PREPARING',
  'ORDER_READY',
  'ORDER_OUT_FOR_DELIVERY',
  'ORDER_DELIVERED',
  'ORDER_PICKED_UP',
  'ORDER_CANCELLED',
  'PAYMENT_FAILED',
  'NEW_ORDER',
  'DELIVERY_ASSIGNED',
  'DELIVERY_CANCELLED',
  'RESTAURANT_OPENED',
  'RESTAURANT_CLOSED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The channels a notification can go out on; each (event, recipient, channel) is delivered once. */
export const CHANNELS = ['IN_APP', 'EMAIL', 'SMS'] as const;
export type Channel = (typeof CHANNELS)[number];

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time', description: 'ISO-8601 instant' });
const Page = Type.Integer({ minimum: 0, default: 0, description: 'from 0' });
const Size = Type.Integer({ minimum: 1, maximum: 100, default: 20 });

// ---- inbox ----

export const NotificationView = Type.Object({
  id: Uuid,
  recipient: Type.String({ description: '`user:<id>` or `restaurant:<id>`' }),
  kind: Type.Enum([...NOTIFICATION_KINDS]),
  title: Type.String(),
  body: Type.String(),
  /** Ids the UI links to (`orderId`, `restaurantId`, `status`). */
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Instant,
  /** Null while unread. */
  readAt: Type.Union([Instant, Type.Null()]),
});
export type NotificationView = Static<typeof NotificationView>;

export const NotificationPage = Type.Object({
  content: Type.Array(NotificationView),
  page: Type.Integer(),
  size: Type.Integer(),
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
});
export type NotificationPage = Static<typeof NotificationPage>;

/** Newest first. `unread=true` leaves out the ones already read. */
export const ListNotificationsQuery = Type.Object(
  { page: Page, size: Size, unread: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type ListNotificationsQuery = Static<typeof ListNotificationsQuery>;

export const ReadAllResult = Type.Object({
  /** How many notifications were unread and are now read. */
  updated: Type.Integer(),
});
export type ReadAllResult = Static<typeof ReadAllResult>;

// ---- local email outbox (no SMTP server configured) ----

export const OutboxEmailView = Type.Object({
  id: Type.Integer(),
  messageId: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  createdAt: Instant,
});
export type OutboxEmailView = Static<typeof OutboxEmailView>;

export const OutboxEmailPage = Type.Object({
  content: Type.Array(OutboxEmailView),
  page: Type.Integer(),
  size: Type.Integer(),
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
});
export type OutboxEmailPage = Static<typeof OutboxEmailPage>;

export const ListEmailsQuery = Type.Object({ page: Page, size: Size }, { additionalProperties: false });
export type ListEmailsQuery = Static<typeof ListEmailsQuery>;

// ---- events ----

export const NotificationsEvents = {
  NOTIFICATION_CREATED: 'NotificationCreated',
  /** Internal: one email to send; the notifications service is its only consumer. */
  EMAIL_REQUESTED: 'NotificationEmailRequested',
  /** Internal: one SMS to send; the notifications service is its only consumer. */
  SMS_REQUESTED: 'NotificationSmsRequested',
} as const;

/** `NotificationCreated` v1: a notification landed in an in-app inbox (realtime pushes it). Subject: its id. */
export const NotificationCreatedV1 = Type.Object({
  notificationId: Type.String(),
  recipient: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
});
export type NotificationCreatedV1 = Static<typeof NotificationCreatedV1>;

/**
 * `NotificationEmailRequested` / `NotificationSmsRequested` v1: one send on one external channel, its own
 * unit of work so that a failing channel is retried and dead-lettered alone. No address travels in it:
 * the sender looks it up when it sends. Subject: the notification id.
 */
export const ChannelSendRequestedV1 = Type.Object({
  notificationId: Type.String(),
  /** The event the notification is about; with recipient and channel, the key that makes a send happen once. */
  sourceEventId: Type.String(),
  recipient: Type.String(),
  userId: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
});
export type ChannelSendRequestedV1 = Static<typeof ChannelSendRequestedV1>;

/** Every event this service publishes, for the composition root's registry. */
export const notificationsEventSchemas: Array<{ type: string; version: number; schema: TSchema }> = [
  { type: NotificationsEvents.NOTIFICATION_CREATED, version: 1, schema: NotificationCreatedV1 },
  { type: NotificationsEvents.EMAIL_REQUESTED, version: 1, schema: ChannelSendRequestedV1 },
  { type: NotificationsEvents.SMS_REQUESTED, version: 1, schema: ChannelSendRequestedV1 },
];

// ---- client ----

/** What other services call (realtime, for the badge and the catch-up after a reconnect). */
export interface NotificationsClient {
  /** The notifications of these inboxes, newest first. */
  listNotifications(input: {
    recipients: string[];
    unread?: boolean;
    page?: number;
    size?: number;
  }): Promise<NotificationPage>;
  /** How many notifications of these inboxes are unread. */
  countUnread(input: { recipients: string[] }): Promise<{ count: number }>;
}

export type NotificationsOperations = { [K in keyof NotificationsClient]: NotificationsClient[K] };

/** The notifications service's operations for other services; both are reads, safe to retry. */
export const notificationsContract = defineServiceContract<NotificationsOperations>('notifications', {
  listNotifications: { idempotent: true },
  countUnread: { idempotent: true },
});
