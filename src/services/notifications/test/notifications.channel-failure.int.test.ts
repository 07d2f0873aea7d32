import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { listDeadLetters, redriveDeadLetter } from '../../../platform/messaging/index.js';
import { OrdersEvents } from '../../orders/index.js';
import { NotificationsEvents } from '../index.js';
import { aStatusUpdate, ORDER_ID } from './notification-events.js';
import {
  createTestSql,
  DEFAULT_CHANNELS,
  FakeEmail,
  MAX_ATTEMPTS,
  startNotifications,
  type NotificationsHarness,
} from './notifications-harness.js';

let sql: PgliteSql;
let h: NotificationsHarness;
let email: FakeEmail;
const CUSTOMER = '0195a0c0-0000-7000-8000-0000000c0001';

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  email = new FakeEmail();
  h = await startNotifications(sql, { email });
});
afterEach(async () => {
  await h.close();
});

it('a failing email provider does not hold up in-app and SMS; the email is dead-lettered, then redriven once', async () => {
  h.users.channels.set(CUSTOMER, {
    ...DEFAULT_CHANNELS,
    ORDER_UPDATES: { inApp: true, email: true, sms: true },
  });
  h.users.phones.set(CUSTOMER, '+919876543210');
  email.failing = true;

  const event = h.event(
    OrdersEvents.ORDER_STATUS_UPDATED,
    ORDER_ID,
    aStatusUpdate(CUSTOMER, 'CONFIRMED', 'PREPARING'),
  );
  await h.feed(event);

  const inApp = await sql.query('SELECT kind FROM notifications.inbox_items');
  expect(inApp.rows).toEqual([{ kind: 'ORDER_PREPARING' }]);
  const sms = await sql.query('SELECT phone FROM notifications.sms_log');
  expect(sms.rows).toEqual([{ phone: '+919876543210' }]);

  // The bus retried the email job until the runner gave up on it.
  expect(email.attempts).toBe(MAX_ATTEMPTS);
  expect(email.sent).toEqual([]);
  const letters = await listDeadLetters(sql, 'notifications');
  expect(letters.map((l) => [l.consumer, l.event.type, l.attempts])).toEqual([
    ['notifications.email', NotificationsEvents.EMAIL_REQUESTED, MAX_ATTEMPTS],
  ]);
  const noEmailYet = await sql.query(`SELECT 1 FROM notifications.deliveries WHERE channel = 'EMAIL'`);
  expect(noEmailYet.rows).toEqual([]);

  // The operator redrives after the provider recovers: sent once, and a second redrive changes nothing.
  email.failing = false;
  const letter = letters[0];
  if (letter === undefined) throw new Error('no dead letter');
  const consumers = h.notifications.messaging?.consumers ?? [];
  await redriveDeadLetter(sql, 'notifications', letter.id, consumers);
  await redriveDeadLetter(sql, 'notifications', letter.id, consumers);
  expect(email.sent).toEqual([
    expect.objectContaining({
      to: `${CUSTOMER.slice(-6)}@mail.test`,
      subject: 'SattzaBite: Being prepared',
      text: expect.stringContaining('Your order from Saffron Courtyard is being prepared.'),
    }),
  ]);
  expect(await listDeadLetters(sql, 'notifications')).toEqual([]);
});

it('a users service that cannot answer fails the attempt, so the event is retried and dead-lettered', async () => {
  h.users.getPreferences = async () => {
    throw new Error('users service unavailable');
  };
  const event = h.event(
    OrdersEvents.ORDER_STATUS_UPDATED,
    ORDER_ID,
    aStatusUpdate(CUSTOMER, 'CONFIRMED', 'PREPARING'),
  );
  await expect(h.notifications.consumers.events.deliver(event, 1)).rejects.toThrow(
    'users service unavailable',
  );
  expect(await h.notifications.consumers.events.deliver(event, MAX_ATTEMPTS)).toBe('dead-lettered');
  expect((await listDeadLetters(sql, 'notifications')).map((l) => l.consumer)).toEqual([
    'notifications.events',
  ]);
  expect((await sql.query('SELECT 1 FROM notifications.inbox_items')).rows).toEqual([]);
});
