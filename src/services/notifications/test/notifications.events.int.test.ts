import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { OrdersEvents } from '../../orders/index.js';
import { PaymentsEvents } from '../../payments/index.js';
import { RestaurantEvents } from '../../restaurants/index.js';
import { NotificationsEvents, type NotificationCreatedV1 } from '../index.js';
import { aFailedPayment, anOrderCreated, aStatusUpdate, ORDER_ID } from './notification-events.js';
import {
  createTestSql,
  DEFAULT_CHANNELS,
  RESTAURANT_ID,
  startNotifications,
  type NotificationsHarness,
} from './notifications-harness.js';

let sql: PgliteSql;
let h: NotificationsHarness;
const CUSTOMER = '0195a0c0-0000-7000-8000-0000000c0001';
const COURIER = '0195a0c0-0000-7000-8000-0000000c0002';

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startNotifications(sql);
});
afterEach(async () => {
  await h.close();
});

const inbox = async () =>
  (
    await sql.query<{ recipient: string; kind: string; title: string; body: string }>(
      'SELECT recipient, kind, title, body FROM notifications.inbox_items ORDER BY created_at, id',
    )
  ).rows;
const emails = async () =>
  (
    await sql.query<{ recipient: string; subject: string; body: string }>(
      'SELECT * FROM notifications.email_outbox',
    )
  ).rows;
const smsLog = async () =>
  (await sql.query<{ phone: string; body: string }>('SELECT phone, body FROM notifications.sms_log')).rows;
const statusUpdate = (...args: Parameters<typeof aStatusUpdate>) =>
  h.event(OrdersEvents.ORDER_STATUS_UPDATED, ORDER_ID, aStatusUpdate(...args));

