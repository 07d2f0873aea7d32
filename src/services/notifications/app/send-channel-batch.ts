import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { deliveryKey, recordedDeliveries } from '../adapters/notifications.sql.js';
import type { NotificationsContext } from './context.js';
import { lookUpContacts } from './lookups.js';
import type { OutgoingEmail, OutgoingSms } from './ports.js';
import {
  addressOf,
  channelJobOf,
  deliveryOf,
  emailOf,
  smsOf,
  type ChannelJob,
  type ChannelSend,
} from './send-on-channel.js';

/**
 * sendOnChannel for a batch of jobs, with one query for the deliveries already recorded, one contact
 * look-up per user and one `sendMany` per channel, in the jobs' order. Resolves to one ChannelSend per job,
 * for recordChannelSends to record in the batch's transaction. A failed send fails the batch: its jobs are
 * then delivered one by one, and those sent before the failure go again under the same message id.
 */
export async function sendChannelBatch(
  ctx: NotificationsContext,
  events: readonly EventEnvelope[],
): Promise<ChannelSend[]> {
  const jobs = events.map(channelJobOf);
  const keyOf = (job: ChannelJob) => deliveryKey(deliveryOf(job));
  const recorded = await recordedDeliveries(ctx.sql, jobs.map(deliveryOf));
  // A second job for a delivery (a redriven source event enqueues one) shares the first's send and outcome.
  const pending = new Map<string, ChannelJob>();
  for (const job of jobs) {
    const key = keyOf(job);
    if (!recorded.has(key) && !pending.has(key)) pending.set(key, job);
  }
  const outcomes = await sendPending(ctx, pending);
  return jobs.map((job) => ({ channel: job.channel, outcome: outcomes.get(keyOf(job)) ?? 'DONE' }));
}

/** Sends each pending job that has an address; the outcome of each, by delivery key. */
async function sendPending(
  ctx: NotificationsContext,
  pending: ReadonlyMap<string, ChannelJob>,
): Promise<Map<string, 'SENT' | 'SKIPPED'>> {
  const contacts = await lookUpContacts(
    ctx,
    [...pending.values()].map(({ job }) => job.userId),
  );
  const outcomes = new Map<string, 'SENT' | 'SKIPPED'>();
  const emails: OutgoingEmail[] = [];
  const texts: OutgoingSms[] = [];
  for (const [key, job] of pending) {
    const address = addressOf(contacts.get(job.job.userId), job.channel);
    // The user turned the channel on but gave no address (no phone number): recorded, nothing to send.
    if (!address) {
      outcomes.set(key, 'SKIPPED');
      continue;
    }
    if (job.channel === 'EMAIL') emails.push(emailOf(job, address));
    else texts.push(smsOf(job, address));
    outcomes.set(key, 'SENT');
  }
  if (emails.length > 0) await ctx.email.sendMany(emails, { db: ctx.sql });
  if (texts.length > 0) await ctx.sms.sendMany(texts, { db: ctx.sql });
  return outcomes;
}
