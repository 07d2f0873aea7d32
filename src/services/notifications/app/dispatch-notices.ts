import type { SqlTransaction } from '../../../platform/db/sql.js';
import { causedBy, type EventEnvelope } from '../../../platform/messaging/index.js';
import type { Channels, NotificationChannels } from '../../users/index.js';
import { NotificationsEvents, type ChannelSendRequestedV1, type NotificationCreatedV1 } from '../contract.js';
import { claimDelivery, insertInboxEntry } from '../adapters/notifications.sql.js';
import { recipientKey, type Notice } from '../domain/notice.js';
import type { NotificationsContext } from './context.js';

/** A restaurant has no preferences or address of its own: its staff read its inbox. */
const IN_APP_ONLY: Channels = { inApp: true, email: false, sms: false };

/**
 * Stores each in-app notification and enqueues one job per external channel, all in the transaction that
 * records `event` in the inbox. Each job is its own unit of work, so a failing email provider is retried
 * and dead-lettered alone while in-app and SMS go out.
 */
export async function dispatchNotices(
  ctx: NotificationsContext,
  event: EventEnvelope,
  notices: readonly Notice[],
  preferences: ReadonlyMap<string, NotificationChannels | null>,
  tx: SqlTransaction,
): Promise<void> {
  const cause = causedBy(event);
  const now = ctx.clock.now();
  const outgoing: EventEnvelope[] = [];
  for (const notice of notices) {
    const recipient = recipientKey(notice.recipient);
    const channels = channelsOf(notice, preferences);
    const notificationId = ctx.ids.next();

    if (channels.inApp) {
      const claimed = await claimDelivery(tx, {
        eventId: event.id,
        recipient,
        channel: 'IN_APP',
        notificationId,
        status: 'SENT',
        at: now,
      });
      if (claimed) {
        const { kind, title, body, data } = notice;
        await insertInboxEntry(tx, {
          id: notificationId,
          recipient,
          kind,
          title,
          body,
          data,
          sourceEventId: event.id,
          createdAt: now,
        });
        const created: NotificationCreatedV1 = {
          notificationId,
          recipient,
          kind,
          title,
          body,
          createdAt: now.toISOString(),
        };
        outgoing.push(
          ctx.messaging.event(NotificationsEvents.NOTIFICATION_CREATED, notificationId, created, { cause }),
        );
      }
    }

    if (notice.recipient.type !== 'user') continue;
    const job: ChannelSendRequestedV1 = {
      notificationId,
      sourceEventId: event.id,
      recipient,
      userId: notice.recipient.userId,
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
    };
    if (channels.email) {
      outgoing.push(ctx.messaging.event(NotificationsEvents.EMAIL_REQUESTED, notificationId, job, { cause }));
    }
    if (channels.sms) {
      outgoing.push(ctx.messaging.event(NotificationsEvents.SMS_REQUESTED, notificationId, job, { cause }));
    }
  }
  if (outgoing.length > 0) await ctx.messaging.publish(tx, outgoing);
}

function channelsOf(notice: Notice, preferences: ReadonlyMap<string, NotificationChannels | null>): Channels {
  if (notice.recipient.type === 'restaurant') return IN_APP_ONLY;
  return preferences.get(notice.recipient.userId)?.[notice.topic] ?? IN_APP_ONLY;
}
