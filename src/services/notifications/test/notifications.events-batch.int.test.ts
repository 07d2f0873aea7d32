import { describe, expect, it } from 'vitest';
import {
  countingSql,
  statementKinds,
  statementsOf,
  type CountingSql,
} from '../../../../test/support/counting-sql.js';
import { describeOnEachSqlAdapter, type SqlAdapterName } from '../../../../test/support/sql-suites.js';
import { serviceTestDeps } from '../../../../test/support/service-test-deps.js';
import { migrate, resetSchemas, type Sql } from '../../../platform/db/index.js';
import { createEvent, type Consumer, type EventEnvelope } from '../../../platform/messaging/index.js';
import { manualClock } from '../../../platform/time/clock.js';
import { uuidV7Ids } from '../../../platform/time/ids.js';
import { ordersEventSchemas, OrdersEvents, type OrderStatus } from '../../orders/index.js';
import { paymentsEventSchemas, PaymentsEvents } from '../../payments/index.js';
import { RestaurantEvents, restaurantsEventSchemas, type RestaurantView } from '../../restaurants/index.js';
import { createNotificationsService, NotificationsEvents, notificationsEventSchemas } from '../index.js';
import { aFailedPayment, anOrderCreated, aStatusUpdate } from './notification-events.js';
import { DEFAULT_CHANNELS, FakeUsers, RESTAURANT_ID, RESTAURANT_NAME } from './notifications-harness.js';

// notifications.events takes a batch in a few statements (notifyOnEvents); these tests hold it to what the
// same events delivered one by one leave behind, on both SQL adapters.

const clock = manualClock('2026-03-02T09:00:00.000Z');
const id = () => uuidV7Ids.next();
const ASHA = id();
/** Wants order updates in-app and by SMS. */
const TEXTER = id();
/** Unknown to the users service: in-app only. */
const STRANGER = id();
const RAVI = id();
const MEERA = id();

const event = <T>(type: string, subject: string, data: T): EventEnvelope<T> =>
  createEvent({ clock, ids: uuidV7Ids }, { type, source: 'test', subject, data });
const statusUpdate = (
  orderId: string,
  customerId: string,
  previous: OrderStatus,
  status: OrderStatus,
  overrides: Parameters<typeof aStatusUpdate>[3] = {},
) =>
  event(
    OrdersEvents.ORDER_STATUS_UPDATED,
    orderId,
    aStatusUpdate(customerId, previous, status, { orderId, ...overrides }),
  );
const placed = (orderId: string, customerId: string) =>
  event(OrdersEvents.ORDER_CREATED, orderId, anOrderCreated(customerId, { orderId }));

interface Run {
  consumer: Consumer;
  /** The Sql the service runs on, recording each statement it sends. */
  counted: CountingSql;
  sql: Sql;
  close(): Promise<void>;
}

/** The notifications service on a clean schema of `base`, its consumers not subscribed: the test delivers. */
async function startRun(base: Sql): Promise<Run> {
  await resetSchemas(base, ['notifications']);
  const sql = countingSql(base);
  const deps = serviceTestDeps({
    sql,
    clock,
    eventSchemas: [
      ...notificationsEventSchemas,
      ...ordersEventSchemas,
      ...paymentsEventSchemas,
      ...restaurantsEventSchemas,
    ],
  });
  const users = new FakeUsers();
  users.channels.set(TEXTER, {
    ...DEFAULT_CHANNELS,
    ORDER_UPDATES: { inApp: true, email: false, sms: true },
  });
  users.unknown.add(STRANGER);
  const service = await createNotificationsService({
    ...deps,
    users,
    // Only the name is read; the rest of the view does not matter here.
    restaurants: { getRestaurant: async ({ id }) => ({ id, name: RESTAURANT_NAME }) as RestaurantView },
  });
  await migrate(base, service.migrations);
  return { consumer: service.consumers.events, counted: sql, sql: base, close: () => deps.bus.close() };
}

/**
 * What the events left, with notification ids named n1, n2… in order of first appearance (outbox first),
 * since each run draws its own.
 */
