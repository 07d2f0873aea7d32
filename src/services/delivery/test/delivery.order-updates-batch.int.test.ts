import { describe, expect, it } from 'vitest';
import {
  countingSql,
  statementKinds,
  statementsOf,
  type CountingSql,
} from '../../../../test/support/counting-sql.js';
import { describeOnEachSqlAdapter } from '../../../../test/support/sql-suites.js';
import { serviceTestDeps } from '../../../../test/support/service-test-deps.js';
import { migrate, resetSchemas, type Sql } from '../../../platform/db/index.js';
import { createEvent, type Consumer, type EventEnvelope } from '../../../platform/messaging/index.js';
import { manualClock } from '../../../platform/time/clock.js';
import { uuidV7Ids } from '../../../platform/time/ids.js';
import { ordersEventSchemas, OrdersEvents, type OrderStatus } from '../../orders/index.js';
import { createDeliveryService, deliveryEventSchemas } from '../index.js';
import { RESTAURANT } from './delivery-harness.js';
import { fakeOrders, fakeRestaurants } from './fakes.js';

// delivery.order-updates takes a batch in a few statements (applyOrderStatusUpdates); these tests hold it to
// what the same events delivered one by one leave behind, on both SQL adapters.

const clock = manualClock('2026-03-02T09:00:00.000Z');
const id = () => uuidV7Ids.next();
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();
const RAVI = id();
const MEERA = id();

const change = (
  orderId: string,
  status: OrderStatus,
  minute: number,
  options: { courierId?: string | null; fulfillment?: 'DELIVERY' | 'PICKUP' } = {},
): EventEnvelope =>
  createEvent(
    { clock, ids: uuidV7Ids },
    {
      type: OrdersEvents.ORDER_STATUS_UPDATED,
      source: 'orders',
      subject: orderId,
      data: {
        orderId,
        customerId: '0190f000-0000-7000-8000-0000000000c1',
        restaurantId: RESTAURANT.id,
        courierId: options.courierId ?? null,
        fulfillment: options.fulfillment ?? 'DELIVERY',
        previousStatus: 'PENDING',
        status,
        changedBy: { id: 'system', role: 'SYSTEM' },
        totalAmount: { amount: 45_000, currency: 'INR' },
        items: [],
        changedAt: at(minute),
      },
    },
  );

interface Run {
  consumer: Consumer;
  /** The Sql the service runs on, recording each statement it sends. */
  sql: CountingSql;
  close(): Promise<void>;
}

/** The delivery service on a clean schema of `base`, its consumer not subscribed: the test delivers. */
async function startRun(base: Sql): Promise<Run> {
  await resetSchemas(base, ['delivery']);
  const sql = countingSql(base);
  const deps = serviceTestDeps({
    sql,
    clock,
    eventSchemas: [...deliveryEventSchemas, ...ordersEventSchemas],
  });
  const service = await createDeliveryService({
    ...deps,
    orders: fakeOrders().client,
    restaurants: fakeRestaurants().client,
  });
  await migrate(base, service.migrations);
  const consumer = service.messaging?.consumers.find((c) => c.name === 'delivery.order-updates');
  if (consumer === undefined) throw new Error('no order-updates consumer');
  return { consumer, sql, close: () => deps.bus.close() };
}

/** What the events left: tracked orders, offers and assignments. */
async function leftBehind(sql: Sql) {
  const orders = await sql.query('SELECT * FROM delivery.orders ORDER BY order_id');
  const offers = await sql.query('SELECT * FROM delivery.offers ORDER BY order_id');
  const assignments = await sql.query('SELECT * FROM delivery.assignments ORDER BY order_id');
  return { orders: orders.rows, offers: offers.rows, assignments: assignments.rows };
}

/**
 * Starts a clean service, delivers `before` one by one and runs `setUp` (what was there before), delivers
 * `events` as told, feeds each once more (a duplicate must change nothing), and returns what is left.
 */
async function scenario(
  base: Sql,
  options: {
    before?: readonly EventEnvelope[];
    setUp?: (sql: Sql) => Promise<void>;
    events: readonly EventEnvelope[];
    deliver: 'one by one' | 'in one batch';
  },
) {
  const run = await startRun(base);
  try {
    for (const earlier of options.before ?? []) expect(await run.consumer.deliver(earlier)).toBe('applied');
    await options.setUp?.(base);
    const statements = await statementsOf(run.sql, async () => {
      if (options.deliver === 'in one batch') await run.consumer.deliverBatch(options.events);
      else for (const e of options.events) await run.consumer.deliver(e);
    });
    for (const e of options.events) expect(await run.consumer.deliver(e)).toBe('duplicate');
    return { left: await leftBehind(base), statements };
  } finally {
    await run.close();
  }
}

/** Delivery orders taken through their lives (every third cancelled), their events interleaved. */
function orderLives(count: number): EventEnvelope[] {
  const lives = Array.from({ length: count }, (_, i) => {
    const orderId = id();
    const courierId = i % 2 === 0 ? RAVI : MEERA;
    if (i % 3 === 2) {
      return [
        change(orderId, 'CONFIRMED', i + 1),
        change(orderId, 'PREPARING', i + 2),
        change(orderId, 'READY', i + 3),
        change(orderId, 'CANCELLED', i + 4),
        change(orderId, 'READY', i + 3),
        change(orderId, 'CANCELLED', i + 4),
      ];
    }
    return [
      change(orderId, 'CONFIRMED', i + 1),
      change(orderId, 'PREPARING', i + 2),
      change(orderId, 'READY', i + 3),
      change(orderId, 'READY', i + 4, { courierId }),
      change(orderId, 'OUT_FOR_DELIVERY', i + 5, { courierId }),
      change(orderId, 'DELIVERED', i + 6, { courierId }),
    ];
  });
  return lives[0]?.flatMap((_, step) => lives.map((life) => life[step] as EventEnvelope)) ?? [];
}

