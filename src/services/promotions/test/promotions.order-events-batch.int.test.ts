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
import { createEvent, type EventEnvelope } from '../../../platform/messaging/index.js';
import { manualClock } from '../../../platform/time/clock.js';
import { uuidV7Ids } from '../../../platform/time/ids.js';
import { ordersEventSchemas, OrdersEvents, type OrderStatus } from '../../orders/index.js';
import { createPromotionsService, promotionsEventSchemas, type PromotionsService } from '../index.js';
import { at, inr, RESTAURANT_A, START } from './promotions-harness.js';

// promotions.order-events takes a batch in a few statements (applyOrderEvents); these tests hold it to what
// the same events delivered one by one leave behind, on both SQL adapters.

const clock = manualClock(START);
const id = () => uuidV7Ids.next();
const CAPPED = id();
const OPEN = id();
const RAVI = id();
const MEERA = id();
const ADMIN = id();

const event = (type: string, orderId: string, data: Record<string, unknown>): EventEnvelope =>
  createEvent({ clock, ids: uuidV7Ids }, { type, source: 'orders', subject: orderId, data });
const placed = (orderId: string, customerId: string, promotionId?: string) =>
  event(OrdersEvents.ORDER_CREATED, orderId, {
    orderId,
    customerId,
    restaurantId: RESTAURANT_A,
    fulfillment: 'DELIVERY',
    items: [{ menuItemId: 'm1', name: 'Thali', quantity: 2, unitPrice: inr(25_000), lineTotal: inr(50_000) }],
    subtotal: inr(50_000),
    deliveryFee: inr(3_000),
    discount: inr(5_000),
    totalAmount: inr(48_000),
    paymentMethod: 'CARD',
    estimatedDeliveryTime: at(45),
    createdAt: clock.now().toISOString(),
    ...(promotionId === undefined
      ? {}
      : { promotion: { promotionId, code: 'CODE', title: 'Race day', discount: inr(5_000) } }),
  });
const status = (orderId: string, customerId: string, next: OrderStatus) =>
  event(OrdersEvents.ORDER_STATUS_UPDATED, orderId, {
    orderId,
    customerId,
    restaurantId: RESTAURANT_A,
    courierId: null,
    fulfillment: 'DELIVERY',
    previousStatus: 'PENDING',
    status: next,
    changedBy: { id: 'system', role: 'SYSTEM' },
    totalAmount: inr(48_000),
    items: [{ menuItemId: 'm1', name: 'Thali', quantity: 2 }],
    changedAt: clock.now().toISOString(),
  });

interface Run {
  service: PromotionsService;
  /** The Sql the service runs on, recording each statement it sends. */
  sql: CountingSql;
  close(): Promise<void>;
}

/**
 * The promotions service on a clean schema of `base`, its consumer not subscribed (the test delivers), with
 * two offers: CAPPED (ten redemptions, two a customer) and OPEN (no limits).
 */
async function startRun(base: Sql): Promise<Run> {
  clock.set(START);
  await resetSchemas(base, ['promotions']);
  const sql = countingSql(base);
  const deps = serviceTestDeps({
    sql,
    clock,
    eventSchemas: [...promotionsEventSchemas, ...ordersEventSchemas],
  });
  const service = await createPromotionsService({
    ...deps,
    restaurants: { getRestaurant: async ({ id: restaurantId }) => ({ id: restaurantId }) },
  });
  await migrate(base, service.migrations);
  for (const [promotionId, code, maxRedemptions, perCustomerLimit] of [
    [CAPPED, 'CAPPED', 10, 2],
    [OPEN, 'OPEN', null, null],
  ] as const) {
    await base.query(
      `INSERT INTO promotions.promotions (id, restaurant_id, title, description, code, kind, percent_off,
         starts_at, ends_at, max_redemptions, per_customer_limit, created_by, created_at, updated_at)
       VALUES ($1, $2, 'Race day', '', $3, 'PERCENT', 10, $4, $5, $6, $7, $8, $4, $4)`,
      [promotionId, RESTAURANT_A, code, at(-60), at(24 * 60), maxRedemptions, perCustomerLimit, ADMIN],
    );
  }
  return { service, sql, close: () => deps.bus.close() };
}

const redeem = (run: Run, code: string, orderId: string, customerId: string) =>
  run.service.client.redeem({ code, orderId, restaurantId: RESTAURANT_A, customerId, subtotal: inr(50_000) });