async function leftBehind(sql: Sql) {
  const names = new Map<string, string>();
  const name = (notificationId: unknown): string => {
    const key = String(notificationId);
    const known = names.get(key) ?? `n${names.size + 1}`;
    names.set(key, known);
    return known;
  };
  const outbox = await sql.query<{ event: EventEnvelope<Record<string, unknown>> }>(
    'SELECT event FROM notifications.outbox ORDER BY id',
  );
  const outgoing = outbox.rows.map(({ event: e }) => ({
    type: e.type,
    subject: name(e.subject),
    correlationId: e.correlationId,
    causationId: e.causationId,
    time: e.time,
    data: { ...e.data, notificationId: name(e.data.notificationId) } as Record<string, unknown>,
  }));
  const inbox = await sql.query<{
    id: string;
    recipient: string;
    kind: string;
    title: string;
    body: string;
    data: Record<string, unknown>;
    source_event_id: string;
    created_at: Date;
  }>(
    `SELECT id, recipient, kind, title, body, data, source_event_id, created_at
       FROM notifications.inbox_items ORDER BY created_at, id`,
  );
  const deliveries = await sql.query<{ notification_id: string }>(
    `SELECT event_id, recipient, channel, notification_id, status FROM notifications.deliveries
      ORDER BY event_id, recipient, channel`,
  );
  const couriers = await sql.query(
    'SELECT order_id, courier_id FROM notifications.order_couriers ORDER BY order_id',
  );
  const eventIds = outbox.rows.map(({ event: e }) => e.id);
  return {
    outgoing,
    inbox: inbox.rows.map((row) => ({ ...row, id: name(row.id) })),
    deliveries: deliveries.rows.map((row) => ({ ...row, notification_id: name(row.notification_id) })),
    couriers: couriers.rows,
    /** The outgoing events' ids sort in the order they were published. */
    idsInOrder: eventIds.every((eventId, i) => i === 0 || (eventIds[i - 1] as string) < eventId),
  };
}

type Leftovers = Awaited<ReturnType<typeof leftBehind>>;

/**
 * Starts a clean service, runs `before` one by one (what was there before), lets `deliver` hand over
 * `events`, feeds each event once more (a duplicate must change nothing), and returns what is left.
 */
async function scenario(
  base: Sql,
  options: {
    before?: readonly EventEnvelope[];
    setUp?: (sql: Sql) => Promise<void>;
    events: readonly EventEnvelope[];
    deliver: 'one by one' | 'in one batch';
  },
): Promise<{ left: Leftovers; statements: string[] }> {
  const run = await startRun(base);
  try {
    for (const earlier of options.before ?? []) expect(await run.consumer.deliver(earlier)).toBe('applied');
    await options.setUp?.(run.sql);
    const statements = await statementsOf(run.counted, async () => {
      if (options.deliver === 'in one batch') await run.consumer.deliverBatch(options.events);
      else for (const e of options.events) await run.consumer.deliver(e);
    });
    for (const e of options.events) expect(await run.consumer.deliver(e)).toBe('duplicate');
    return { left: await leftBehind(run.sql), statements };
  } finally {
    await run.close();
  }
}

/**
 * Orders of customers, each placed, confirmed, given a courier, given another, out for delivery and
 * delivered: their events interleaved.
 */
function orderLives(count: number): EventEnvelope[] {
  const lives = Array.from({ length: count }, (_, i) => {
    const orderId = id();
    const customer = [ASHA, TEXTER, STRANGER][i % 3] as string;
    const [first, second] = i % 2 === 0 ? [RAVI, MEERA] : [MEERA, RAVI];
    return [
      placed(orderId, customer),
      statusUpdate(orderId, customer, 'PENDING', 'CONFIRMED'),
      statusUpdate(orderId, customer, 'PREPARING', 'READY', { courierId: first }),
      statusUpdate(orderId, customer, 'READY', 'READY', { courierId: second }),
      statusUpdate(orderId, customer, 'READY', 'OUT_FOR_DELIVERY', { courierId: second }),
      statusUpdate(orderId, customer, 'OUT_FOR_DELIVERY', 'DELIVERED', { courierId: second }),
    ];
  });
  return lives[0]?.flatMap((_, step) => lives.map((life) => life[step] as EventEnvelope)) ?? [];
}