function orderUpdatesBatchSuite(adapter: string, database: () => Sql) {
  // New: through its life in the batch, given a courier, then another; a late PREPARING comes in between.
  const travelled = id();
  // New: offered, then cancelled; its assignment, stamped before the cancellation, comes last.
  const cancelled = id();
  // Offered before the batch, claimed by Ravi, details resolved: orders then names Meera.
  const claimed = id();
  // Assigned to Ravi before the batch, with a last location: moved to Meera and back in the batch.
  const assigned = id();
  // Known with its courier before the batch: a change without one keeps the courier.
  const known = id();
  const pickup = id();

  const before = [
    change(claimed, 'READY', 3),
    change(assigned, 'READY', 3),
    change(assigned, 'READY', 4, { courierId: RAVI }),
    change(known, 'READY', 2, { courierId: MEERA }),
  ];
  const setUp = async (sql: Sql) => {
    await sql.query(
      `UPDATE delivery.offers SET status = 'CLAIMED', claimed_by = $2, claimed_at = $3, updated_at = $3,
         restaurant_name = 'Dosa Corner', pickup_lat = 12.97, pickup_lng = 77.59, resolved_at = $3
       WHERE order_id = $1`,
      [claimed, RAVI, at(4)],
    );
    await sql.query(
      `UPDATE delivery.assignments SET last_lat = 12.98, last_lng = 77.6, last_at = $2 WHERE order_id = $1`,
      [assigned, at(5)],
    );
  };
  const batch = [
    change(travelled, 'CONFIRMED', 1),
    change(cancelled, 'READY', 3),
    change(travelled, 'READY', 3),
    change(claimed, 'READY', 3),
    change(travelled, 'READY', 4, { courierId: RAVI }),
    change(assigned, 'READY', 6, { courierId: MEERA }),
    change(travelled, 'PREPARING', 2),
    change(cancelled, 'CANCELLED', 5),
    change(claimed, 'READY', 6, { courierId: MEERA }),
    change(travelled, 'READY', 5, { courierId: MEERA }),
    change(known, 'OUT_FOR_DELIVERY', 7),
    change(assigned, 'OUT_FOR_DELIVERY', 7, { courierId: RAVI }),
    change(pickup, 'READY', 3, { fulfillment: 'PICKUP' }),
    change(cancelled, 'READY', 4, { courierId: RAVI }),
    change(travelled, 'OUT_FOR_DELIVERY', 6, { courierId: MEERA }),
    change(travelled, 'DELIVERED', 9, { courierId: MEERA }),
  ];
  const mixed = { before, setUp, events: batch };

  describe(`delivery.order-updates batches on ${adapter}`, () => {
    it('leave exactly the orders, offers and assignments of one event after another', async () => {
      const oneByOne = await scenario(database(), { ...mixed, deliver: 'one by one' });
      const batched = await scenario(database(), { ...mixed, deliver: 'in one batch' });
      expect(batched.left).toEqual(oneByOne.left);

      const { orders, offers, assignments } = batched.left;
      const row = (rows: Array<Record<string, unknown>>, orderId: string) =>
        rows.find((r) => r.order_id === orderId);
      expect(row(orders, travelled)).toMatchObject({ status: 'DELIVERED', courier_id: MEERA });
      expect(row(offers, travelled)).toMatchObject({
        status: 'ASSIGNED',
        claimed_by: MEERA,
        claimed_at: new Date(at(4)),
      });
      expect(row(assignments, travelled)).toMatchObject({ courier_id: MEERA, assigned_at: new Date(at(4)) });
      expect(row(orders, cancelled)).toMatchObject({ status: 'CANCELLED', courier_id: null });
      expect(row(offers, cancelled)).toMatchObject({ status: 'WITHDRAWN', withdrawn_reason: 'CANCELLED' });
      expect(row(assignments, cancelled)).toBeUndefined();
      expect(row(offers, claimed)).toMatchObject({
        status: 'ASSIGNED',
        claimed_by: MEERA,
        claimed_at: new Date(at(4)),
        restaurant_name: 'Dosa Corner',
      });
      expect(row(assignments, assigned)).toMatchObject({ courier_id: RAVI, last_lat: null, last_at: null });
      expect(row(orders, known)).toMatchObject({ status: 'OUT_FOR_DELIVERY', courier_id: MEERA });
      expect(row(orders, pickup)).toBeUndefined();
    });

    it('costs the same statements for 16 events or 72, where one by one costs a few per event', async () => {
      const small = await scenario(database(), { ...mixed, deliver: 'in one batch' });
      const lives = orderLives(12);
      const large = await scenario(database(), { events: lives, deliver: 'in one batch' });
      const oneByOne = await scenario(database(), { events: lives, deliver: 'one by one' });

      expect(large.left).toEqual(oneByOne.left);
      const batchStatements = [
        'INSERT delivery.inbox',
        'SELECT delivery.orders',
        'INSERT delivery.orders',
        'SELECT delivery.offers',
        'SELECT delivery.assignments',
        'INSERT delivery.offers',
        'INSERT delivery.assignments',
      ];
      expect(statementKinds(small.statements, 'delivery')).toEqual(batchStatements);
      expect(statementKinds(large.statements, 'delivery')).toEqual(batchStatements);
      expect(oneByOne.statements.length).toBeGreaterThan(3 * lives.length);
    });
  });
}

await describeOnEachSqlAdapter({ prefix: 'sattzabite_delivery', poolSize: 4 }, orderUpdatesBatchSuite);