/** What the events left: redemptions, counters and customers' counts. */
async function leftBehind(sql: Sql) {
  const redemptions = await sql.query(
    `SELECT order_id, promotion_id, customer_id, status, reserved_at, confirmed_at, released_at, release_reason
       FROM promotions.redemptions ORDER BY order_id`,
  );
  const counters = await sql.query('SELECT id, redeemed FROM promotions.promotions ORDER BY id');
  const uses = await sql.query(
    'SELECT promotion_id, customer_id, uses FROM promotions.customer_uses ORDER BY promotion_id, customer_id',
  );
  return { redemptions: redemptions.rows, counters: counters.rows, uses: uses.rows };
}

/**
 * Starts a clean service, lets `setUp` reserve (its statements are not counted), delivers `events` as told,
 * feeds each once more (a duplicate must change nothing), and returns what is left and the statements.
 */
async function scenario(
  base: Sql,
  options: {
    setUp: (run: Run) => Promise<void>;
    events: () => EventEnvelope[];
    deliver: 'one by one' | 'in one batch';
  },
) {
  const run = await startRun(base);
  try {
    await options.setUp(run);
    const events = options.events();
    const consumer = run.service.orderEvents;
    const statements = await statementsOf(run.sql, async () => {
      if (options.deliver === 'in one batch') await consumer.deliverBatch(events);
      else for (const e of events) await consumer.deliver(e);
    });
    for (const e of events) expect(await consumer.deliver(e)).toBe('duplicate');
    return { left: await leftBehind(base), statements };
  } finally {
    await run.close();
  }
}

