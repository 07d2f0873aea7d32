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
import type { AuthClient } from '../../auth/index.js';
import {
  ordersEventSchemas,
  OrdersEvents,
  type OrderCreatedV1,
  type OrderStatus,
  type OrderStatusUpdatedV1,
} from '../../orders/index.js';
import { createUsersService, usersEventSchemas } from '../index.js';
import { orderCreated, statusUpdated } from './order-events.js';

// users.order-history takes a batch in one statement (projectOrderHistory); these tests hold it to what the
// same events delivered one by one leave behind, on both SQL adapters.

const clock = manualClock('2026-03-02T09:00:00.000Z');
const id = () => uuidV7Ids.next();
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();
const CUSTOMER = id();

const envelope = (data: OrderCreatedV1 | OrderStatusUpdatedV1): EventEnvelope =>
  createEvent(
    { clock, ids: uuidV7Ids },
    {
      type: 'changedAt' in data ? OrdersEvents.ORDER_STATUS_UPDATED : OrdersEvents.ORDER_CREATED,
      source: 'orders',
      subject: data.orderId,
      data,
    },
  );
const created = (orderId: string, minute: number, overrides: Partial<OrderCreatedV1> = {}) =>
  orderCreated(orderId, CUSTOMER, at(minute), overrides);
const change = (
  order: OrderCreatedV1,
  status: OrderStatus,
  minute: number,
  overrides: Partial<OrderStatusUpdatedV1> = {},
) => envelope(statusUpdated(order, 'PENDING', status, at(minute), overrides));
const withPromotion = (code: string): Partial<OrderCreatedV1> => ({
  discount: { amount: 2800, currency: 'INR' },
  totalAmount: { amount: 28200, currency: 'INR' },
  promotion: {
    promotionId: '0190f000-0000-7000-8000-0000000000f1',
    code,
    title: '10% off',
    discount: { amount: 2800, currency: 'INR' },
  },
});

interface Run {
  consumer: Consumer;
  /** The Sql the service runs on, recording each statement it sends. */
  sql: CountingSql;
  close(): Promise<void>;
}

/** The users service on a clean schema of `base`, its consumer not subscribed: the test delivers. */
async function startRun(base: Sql): Promise<Run> {
  await resetSchemas(base, ['users']);
  const sql = countingSql(base);
  const deps = serviceTestDeps({ sql, clock, eventSchemas: [...usersEventSchemas, ...ordersEventSchemas] });
  const service = await createUsersService({
    ...deps,
    // The projection calls no auth operation.
    auth: {} as AuthClient,
  });
  await migrate(base, service.migrations);
  const consumer = service.messaging?.consumers.find((c) => c.name === 'users.order-history');
  if (consumer === undefined) throw new Error('no order-history consumer');
  return { consumer, sql, close: () => deps.bus.close() };
}

/**
 * Starts a clean service, delivers `before` one by one (what was stored before), then `events` as told,
 * feeds each event once more (a duplicate must change nothing), and returns the rows and the statements.
 */
async function scenario(
  base: Sql,
  options: {
    before?: readonly EventEnvelope[];
    events: readonly EventEnvelope[];
    deliver: 'one by one' | 'in one batch';
  },
) {
  const run = await startRun(base);
  try {
    for (const earlier of options.before ?? []) expect(await run.consumer.deliver(earlier)).toBe('applied');
    const statements = await statementsOf(run.sql, async () => {
      if (options.deliver === 'in one batch') await run.consumer.deliverBatch(options.events);
      else for (const e of options.events) expect(await run.consumer.deliver(e)).toBe('applied');
    });
    for (const e of options.events) expect(await run.consumer.deliver(e)).toBe('duplicate');
    const { rows } = await base.query('SELECT * FROM users.order_history ORDER BY order_id');
    return { rows, statements };
  } finally {
    await run.close();
  }
}

