import { describe, expect, it } from 'vitest';
import { countingSql, statementsOf } from '../../../../test/support/counting-sql.js';
import { sqlForSuite, type OpenedSql } from '../../../../test/support/sql-suites.js';
import { serviceTestDeps } from '../../../../test/support/service-test-deps.js';
import { migrate, resetSchemas, type Sql } from '../../../platform/db/index.js';
import { createEvent, type Consumer, type EventEnvelope } from '../../../platform/messaging/index.js';
import { manualClock } from '../../../platform/time/clock.js';
import { uuidV7Ids } from '../../../platform/time/ids.js';
import { ordersEventSchemas } from '../../orders/index.js';
import { paymentsEventSchemas } from '../../payments/index.js';
import { createAnalyticsService } from '../index.js';
import { after, anOrder, type AnalyticsEvent } from './analytics-events.js';
import { COFFEE, deliveredLife, DOSA, IDLI } from './analytics-scenario.js';

const RESTAURANT_X = '0190f000-0000-7000-8000-0000000ba001';
const RESTAURANT_Y = '0190f000-0000-7000-8000-0000000ba002';
const PLACED = '2026-03-02T08:10:00.000Z';

/**
 * The aggregates consumer's batches (ConsumerOptions.handleMany) on one database: a batch leaves exactly
 * the rows its events leave one by one, and takes as many statements for twenty orders as for two.
 */
export function analyticsBatchContract(
  name: string,
  open: () => Promise<OpenedSql>,
  options: { skip?: boolean } = {},
): void {
  describe.skipIf(options.skip === true)(`analytics batches: ${name}`, () => {
    const database = sqlForSuite(open);

    /** A clean analytics schema and a service on it (not started: the tests deliver by hand). */
    async function fresh() {
      await resetSchemas(database(), ['analytics']);
      const sql = countingSql(database());
      const clock = manualClock('2026-03-02T09:30:00.000Z');
      const analytics = await createAnalyticsService(
        serviceTestDeps({ sql, clock, eventSchemas: [...ordersEventSchemas, ...paymentsEventSchemas] }),
      );
      await migrate(sql, analytics.migrations);
      const consumer: Consumer | undefined = analytics.messaging?.consumers.find(
        (c) => c.name === 'analytics.aggregates',
      );
      if (consumer === undefined) throw new Error('no analytics.aggregates consumer');
      const envelopes = (list: readonly AnalyticsEvent[]): EventEnvelope[] =>
        list.map(({ type, source, data }) =>
          createEvent({ clock, ids: uuidV7Ids }, { type, source, subject: data.orderId, data }),
        );
      return {
        sql,
        async oneByOne(list: readonly AnalyticsEvent[]): Promise<void> {
          for (const event of envelopes(list)) {
            expect(await consumer.deliver(event)).toBe('applied');
            expect(await consumer.deliver(event, 2)).toBe('duplicate');
          }
        },
        /** Delivers the events as one batch; `redeliver` then checks each is a duplicate. */
        async batch(list: readonly AnalyticsEvent[]): Promise<{ redeliver(): Promise<void> }> {
          const batch = envelopes(list);
          await consumer.deliverBatch(batch);
          return {
            async redeliver() {
              for (const event of batch) expect(await consumer.deliver(event, 2)).toBe('duplicate');
            },
          };
        },
        snapshot: () => snapshot(sql),
      };
    }

    it('leaves the same rows as the same events one by one', async () => {
      const { seen, events } = aRush(4);
      const single = await fresh();
      await single.oneByOne(seen);
      await single.oneByOne(events);
      const expected = await single.snapshot();

      const batched = await fresh();
      await batched.oneByOne(seen);
      await (await batched.batch(events)).redeliver();
      expect(await batched.snapshot()).toEqual(expected);

      // Not two empty sets of tables: the figures are the rush's.
      expect(expected.hourly).toEqual([
        expect.objectContaining({ restaurant_id: RESTAURANT_X, orders: 4, cancelled: 1, refunded: 1 }),
        expect.objectContaining({ restaurant_id: RESTAURANT_Y, orders: 4, cancelled: 1, refunded: 1 }),
      ]);
      expect(expected.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            restaurant_id: RESTAURANT_X,
            menu_item_id: DOSA.menuItemId,
            quantity: 4,
          }),
        ]),
      );
    });

    it('takes as many statements for a batch of sixty orders as for six', async () => {
      const count = async (orders: number) => {
        const { seen, events } = aRush(orders / 2);
        const run = await fresh();
        await run.oneByOne(seen);
        return statementsOf(run.sql, () => run.batch(events));
      };
      const six = await count(6);
      const sixty = await count(60);
      expect(sixty).toEqual(six);
      // One lock of the orders seen before, one insert of the new ones, one update of all.
      expect(six.filter((text) => /analytics\.order_facts/.test(text))).toHaveLength(3);
    });
  });
}