function orderEventsBatchSuite(adapter: string, database: () => Sql) {
  // Placed and confirmed.
  const confirmedOrder = id();
  // Placed, then cancelled in the same batch.
  const cancelledOrder = id();
  // Reservations the timer released before their orders came: one placed then cancelled, one whose
  // cancellation came before its OrderCreated (which then takes it back).
  const lapsedThenCancelled = id();
  const cancelledThenPlaced = id();
  // Released by orders before the batch: its OrderCreated confirms nothing.
  const releasedOrder = id();
  // Confirmed before the batch; its cancellation comes twice.
  const storedOrder = id();
  // Holds no redemption.
  const plainOrder = id();

  const setUp = async (run: Run) => {
    await redeem(run, 'OPEN', lapsedThenCancelled, MEERA);
    await redeem(run, 'OPEN', cancelledThenPlaced, MEERA);
    clock.set(at(16));
    expect(await run.service.releaseLapsedReservations()).toBe(2);
    await redeem(run, 'CAPPED', confirmedOrder, RAVI);
    await redeem(run, 'CAPPED', cancelledOrder, RAVI);
    await redeem(run, 'CAPPED', releasedOrder, MEERA);
    expect(await run.service.client.release({ orderId: releasedOrder })).toEqual({ released: true });
    await redeem(run, 'OPEN', storedOrder, RAVI);
    expect(await run.service.orderEvents.deliver(placed(storedOrder, RAVI, OPEN))).toBe('applied');
    clock.set(at(20));
  };
  const events = () => {
    const cancelledTwice = status(storedOrder, RAVI, 'CANCELLED');
    return [
      placed(confirmedOrder, RAVI, CAPPED),
      placed(cancelledOrder, RAVI, CAPPED),
      status(confirmedOrder, RAVI, 'CONFIRMED'),
      placed(lapsedThenCancelled, MEERA, OPEN),
      status(cancelledThenPlaced, MEERA, 'CANCELLED'),
      status(cancelledOrder, RAVI, 'CONFIRMED'),
      cancelledTwice,
      placed(releasedOrder, MEERA, CAPPED),
      status(cancelledOrder, RAVI, 'CANCELLED'),
      placed(plainOrder, RAVI),
      status(lapsedThenCancelled, MEERA, 'CANCELLED'),
      status(storedOrder, RAVI, 'CANCELLED'),
      placed(cancelledThenPlaced, MEERA, OPEN),
      placed('legacy-order-7', RAVI),
      status(plainOrder, RAVI, 'CANCELLED'),
      cancelledTwice,
    ];
  };
  const mixed = { setUp, events };

  /**
   * `count` orders of two customers, most with a code (CAPPED for the first few, within its limits), each
   * placed, confirmed, then two in three cancelled.
   */
  const rush = (count: number) => {
    const orders = Array.from({ length: count }, (_, i) => ({
      orderId: id(),
      customerId: i % 2 === 0 ? RAVI : MEERA,
      code: i % 4 === 3 ? undefined : i < 4 ? 'CAPPED' : 'OPEN',
      cancelled: i % 3 !== 1,
    }));
    return {
      setUp: async (run: Run) => {
        for (const { code, orderId, customerId } of orders) {
          if (code !== undefined) await redeem(run, code, orderId, customerId);
        }
      },
      events: () => {
        const lives = orders.map(({ orderId, customerId, cancelled }) => [
          placed(orderId, customerId),
          status(orderId, customerId, 'CONFIRMED'),
          status(orderId, customerId, cancelled ? 'CANCELLED' : 'PREPARING'),
        ]);
        return lives[0]?.flatMap((_, step) => lives.map((life) => life[step] as EventEnvelope)) ?? [];
      },
    };
  };

  describe(`promotions.order-events batches on ${adapter}`, () => {
    it('leave exactly the redemptions and counts of one event after another', async () => {
      const oneByOne = await scenario(database(), { ...mixed, deliver: 'one by one' });
      const batched = await scenario(database(), { ...mixed, deliver: 'in one batch' });
      expect(batched.left).toEqual(oneByOne.left);

      const redemption = (orderId: string) => batched.left.redemptions.find((r) => r.order_id === orderId);
      expect(redemption(confirmedOrder)).toMatchObject({ status: 'CONFIRMED', release_reason: null });
      expect(redemption(cancelledOrder)).toMatchObject({
        status: 'RELEASED',
        release_reason: 'ORDER_CANCELLED',
      });
      expect(redemption(lapsedThenCancelled)).toMatchObject({
        status: 'RELEASED',
        release_reason: 'ORDER_CANCELLED',
      });
      expect(redemption(cancelledThenPlaced)).toMatchObject({ status: 'CONFIRMED', release_reason: null });
      expect(redemption(releasedOrder)).toMatchObject({
        status: 'RELEASED',
        release_reason: 'RELEASED_BY_ORDERS',
      });
      expect(redemption(storedOrder)).toMatchObject({
        status: 'RELEASED',
        release_reason: 'ORDER_CANCELLED',
      });
      expect(redemption(plainOrder)).toBeUndefined();
      // CAPPED holds confirmedOrder; OPEN holds cancelledThenPlaced.
      expect(batched.left.counters).toEqual(
        [
          { id: CAPPED, redeemed: 1 },
          { id: OPEN, redeemed: 1 },
        ].sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
      expect(batched.left.uses).toEqual(
        expect.arrayContaining([
          { promotion_id: CAPPED, customer_id: RAVI, uses: 1 },
          { promotion_id: CAPPED, customer_id: MEERA, uses: 0 },
          { promotion_id: OPEN, customer_id: RAVI, uses: 0 },
          { promotion_id: OPEN, customer_id: MEERA, uses: 1 },
        ]),
      );
    });

    it('costs the same statements for 16 events or 72, where one by one costs a few per placed order', async () => {
      const small = await scenario(database(), { ...mixed, deliver: 'in one batch' });
      const lives = rush(24);
      const large = await scenario(database(), { ...lives, deliver: 'in one batch' });
      const oneByOne = await scenario(database(), { ...lives, deliver: 'one by one' });

      expect(large.left).toEqual(oneByOne.left);

      const batchStatements = [
        'INSERT promotions.inbox',
        'SELECT promotions.redemptions',
        'UPDATE promotions.redemptions',
        'SELECT promotions.promotions',
        'SELECT promotions.customer_uses',
        'UPDATE promotions.promotions',
        'INSERT promotions.customer_uses',
      ];
      expect(statementKinds(small.statements, 'promotions')).toEqual(batchStatements);
      expect(statementKinds(large.statements, 'promotions')).toEqual(batchStatements);
      // One by one, each event pays for its inbox row, each placed or cancelled order for its own reads
      // and writes.
      expect(oneByOne.statements.length).toBeGreaterThan(2 * 72);
    });
  });
}

await describeOnEachSqlAdapter({ prefix: 'sattzabite_promotion_events', poolSize: 4 }, orderEventsBatchSuite);
