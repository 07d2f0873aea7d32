import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { systemClock } from '../../../platform/time/clock.js';
import { createOutboxEmailChannel } from '../adapters/outbox-email-channel.js';
import { NotificationsEvents, type ChannelSendRequestedV1 } from '../index.js';
import {
  createTestSql,
  FakeEmail,
  startNotifications,
  type NotificationsHarness,
} from './notifications-harness.js';

// The email and SMS consumers take their jobs in batches: one look-up per user, one record for all.
let sql: PgliteSql;
let h: NotificationsHarness;
let email: FakeEmail;
const ASHA = '0195a0c0-0000-7000-8000-0000000c0001';
const KIRAN = '0195a0c0-0000-7000-8000-0000000c0002';

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
afterEach(async () => {
  await h.close();
});

/** Starts the service with a recording email provider that hands what it accepts to the local outbox. */
async function start(): Promise<void> {
  email = new FakeEmail(createOutboxEmailChannel(systemClock));
  h = await startNotifications(sql, { email });
}

/** A job as dispatchNotices enqueues it, for a notification of its own about an event of its own. */
function aJob(type: string, userId: string): EventEnvelope<ChannelSendRequestedV1> {
  const notificationId = h.deps.ids.next();
  return h.event(type, notificationId, {
    notificationId,
    sourceEventId: h.deps.ids.next(),
    recipient: `user:${userId}`,
    userId,
    kind: 'ORDER_PREPARING',
    title: 'Being prepared',
    body: 'Your order is being prepared.',
  });
}
const anEmailJob = (userId: string) => aJob(NotificationsEvents.EMAIL_REQUESTED, userId);
const emailIdOf = (job: EventEnvelope<ChannelSendRequestedV1>) => `${job.data.notificationId}.email`;

const deliveries = async () =>
  (
    await sql.query<{ event_id: string; channel: string; status: string }>(
      `SELECT event_id, channel, status FROM notifications.deliveries ORDER BY event_id`,
    )
  ).rows;
const outboxIds = async () =>
  (
    await sql.query<{ message_id: string }>('SELECT message_id FROM notifications.email_outbox ORDER BY id')
  ).rows.map((row) => row.message_id);
const recorded = (...jobs: Array<EventEnvelope<ChannelSendRequestedV1>>) =>
  jobs
    .map((job) => ({ event_id: job.data.sourceEventId, channel: 'EMAIL', status: 'SENT' }))
    .sort((a, b) => a.event_id.localeCompare(b.event_id));

it("sends a batch's emails once each, asking about each user once, and records them once", async () => {
  await start();
  const jobs = [anEmailJob(ASHA), anEmailJob(KIRAN), anEmailJob(ASHA), anEmailJob(ASHA)];
  await h.notifications.consumers.email.deliverBatch(jobs);

  expect(Object.fromEntries(h.users.profileLookups)).toEqual({ [ASHA]: 1, [KIRAN]: 1 });
  expect(email.batches).toEqual([jobs.map(emailIdOf)]);
  expect(await outboxIds()).toEqual(jobs.map(emailIdOf));
  expect(await deliveries()).toEqual(recorded(...jobs));
  // Each redelivered, one by one or in a batch again: nothing new.
  for (const job of jobs) expect(await h.notifications.consumers.email.deliver(job)).toBe('duplicate');
  await h.notifications.consumers.email.deliverBatch(jobs);
  expect(email.sent).toHaveLength(jobs.length);
  expect(await deliveries()).toHaveLength(jobs.length);
});

it('a batch with a job whose delivery was already recorded sends only the others', async () => {
  await start();
  const first = anEmailJob(ASHA);
  expect(await h.notifications.consumers.email.deliver(first)).toBe('applied');
  // The same delivery under a new job id, as a redriven source event enqueues it.
  const again = { ...first, id: h.deps.ids.next() };
  const others = [anEmailJob(ASHA), anEmailJob(KIRAN)];
  await h.notifications.consumers.email.deliverBatch([again, ...others]);

  expect(email.batches).toEqual([others.map(emailIdOf)]);
  expect(email.sent.map((m) => m.messageId)).toEqual([first, ...others].map(emailIdOf));
  expect(await deliveries()).toEqual(recorded(first, ...others));
  expect(await h.notifications.consumers.email.deliver(again)).toBe('duplicate');
});

it('a refused send fails the batch; one by one, each email goes again under its id and is kept once', async () => {
  await start();
  const jobs = [anEmailJob(ASHA), anEmailJob(KIRAN), anEmailJob(ASHA)];
  const [first, refused, last] = jobs.map(emailIdOf) as [string, string, string];
  email.refuseOnce.add(refused);
  // Published in one go: the email consumer's queue holds them all when its turn comes, as one batch.
  for (const job of jobs) await h.bus.publish(job);
  for (const job of jobs) await h.notifications.consumers.email.whenProcessed(job.id);

  expect(email.batches).toEqual([[first, refused, last]]);
  // The batch sent the first before the refusal; its own delivery sent it again, under the same id.
  expect(email.sent.map((m) => m.messageId)).toEqual([first, first, refused, last]);
  expect(await outboxIds()).toEqual([first, refused, last]);
  expect(await deliveries()).toEqual(recorded(...jobs));
});

it('batches SMS too: one text per job with a phone number, the others recorded as skipped', async () => {
  await start();
  h.users.phones.set(ASHA, '+919876543210');
  const jobs = [
    aJob(NotificationsEvents.SMS_REQUESTED, ASHA),
    aJob(NotificationsEvents.SMS_REQUESTED, KIRAN),
  ];
  await h.notifications.consumers.sms.deliverBatch([...jobs, aJob(NotificationsEvents.SMS_REQUESTED, ASHA)]);

  const texts = await sql.query('SELECT phone FROM notifications.sms_log');
  expect(texts.rows).toEqual([{ phone: '+919876543210' }, { phone: '+919876543210' }]);
  const kiran = await sql.query(`SELECT channel, status FROM notifications.deliveries WHERE recipient = $1`, [
    `user:${KIRAN}`,
  ]);
  expect(kiran.rows).toEqual([{ channel: 'SMS', status: 'SKIPPED' }]);
  expect(await deliveries()).toHaveLength(3);
  expect(Object.fromEntries(h.users.profileLookups)).toEqual({ [ASHA]: 1, [KIRAN]: 1 });
});