/**
 * Orders of two restaurants in a rush, `perRestaurant` (three or more) at each: every other one seen
 * before the batch (created and paid); the first cancelled and refunded, its OrderCreated twice; the others
 * new, every other one's events newest first. Half list a dish twice; every one has a dosa.
 */
function aRush(perRestaurant: number): { seen: AnalyticsEvent[]; events: AnalyticsEvent[] } {
  const seen: AnalyticsEvent[] = [];
  const events: AnalyticsEvent[] = [];
  for (const restaurantId of [RESTAURANT_X, RESTAURANT_Y]) {
    for (let i = 0; i < perRestaurant; i += 1) {
      const placedAt = after(PLACED, i);
      const order = anOrder({
        orderId: uuidV7Ids.next(),
        restaurantId,
        placedAt,
        lines:
          i % 2 === 0
            ? [
                { ...DOSA, quantity: 2 },
                { ...COFFEE, quantity: 1 },
              ]
            : [
                { ...IDLI, quantity: 1 },
                { ...DOSA, quantity: 1 },
                { ...IDLI, quantity: 2 },
              ],
      });
      const life = deliveredLife(order, placedAt);
      if (i === 0) {
        events.push(
          order.created,
          order.paid,
          order.status('PENDING', 'CONFIRMED', after(placedAt, 1)),
          order.status('CONFIRMED', 'CANCELLED', after(placedAt, 2), { refunded: true }),
          order.refunded,
          order.created,
        );
      } else if (i % 2 === 1) {
        // Seen before; in the batch the rest of its life, one change twice.
        seen.push(...life.slice(0, 2));
        events.push(...life.slice(2), life[3]!);
      } else {
        events.push(...(i % 4 === 0 ? life : [...life].reverse()));
      }
    }
  }
  return { seen, events };
}

/**
 * The stored figures. Rows at zero are left out: one by one, a status an order passed through leaves its
 * row at zero, where a batch nets the change out before writing; the reports read both as nothing.
 */
async function snapshot(sql: Sql) {
  const rows = async (text: string) => (await sql.query(text)).rows;
  return {
    orders: await rows(
      'SELECT order_id, restaurant_id, status, facts, applied, updated_at FROM analytics.order_facts ORDER BY 1',
    ),
    hourly: await rows(
      `SELECT * FROM analytics.hourly
       WHERE (orders, revenue, revenue_orders, cancelled, refunded, prep_ms, prep_count, delivery_ms,
              delivery_count, total_ms, total_count) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
       ORDER BY hour, restaurant_id`,
    ),
    statuses: await rows(
      'SELECT * FROM analytics.hourly_status WHERE orders <> 0 ORDER BY hour, restaurant_id, status',
    ),
    items: await rows(
      `SELECT * FROM analytics.hourly_items WHERE (quantity, revenue) <> (0, 0)
       ORDER BY hour, restaurant_id, menu_item_id`,
    ),
    minutely: await rows(
      'SELECT * FROM analytics.minutely WHERE (orders, revenue) <> (0, 0) ORDER BY minute, restaurant_id',
    ),
  };
}