/** Orders placed and taken through their lives, their events interleaved as a rush delivers them. */
function orderLives(count: number): EventEnvelope[] {
  const life = ['CONFIRMED', 'PREPARING', 'READY', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const;
  const lives = Array.from({ length: count }, (_, i) => {
    const order = created(id(), i, i % 3 === 0 ? withPromotion('RUSH') : {});
    return [envelope(order), ...life.map((status, step) => change(order, status, i + 5 * (step + 1)))];
  });
  return lives[0]?.flatMap((_, step) => lives.map((events) => events[step] as EventEnvelope)) ?? [];
}

function orderHistoryBatchSuite(adapter: string, database: () => Sql) {
  // A new order through its life, one change overtaking another.
  const placed = created(id(), 0, withPromotion('SAVE10'));
  // A new order whose first change overtook its creation.
  const overtaken = created(id(), 0, { fulfillment: 'PICKUP' });
  // Stored before the batch: created and confirmed.
  const stored = created(id(), 0);
  // Stored before the batch from a change that overtook its creation, which the batch brings.
  const storedByChange = created(id(), 1, withPromotion('LATE'));
  // Confirmed in the instant it was placed: the rank breaks the tie.
  const tied = created(id(), 2);
  // Stored from a change stamped before the order's creation (clocks apart): OrderCreated's PENDING,
  // newer, must still not replace it, since OrderCreated is no status change.
  const skewed = created(id(), 10);
  const before = [
    envelope(stored),
    change(stored, 'CONFIRMED', 2),
    change(storedByChange, 'READY', 20),
    change(skewed, 'CONFIRMED', 9),
  ];
  const batch = [
    envelope(placed),
    change(placed, 'CONFIRMED', 1),
    change(overtaken, 'CONFIRMED', 3),
    change(placed, 'READY', 20),
    change(placed, 'PREPARING', 10),
    change(stored, 'PREPARING', 4),
    envelope(overtaken),
    change(stored, 'CANCELLED', 6, { refunded: false }),
    envelope(storedByChange),
    change(storedByChange, 'PREPARING', 10),
    change(tied, 'CONFIRMED', 2),
    envelope(tied),
    change(stored, 'CANCELLED', 7, { refunded: true }),
    change(overtaken, 'PREPARING', 5),
    change(stored, 'CONFIRMED', 2),
    envelope(skewed),
    change(placed, 'OUT_FOR_DELIVERY', 30),
  ];

  describe(`users.order-history batches on ${adapter}`, () => {
    it('leave exactly the rows of one event after another', async () => {
      const oneByOne = await scenario(database(), { before, events: batch, deliver: 'one by one' });
      const batched = await scenario(database(), { before, events: batch, deliver: 'in one batch' });
      expect(batched.rows).toEqual(oneByOne.rows);

      const row = (order: OrderCreatedV1) => batched.rows.find((r) => r.order_id === order.orderId);
      expect(row(placed)).toMatchObject({
        status: 'OUT_FOR_DELIVERY',
        updated_at: new Date(at(30)),
        created_at: new Date(at(0)),
        promotion_code: 'SAVE10',
      });
      expect(row(overtaken)).toMatchObject({
        status: 'PREPARING',
        fulfillment: 'PICKUP',
        created_at: new Date(at(0)),
      });
      expect(row(stored)).toMatchObject({ status: 'CANCELLED', refunded: true, updated_at: new Date(at(7)) });
      expect(row(storedByChange)).toMatchObject({
        status: 'READY',
        created_at: new Date(at(1)),
        promotion_code: 'LATE',
      });
      expect(row(tied)).toMatchObject({ status: 'CONFIRMED', created_at: new Date(at(2)) });
      expect(row(skewed)).toMatchObject({ status: 'CONFIRMED', updated_at: new Date(at(9)) });
    });

    it('costs one statement besides the inbox for 17 events or 72, where one by one costs two per event', async () => {
      const small = await scenario(database(), { before, events: batch, deliver: 'in one batch' });
      const lives = orderLives(12);
      const large = await scenario(database(), { events: lives, deliver: 'in one batch' });
      const oneByOne = await scenario(database(), { events: lives, deliver: 'one by one' });

      expect(large.rows).toEqual(oneByOne.rows);
      const batchStatements = ['INSERT users.inbox', 'INSERT users.order_history'];
      expect(statementKinds(small.statements, 'users')).toEqual(batchStatements);
      expect(statementKinds(large.statements, 'users')).toEqual(batchStatements);
      expect(oneByOne.statements).toHaveLength(2 * lives.length);
    });
  });
}

await describeOnEachSqlAdapter({ prefix: 'sattzabite_users', poolSize: 4 }, orderHistoryBatchSuite);
