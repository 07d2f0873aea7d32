import type { SqlTransaction } from '../../../platform/db/sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { NotificationsEvents, type ChannelSendRequestedV1 } from '../contract.js';
import { claimDelivery, isDeliveryRecorded } from '../adapters/notifications.sql.js';
import type { NotificationsContext } from './context.js';
import { lookUpContact } from './lookups.js';

export const EMAIL_FOOTER =
  '\n\n-- \nSattzaBite\nYou can choose which notifications reach you in your account preferences.';

/** What the job's send step left for its transaction to record. */
export interface ChannelSend {
  channel: 'EMAIL' | 'SMS';
  /** SENT: handed to the channel now; SKIPPED: no address to send to; DONE: an earlier attempt recorded it. */
  outcome: 'SENT' | 'SKIPPED' | 'DONE';
}

/**
 * Sends one notification on one external channel, before the consumer's transaction opens (an SMTP server
 * must never hold the database). Nothing is sent when the delivery was already recorded; otherwise the send
 * happens and `recordChannelSend` records it with the inbox row. A failed send throws and the job is retried;
 * a crash after the send and before the record sends again on redelivery, under the same message id
 * (at least once: the most an external channel can promise; the local adapters drop the repeat).
 */
export async function sendOnChannel(ctx: NotificationsContext, event: EventEnvelope): Promise<ChannelSend> {
  const job = event.data as ChannelSendRequestedV1;
  const channel = event.type === NotificationsEvents.EMAIL_REQUESTED ? 'EMAIL' : 'SMS';
  if (await isDeliveryRecorded(ctx.sql, { eventId: job.sourceEventId, recipient: job.recipient, channel })) {
    return { channel, outcome: 'DONE' };
  }
  const contact = await lookUpContact(ctx, job.userId);
  const address = channel === 'EMAIL' ? contact?.email : contact?.phone;
  // The user turned the channel on but gave no address (no phone number): recorded, nothing to send.
  if (!address) return { channel, outcome: 'SKIPPED' };

  const messageId = `${job.notificationId}.${channel.toLowerCase()}`;
  if (channel === 'EMAIL') {
    await ctx.email.send(
      { to: address, subject: `SattzaBite: ${job.title}`, text: `${job.body}${EMAIL_FOOTER}`, messageId },
      { db: ctx.sql },
    );
  } else {
    await ctx.sms.send({ to: address, text: `SattzaBite: ${job.body}`, messageId }, { db: ctx.sql });
  }
  return { channel, outcome: 'SENT' };
}

/** Records the send in the consumer's transaction: once per (event, recipient, channel). */
export async function recordChannelSend(
  ctx: NotificationsContext,
  event: EventEnvelope,
  tx: SqlTransaction,
  send: ChannelSend,
): Promise<void> {
  if (send.outcome === 'DONE') return;
  const job = event.data as ChannelSendRequestedV1;
  await claimDelivery(tx, {
    eventId: job.sourceEventId,
    recipient: job.recipient,
    channel: send.channel,
    notificationId: job.notificationId,
    status: send.outcome,
    at: ctx.clock.now(),
  });
}
