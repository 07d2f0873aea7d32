import type { SqlTransaction } from '../../../platform/db/sql.js';
import type { BatchItem, EventEnvelope } from '../../../platform/messaging/index.js';
import { NotificationsEvents, type ChannelSendRequestedV1 } from '../contract.js';
import { claimDeliveries, isDeliveryRecorded, type DeliveryKey } from '../adapters/notifications.sql.js';
import type { NotificationsContext } from './context.js';
import { lookUpContact, type Contact } from './lookups.js';
import type { OutgoingEmail, OutgoingSms } from './ports.js';

export const EMAIL_FOOTER =
  '\n\n-- \nSattzaBite\nYou can choose which notifications reach you in your account preferences.';

/** What the job's send step left for its transaction to record. */
export interface ChannelSend {
  channel: 'EMAIL' | 'SMS';
  /** SENT: handed to the channel now; SKIPPED: no address to send to; DONE: an earlier attempt recorded it. */
  outcome: 'SENT' | 'SKIPPED' | 'DONE';
}

/** An EmailRequested or SmsRequested event's job, with its channel. */
export interface ChannelJob {
  job: ChannelSendRequestedV1;
  channel: ChannelSend['channel'];
}

export function channelJobOf(event: EventEnvelope): ChannelJob {
  const channel = event.type === NotificationsEvents.EMAIL_REQUESTED ? 'EMAIL' : 'SMS';
  return { job: event.data as ChannelSendRequestedV1, channel };
}

/** The delivery a job makes: each is recorded once, whichever job or attempt made it. */
export function deliveryOf({ job, channel }: ChannelJob): DeliveryKey {
  return { eventId: job.sourceEventId, recipient: job.recipient, channel };
}

/** Where the job goes; undefined when the user gave no address for its channel (or is unknown). */
export function addressOf(contact: Contact | null | undefined, channel: ChannelSend['channel']) {
  return (channel === 'EMAIL' ? contact?.email : contact?.phone) ?? undefined;
}

// The message id is the same on every attempt, so that a repeated send can be recognised and dropped.
const messageIdOf = ({ job, channel }: ChannelJob) => `${job.notificationId}.${channel.toLowerCase()}`;

export function emailOf(job: ChannelJob, to: string): OutgoingEmail {
  const { title, body } = job.job;
  return { to, subject: `SattzaBite: ${title}`, text: `${body}${EMAIL_FOOTER}`, messageId: messageIdOf(job) };
}

export function smsOf(job: ChannelJob, to: string): OutgoingSms {
  return { to, text: `SattzaBite: ${job.job.body}`, messageId: messageIdOf(job) };
}

/**
 * Sends one notification on one external channel, before the consumer's transaction opens (an SMTP server
 * must never hold the database). Nothing is sent when the delivery was already recorded; otherwise the send
 * happens and `recordChannelSend` records it with the inbox row. A failed send throws and the job is retried;
 * a crash after the send and before the record sends again on redelivery, under the same message id
 * (at least once: the most an external channel can promise; the local adapters drop the repeat).
 * sendChannelBatch does the same for a batch of jobs.
 */
export async function sendOnChannel(ctx: NotificationsContext, event: EventEnvelope): Promise<ChannelSend> {
  const job = channelJobOf(event);
  const { channel } = job;
  if (await isDeliveryRecorded(ctx.sql, deliveryOf(job))) return { channel, outcome: 'DONE' };
  const address = addressOf(await lookUpContact(ctx, job.job.userId), channel);
  // The user turned the channel on but gave no address (no phone number): recorded, nothing to send.
  if (!address) return { channel, outcome: 'SKIPPED' };
  if (channel === 'EMAIL') await ctx.email.send(emailOf(job, address), { db: ctx.sql });
  else await ctx.sms.send(smsOf(job, address), { db: ctx.sql });
  return { channel, outcome: 'SENT' };
}

/** Records the send in the consumer's transaction: once per (event, recipient, channel). */
export async function recordChannelSend(
  ctx: NotificationsContext,
  event: EventEnvelope,
  tx: SqlTransaction,
  send: ChannelSend,
): Promise<void> {
  await recordChannelSends(ctx, [{ event, prepared: send }], tx);
}

/** Records a batch's sends in its transaction, in one statement. */
export async function recordChannelSends(
  ctx: NotificationsContext,
  items: ReadonlyArray<BatchItem<ChannelSend>>,
  tx: SqlTransaction,
): Promise<void> {
  const deliveries = items.flatMap(({ event, prepared }) => {
    if (prepared.outcome === 'DONE') return [];
    const job = channelJobOf(event);
    return [{ ...deliveryOf(job), notificationId: job.job.notificationId, status: prepared.outcome }];
  });
  await claimDeliveries(tx, deliveries, ctx.clock.now());
}
