import type { SqlTransaction } from '../../../platform/db/sql.js';
import { causedBy, type EventEnvelope } from '../../../platform/messaging/index.js';
import type { Channels, NotificationChannels } from '../../users/index.js';
import { NotificationsEvents, type ChannelSendRequestedV1, type NotificationCreatedV1 } from '../contract.js';
import {
  claimDeliveries,
  deliveryKey,
  insertInboxEntries,
  type NewDelivery,
  type NewInboxEntry,
} from '../adapters/notifications.sql.js';
import { recipientKey, type Notice } from '../domain/notice.js';
import type { NotificationsContext } from './context.js';

/** A restaurant has no preferences or address of its own: its staff read its inbox. */
const IN_APP_ONLY: Channels = { inApp: true, email: false, sms: false };

/** What one notice comes to, before anything is written. */
export interface NoticeDispatch {
  /**
   * The in-app notification, when its channel is on: stored and announced only if its delivery is claimed
   * now (not when an earlier delivery of the event, or an earlier notice of it to the same inbox, has it).
   */
  inApp: { delivery: NewDelivery; entry: NewInboxEntry; created: EventEnvelope } | undefined;
  /** One job per external channel that is on, for its own consumer; enqueued whatever the claim. */
  jobs: EventEnvelope[];
}

/** What planning needs besides the notices: new ids and this service's envelopes. */
export type DispatchDeps = Pick<NotificationsContext, 'ids' | 'messaging'>;

/**
 * Turns one event's notices into what to write: per notice, its in-app notification and its channel jobs,
 * per the recipient's preferences. Ids are drawn in the order one event after another would publish, so
 * that the ids of a batch's events sort as they would have one by one.
 */
export function planDispatch(
  deps: DispatchDeps,
  event: EventEnvelope,
  notices: readonly Notice[],
  preferences: ReadonlyMap<string, NotificationChannels | null>,
  now: Date,
): NoticeDispatch[] {
  const cause = causedBy(event);
  return notices.map((notice) => {
    const recipient = recipientKey(notice.recipient);
    const channels = channelsOf(notice, preferences);
    const notificationId = deps.ids.next();
    const { kind, title, body, data } = notice;

    let inApp: NoticeDispatch['inApp'];
    if (channels.inApp) {
      const created: NotificationCreatedV1 = {
        notificationId,
        recipient,
        kind,
        title,
        body,
        createdAt: now.toISOString(),
      };
      inApp = {
        delivery: { eventId: event.id, recipient, channel: 'IN_APP', notificationId, status: 'SENT' },
        entry: {
          id: notificationId,
          recipient,
          kind,
          title,
          body,
          data,
          sourceEventId: event.id,
          createdAt: now,
        },
        created: deps.messaging.event(NotificationsEvents.NOTIFICATION_CREATED, notificationId, created, {
          cause,
        }),
      };
    }

    const jobs: EventEnvelope[] = [];
    if (notice.recipient.type === 'user') {
      const job: ChannelSendRequestedV1 = {
        notificationId,
        sourceEventId: event.id,
        recipient,
        userId: notice.recipient.userId,
        kind,
        title,
        body,
      };
      if (channels.email) {
        jobs.push(deps.messaging.event(NotificationsEvents.EMAIL_REQUESTED, notificationId, job, { cause }));
      }
      if (channels.sms) {
        jobs.push(deps.messaging.event(NotificationsEvents.SMS_REQUESTED, notificationId, job, { cause }));
      }
    }
    return { inApp, jobs };
  });
}

/**
 * The inbox entries to store and the events to publish, in dispatch order, once the claims are known
 * (`claimed`: the deliveryKey strings claimed now). Of two in-app notices for one delivery only the first
 * is stored, as one after the other would have found the first's claim.
 */
export function settleDispatch(
  dispatches: readonly NoticeDispatch[],
  claimed: ReadonlySet<string>,
): { entries: NewInboxEntry[]; outgoing: EventEnvelope[] } {
  const unused = new Set(claimed);
  const entries: NewInboxEntry[] = [];
  const outgoing: EventEnvelope[] = [];
  for (const { inApp, jobs } of dispatches) {
    if (inApp !== undefined && unused.delete(deliveryKey(inApp.delivery))) {
      entries.push(inApp.entry);
      outgoing.push(inApp.created);
    }
    outgoing.push(...jobs);
  }
  return { entries, outgoing };
}

/**
 * Stores the in-app notifications and enqueues the channel jobs of one event's notices or a whole batch's,
 * in the transaction that records the events in the inbox: one claim of the in-app deliveries, one insert of
 * the inbox entries and one outbox write, however many notices. Each job is its own unit of work, so a
 * failing email provider is retried and dead-lettered alone while in-app and SMS go out.
 */
export async function dispatchNotices(
  ctx: NotificationsContext,
  dispatches: readonly NoticeDispatch[],
  tx: SqlTransaction,
  now: Date,
): Promise<void> {
  const deliveries = dispatches.flatMap(({ inApp }) => (inApp === undefined ? [] : [inApp.delivery]));
  const claimed = await claimDeliveries(tx, deliveries, now);
  const { entries, outgoing } = settleDispatch(dispatches, claimed);
  await insertInboxEntries(tx, entries);
  if (outgoing.length > 0) await ctx.messaging.publish(tx, outgoing);
}

function channelsOf(notice: Notice, preferences: ReadonlyMap<string, NotificationChannels | null>): Channels {
  if (notice.recipient.type === 'restaurant') return IN_APP_ONLY;
  return preferences.get(notice.recipient.userId)?.[notice.topic] ?? IN_APP_ONLY;
}
