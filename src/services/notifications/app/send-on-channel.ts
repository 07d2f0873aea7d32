import type { SqlTransaction } from '../../../platform/db/sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { NotificationsEvents, type ChannelSendRequestedV1 } from '../contract.js';
import { claimDelivery } from '../adapters/notifications.sql.js';
import type { NotificationsContext } from './context.js';
import { lookUpContact } from './lookups.js';

export type Contact = Awaited<ReturnType<typeof lookUpContact>>;

export const EMAIL_FOOTER =
  '\n\n-- \nSattzaBite\nYou can choose which notifications reach you in your account preferences.';

export function loadContact(ctx: NotificationsContext, event: EventEnvelope): Promise<Contact> {
  return lookUpContact(ctx, (event.data as ChannelSendRequestedV1).userId);
}

/**
 * Sends one notification on one external channel. The delivery row is inserted before the send, in the
 * same transaction: if the send throws, both roll back and the job is retried; once it commits, a second
 * job or delivery for the same (event, recipient, channel) finds the row and sends nothing.
 */
export async function sendOnChannel(
  ctx: NotificationsContext,
  event: EventEnvelope,
  tx: SqlTransaction,
  contact: Contact,
): Promise<void> {
  const job = event.data as ChannelSendRequestedV1;
  const channel = event.type === NotificationsEvents.EMAIL_REQUESTED ? 'EMAIL' : 'SMS';
  const address = channel === 'EMAIL' ? contact?.email : contact?.phone;
  const claimed = await claimDelivery(tx, {
    eventId: job.sourceEventId,
    recipient: job.recipient,
    channel,
    notificationId: job.notificationId,
    // The user turned the channel on but gave no address (no phone number): recorded, nothing to send.
    status: address ? 'SENT' : 'SKIPPED',
    at: ctx.clock.now(),
  });
  if (!claimed || !address) return;

  const messageId = `${job.notificationId}.${channel.toLowerCase()}`;
  if (channel === 'EMAIL') {
    await ctx.email.send(
      { to: address, subject: `SattzaBite: ${job.title}`, text: `${job.body}${EMAIL_FOOTER}`, messageId },
      { tx },
    );
  } else {
    await ctx.sms.send({ to: address, text: `SattzaBite: ${job.body}`, messageId }, { tx });
  }
}