describe('who hears about what', () => {
  it('tells the customer their order was placed, naming the restaurant and the total', async () => {
    await h.feed(h.event(OrdersEvents.ORDER_CREATED, ORDER_ID, anOrderCreated(CUSTOMER)));
    expect(await inbox()).toEqual([
      {
        recipient: `user:${CUSTOMER}`,
        kind: 'ORDER_PLACED',
        title: 'Order placed',
        body: "We've received your order from Saffron Courtyard for ₹450.00. We'll let you know as soon as it's confirmed.",
      },
    ]);
  });

  it('tells the customer and the restaurant about a confirmed order', async () => {
    await h.feed(statusUpdate(CUSTOMER, 'PENDING', 'CONFIRMED'));
    expect(await inbox()).toEqual([
      {
        recipient: `user:${CUSTOMER}`,
        kind: 'ORDER_CONFIRMED',
        title: 'Order confirmed',
        body: 'Your order from Saffron Courtyard is confirmed.',
      },
      {
        recipient: `restaurant:${RESTAURANT_ID}`,
        kind: 'NEW_ORDER',
        title: 'New order #0B0C12',
        body: '2 × Paneer Tikka, ₹450.00, for delivery.',
      },
    ]);
  });

  it('notifies a batch of events as one at a time, asking about each user once', async () => {
    const events = [
      h.event(OrdersEvents.ORDER_CREATED, ORDER_ID, anOrderCreated(CUSTOMER)),
      statusUpdate(CUSTOMER, 'PENDING', 'CONFIRMED'),
      statusUpdate(CUSTOMER, 'CONFIRMED', 'PREPARING'),
    ];
    await h.notifications.consumers.events.deliverBatch(events);
    for (const event of events)
      expect(await h.notifications.consumers.events.deliver(event)).toBe('duplicate');
    expect((await inbox()).map((item) => [item.recipient, item.kind])).toEqual([
      [`user:${CUSTOMER}`, 'ORDER_PLACED'],
      [`user:${CUSTOMER}`, 'ORDER_CONFIRMED'],
      [`restaurant:${RESTAURANT_ID}`, 'NEW_ORDER'],
      [`user:${CUSTOMER}`, 'ORDER_PREPARING'],
    ]);
    expect(h.users.preferenceLookups.get(CUSTOMER)).toBe(1);
  });

  it.each([
    ['PREPARING', 'CONFIRMED', 'Your order from Saffron Courtyard is being prepared.'],
    ['OUT_FOR_DELIVERY', 'READY', 'Your order from Saffron Courtyard is on its way.'],
    [
      'DELIVERED',
      'OUT_FOR_DELIVERY',
      'Your order from Saffron Courtyard has been delivered. Enjoy your meal!',
    ],
  ] as const)('tells the customer when the order is %s', async (status, previous, body) => {
    await h.feed(statusUpdate(CUSTOMER, previous, status));
    expect(await inbox()).toEqual([expect.objectContaining({ recipient: `user:${CUSTOMER}`, body })]);
  });

  it('tells a pickup customer to come, and then that it was picked up', async () => {
    await h.feed(statusUpdate(CUSTOMER, 'PREPARING', 'READY', { fulfillment: 'PICKUP' }));
    await h.feed(statusUpdate(CUSTOMER, 'READY', 'PICKED_UP', { fulfillment: 'PICKUP' }));
    expect((await inbox()).map((n) => n.body)).toEqual([
      'Your order from Saffron Courtyard is ready for pickup. Show #0B0C12 at the counter.',
      'You picked up your order from Saffron Courtyard. Enjoy your meal!',
    ]);
  });

  it('tells the customer, the restaurant and the courier of a cancellation, with the refund', async () => {
    await h.feed(
      statusUpdate(CUSTOMER, 'PREPARING', 'CANCELLED', {
        reason: 'Out of paneer',
        refunded: true,
        courierId: COURIER,
      }),
    );
    expect(await inbox()).toEqual([
      {
        recipient: `user:${CUSTOMER}`,
        kind: 'ORDER_CANCELLED',
        title: 'Order cancelled',
        body: 'Your order from Saffron Courtyard was cancelled: Out of paneer. Your payment of ₹450.00 has been refunded.',
      },
      {
        recipient: `restaurant:${RESTAURANT_ID}`,
        kind: 'ORDER_CANCELLED',
        title: 'Order #0B0C12 cancelled',
        body: 'Order #0B0C12 was cancelled: Out of paneer. Please stop preparing it.',
      },
      expect.objectContaining({ recipient: `user:${COURIER}`, kind: 'DELIVERY_CANCELLED' }),
    ]);
  });

  it('leaves the restaurant out of a PENDING order cancelled for a failed payment', async () => {
    await h.feed(statusUpdate(CUSTOMER, 'PENDING', 'CANCELLED', { reason: 'Payment failed' }));
    expect((await inbox()).map((n) => n.recipient)).toEqual([`user:${CUSTOMER}`]);
  });

  it('tells the courier once when assigned, not on every later update', async () => {
    await h.feed(statusUpdate(CUSTOMER, 'READY', 'READY', { courierId: COURIER }));
    await h.feed(statusUpdate(CUSTOMER, 'READY', 'OUT_FOR_DELIVERY', { courierId: COURIER }));
    const courier = (await inbox()).filter((n) => n.recipient === `user:${COURIER}`);
    expect(courier).toEqual([
      {
        recipient: `user:${COURIER}`,
        kind: 'DELIVERY_ASSIGNED',
        title: 'New delivery',
        body: 'Please pick up order #0B0C12 from Saffron Courtyard.',
      },
    ]);
    // READY → READY is no news for the customer; OUT_FOR_DELIVERY is.
    expect((await inbox()).filter((n) => n.recipient === `user:${CUSTOMER}`).map((n) => n.kind)).toEqual([
      'ORDER_OUT_FOR_DELIVERY',
    ]);
  });

  it('tells the customer of a failed payment, and nobody of a successful one', async () => {
    await h.feed(
      h.event(PaymentsEvents.PAYMENT_PROCESSED, ORDER_ID, {
        ...aFailedPayment(CUSTOMER),
        succeeded: true,
        status: 'CAPTURED',
        failureCode: undefined,
      }),
    );
    expect(await inbox()).toEqual([]);
    await h.feed(h.event(PaymentsEvents.PAYMENT_PROCESSED, ORDER_ID, aFailedPayment(CUSTOMER)));
    expect(await inbox()).toEqual([
      {
        recipient: `user:${CUSTOMER}`,
        kind: 'PAYMENT_FAILED',
        title: 'Payment failed',
        body: "Your payment of ₹450.00 for order #0B0C12 didn't go through: your card was declined.",
      },
    ]);
  });

  it("posts a restaurant's closing and opening to its own inbox", async () => {
    await h.feed(
      h.event(RestaurantEvents.STATUS_CHANGED, RESTAURANT_ID, {
        restaurantId: RESTAURANT_ID,
        open: false,
        reason: 'Kitchen deep clean',
        changedBy: CUSTOMER,
      }),
    );
    await h.feed(
      h.event(RestaurantEvents.STATUS_CHANGED, RESTAURANT_ID, {
        restaurantId: RESTAURANT_ID,
        open: true,
        changedBy: CUSTOMER,
      }),
    );
    expect(await inbox()).toEqual([
      {
        recipient: `restaurant:${RESTAURANT_ID}`,
        kind: 'RESTAURANT_CLOSED',
        title: 'Closed for orders',
        body: 'Saffron Courtyard is closed to new orders: Kitchen deep clean.',
      },
      {
        recipient: `restaurant:${RESTAURANT_ID}`,
        kind: 'RESTAURANT_OPENED',
        title: 'Open for orders',
        body: 'Saffron Courtyard is open and taking orders again.',
      },
    ]);
  });

  it('publishes NotificationCreated for every in-app notification', async () => {
    const event = statusUpdate(CUSTOMER, 'PENDING', 'CONFIRMED');
    await h.feed(event);
    const { rows } = await sql.query<{ event: EventEnvelope<NotificationCreatedV1> }>(
      `SELECT event FROM notifications.outbox WHERE event->>'type' = $1 ORDER BY id`,
      [NotificationsEvents.NOTIFICATION_CREATED],
    );
    expect(rows.map((r) => [r.event.data.recipient, r.event.data.kind, r.event.causationId])).toEqual([
      [`user:${CUSTOMER}`, 'ORDER_CONFIRMED', event.id],
      [`restaurant:${RESTAURANT_ID}`, 'NEW_ORDER', event.id],
    ]);
  });
});