function eventsBatchSuite(adapter: SqlAdapterName, database: () => Sql) {
  const ORDER_A = id();
  const ORDER_B = id();
  const ORDER_C = id();
  const ORDER_D = id();
  const ORDER_E = id();
  const PRIOR_NOTIFICATION = id();

  // Before the batch: ORDER_B's courier is known, and ORDER_C's update was notified in-app already (its
  // delivery row is there; a replay of the stream brings the event again).
  const assignedBefore = statusUpdate(ORDER_B, ASHA, 'PREPARING', 'READY', { courierId: RAVI });
  const replayed = statusUpdate(ORDER_C, ASHA, 'CONFIRMED', 'PREPARING');
  const recordReplayedDelivery = async (sql: Sql) => {
    await sql.query(
      `INSERT INTO notifications.deliveries (event_id, recipient, channel, notification_id, status, delivered_at)
       VALUES ($1, $2, 'IN_APP', $3, 'SENT', $4)`,
      [replayed.id, `user:${ASHA}`, PRIOR_NOTIFICATION, clock.now()],
    );
  };

  const confirmed = statusUpdate(ORDER_A, ASHA, 'PENDING', 'CONFIRMED');
  const assigned = statusUpdate(ORDER_A, ASHA, 'PREPARING', 'READY', { courierId: RAVI });
  const reassigned = statusUpdate(ORDER_A, ASHA, 'READY', 'READY', { courierId: MEERA });
  // Names the courier the update before it left: no news for the courier.
  const pickedUp = statusUpdate(ORDER_A, ASHA, 'READY', 'OUT_FOR_DELIVERY', { courierId: MEERA });
  // A courier who ordered for themselves: their customer and courier notices go to one inbox.
  const selfDelivery = statusUpdate(ORDER_D, TEXTER, 'PREPARING', 'CANCELLED', {
    courierId: TEXTER,
    reason: 'Out of paneer',
  });
  const batch = [
    placed(ORDER_A, ASHA),
    confirmed,
    assigned,
    reassigned,
    confirmed,
    pickedUp,
    statusUpdate(ORDER_A, ASHA, 'OUT_FOR_DELIVERY', 'DELIVERED', { courierId: MEERA }),
    statusUpdate(ORDER_B, ASHA, 'READY', 'OUT_FOR_DELIVERY', { courierId: RAVI }),
    replayed,
    event(PaymentsEvents.PAYMENT_PROCESSED, ORDER_D, { ...aFailedPayment(TEXTER), orderId: ORDER_D }),
    event(RestaurantEvents.STATUS_CHANGED, RESTAURANT_ID, {
      restaurantId: RESTAURANT_ID,
      open: false,
      reason: 'Kitchen deep clean',
      changedBy: ASHA,
    }),
    selfDelivery,
    statusUpdate(ORDER_E, STRANGER, 'CONFIRMED', 'PREPARING'),
  ];
  const mixed = { before: [assignedBefore], setUp: recordReplayedDelivery, events: batch };

  describe(`notifications.events batches on ${adapter}`, () => {
    it('leave exactly the inbox entries, deliveries and outgoing events of one event after another', async () => {
      const oneByOne = await scenario(database(), { ...mixed, deliver: 'one by one' });
      const batched = await scenario(database(), { ...mixed, deliver: 'in one batch' });
      expect(batched.left).toEqual(oneByOne.left);
      expect(batched.left.idsInOrder).toBe(true);

      const { inbox, outgoing, couriers } = batched.left;
      const causedBy = (source: EventEnvelope) =>
        outgoing
          .filter((e) => e.causationId === source.id)
          .map((e) => [e.type, e.data.recipient, e.data.kind]);
      // Each update of ORDER_A saw the courier the one before it left; ORDER_B's was known before the batch.
      expect(
        inbox.filter((n) => n.kind === 'DELIVERY_ASSIGNED').map((n) => [n.recipient, n.source_event_id]),
      ).toEqual([
        [`user:${RAVI}`, assignedBefore.id],
        [`user:${RAVI}`, assigned.id],
        [`user:${MEERA}`, reassigned.id],
      ]);
      expect(couriers).toEqual(
        [
          { order_id: ORDER_A, courier_id: MEERA },
          { order_id: ORDER_B, courier_id: RAVI },
          { order_id: ORDER_D, courier_id: TEXTER },
        ].sort((x, y) => (x.order_id < y.order_id ? -1 : 1)),
      );
      // The event twice in the batch notified once.
      expect(causedBy(confirmed)).toEqual([
        [NotificationsEvents.NOTIFICATION_CREATED, `user:${ASHA}`, 'ORDER_CONFIRMED'],
        [NotificationsEvents.EMAIL_REQUESTED, `user:${ASHA}`, 'ORDER_CONFIRMED'],
        [NotificationsEvents.NOTIFICATION_CREATED, `restaurant:${RESTAURANT_ID}`, 'NEW_ORDER'],
      ]);
      // Already notified in-app: no second inbox entry nor NotificationCreated; its email job still goes.
      expect(inbox.filter((n) => n.source_event_id === replayed.id)).toEqual([]);
      expect(causedBy(replayed)).toEqual([
        [NotificationsEvents.EMAIL_REQUESTED, `user:${ASHA}`, 'ORDER_PREPARING'],
      ]);
      // One inbox, two notices: the first is stored, each is texted.
      expect(causedBy(selfDelivery)).toEqual([
        [NotificationsEvents.NOTIFICATION_CREATED, `user:${TEXTER}`, 'ORDER_CANCELLED'],
        [NotificationsEvents.SMS_REQUESTED, `user:${TEXTER}`, 'ORDER_CANCELLED'],
        [NotificationsEvents.NOTIFICATION_CREATED, `restaurant:${RESTAURANT_ID}`, 'ORDER_CANCELLED'],
        [NotificationsEvents.SMS_REQUESTED, `user:${TEXTER}`, 'DELIVERY_CANCELLED'],
      ]);
    });

    it('costs the same six statements for 13 events or 72, where one by one costs a few per event', async () => {
      const small = await scenario(database(), { ...mixed, deliver: 'in one batch' });
      const lives = orderLives(12);
      const large = await scenario(database(), { events: lives, deliver: 'in one batch' });
      const oneByOne = await scenario(database(), { events: lives, deliver: 'one by one' });

      expect(large.left).toEqual(oneByOne.left);
      const batchStatements = [
        'INSERT notifications.inbox',
        'SELECT notifications.order_couriers',
        'INSERT notifications.order_couriers',
        'INSERT notifications.deliveries',
        'INSERT notifications.inbox_items',
        'INSERT notifications.outbox',
      ];
      expect(statementKinds(small.statements, 'notifications')).toEqual(batchStatements);
      expect(statementKinds(large.statements, 'notifications')).toEqual(batchStatements);
      // One by one, each event pays for its own inbox row, claims, inserts and outbox write.
      expect(oneByOne.statements.length).toBeGreaterThanOrEqual(3 * lives.length);
    });

    // PGlite has one connection: its transactions never run at once.
    if (adapter === 'PostgreSQL') {
      it('batches sharing orders, taken at the same time in different orders, do not deadlock', async () => {
        const run = await startRun(database());
        try {
          const orders = Array.from({ length: 6 }, () => id());
          // Every order has a courier row already, so that each batch locks rows others want.
          for (const orderId of orders) {
            await run.consumer.deliver(
              statusUpdate(orderId, ASHA, 'PREPARING', 'READY', { courierId: RAVI }),
            );
          }
          const batches = Array.from({ length: 6 }, (_, b) => {
            const turn = [...orders.slice(b), ...orders.slice(0, b)];
            return (b % 2 === 0 ? turn : turn.reverse()).map((orderId, o) =>
              statusUpdate(orderId, ASHA, 'READY', 'READY', { courierId: (b + o) % 2 === 0 ? MEERA : RAVI }),
            );
          });
          await Promise.all(batches.map((events) => run.consumer.deliverBatch(events)));
          for (const e of batches.flat()) expect(await run.consumer.deliver(e)).toBe('duplicate');
          const { rows } = await run.sql.query<{ total: number }>(
            'SELECT count(*)::int AS total FROM notifications.order_couriers',
          );
          expect(rows[0]?.total).toBe(orders.length);
        } finally {
          await run.close();
        }
      });
    }
  });
}

await describeOnEachSqlAdapter({ prefix: 'sattzabite_notifications', poolSize: 8 }, eventsBatchSuite);