describe('channels follow the preferences', () => {
  it('by default: in-app and email for order updates, no SMS', async () => {
    await h.feed(statusUpdate(CUSTOMER, 'CONFIRMED', 'PREPARING'));
    expect(await inbox()).toHaveLength(1);
    expect(await emails()).toEqual([
      expect.objectContaining({
        recipient: `${CUSTOMER.slice(-6)}@mail.test`,
        subject: 'SattzaBite: Being prepared',
        body: expect.stringContaining('Your order from Saffron Courtyard is being prepared.'),
      }),
    ]);
    expect(await smsLog()).toEqual([]);
  });

  it('email off and SMS on: no email, an SMS to the profile phone; in-app off: no inbox row', async () => {
    h.users.channels.set(CUSTOMER, {
      ...DEFAULT_CHANNELS,
      ORDER_UPDATES: { inApp: false, email: false, sms: true },
    });
    h.users.phones.set(CUSTOMER, '+919876543210');
    await h.feed(statusUpdate(CUSTOMER, 'CONFIRMED', 'PREPARING'));
    expect(await inbox()).toEqual([]);
    expect(await emails()).toEqual([]);
    expect(await smsLog()).toEqual([
      { phone: '+919876543210', body: 'SattzaBite: Your order from Saffron Courtyard is being prepared.' },
    ]);
  });

  it('SMS on without a phone number: recorded as skipped, nothing sent', async () => {
    h.users.channels.set(CUSTOMER, {
      ...DEFAULT_CHANNELS,
      ORDER_UPDATES: { inApp: true, email: false, sms: true },
    });
    await h.feed(statusUpdate(CUSTOMER, 'CONFIRMED', 'PREPARING'));
    expect(await smsLog()).toEqual([]);
    const { rows } = await sql.query(`SELECT channel, status FROM notifications.deliveries ORDER BY channel`);
    expect(rows).toEqual([
      { channel: 'IN_APP', status: 'SENT' },
      { channel: 'SMS', status: 'SKIPPED' },
    ]);
  });

  it('a user the users service does not know gets in-app only', async () => {
    h.users.unknown.add(CUSTOMER);
    await h.feed(statusUpdate(CUSTOMER, 'CONFIRMED', 'PREPARING'));
    expect(await inbox()).toHaveLength(1);
    expect(await h.jobsOf(statusUpdate(CUSTOMER, 'CONFIRMED', 'PREPARING'))).toEqual([]);
    expect(await emails()).toEqual([]);
  });
});

describe('once per (event, recipient, channel)', () => {
  it('an event delivered twice, and its jobs delivered again, notify once per channel', async () => {
    h.users.channels.set(CUSTOMER, {
      ...DEFAULT_CHANNELS,
      ORDER_UPDATES: { inApp: true, email: true, sms: true },
    });
    h.users.phones.set(CUSTOMER, '+919876543210');
    const event = statusUpdate(CUSTOMER, 'CONFIRMED', 'PREPARING');
    await h.feed(event);
    const jobs = await h.jobsOf(event);
    expect(jobs.map((j) => j.type).sort()).toEqual([
      NotificationsEvents.EMAIL_REQUESTED,
      NotificationsEvents.SMS_REQUESTED,
    ]);
    for (const job of jobs) {
      const consumer =
        job.type === NotificationsEvents.EMAIL_REQUESTED
          ? h.notifications.consumers.email
          : h.notifications.consumers.sms;
      expect(await consumer.deliver(job)).toBe('duplicate');
      // A second job for the same send (as a redriven event would enqueue) finds the delivery row.
      expect(await consumer.deliver({ ...job, id: h.deps.ids.next() })).toBe('applied');
    }
    expect(await inbox()).toHaveLength(1);
    expect(await emails()).toHaveLength(1);
    expect(await smsLog()).toHaveLength(1);
  });
});
