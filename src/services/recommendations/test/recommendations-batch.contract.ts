import { describe, expect, it } from 'vitest';
import { countingSql, statementsOf } from '../../../../test/support/counting-sql.js';
import { sqlForSuite, type OpenedSql } from '../../../../test/support/sql-suites.js';
import { serviceTestDeps } from '../../../../test/support/service-test-deps.js';
import { migrate, resetSchemas } from '../../../platform/db/index.js';
import { createEvent, type Consumer, type EventEnvelope } from '../../../platform/messaging/index.js';
import { manualClock } from '../../../platform/time/clock.js';
import { uuidV7Ids } from '../../../platform/time/ids.js';
import { createRecommendationsService } from '../index.js';
import {
  menuItem,
  menuItemDeleted,
  orderPlaced,
  preferencesUpdated,
  restaurantProfile,
  restaurantSwitched,
  type Dish,
} from './recommendation-events.js';
import { consumedEventSchemas, consumerFor, type FedEvent } from './recommendations-harness.js';

/** An event and the instant its envelope carries (the time of a deletion, a switch, a preference). */
type Timed = FedEvent & { at?: string };

const NOW = '2026-03-02T09:00:00.000Z';
const TABLES = {
  restaurants: 'restaurant_id',
  dishes: 'menu_item_id',
  preferences: 'user_id',
  customers: 'customer_id',
  customer_items: 'customer_id, menu_item_id',
  item_customers: 'menu_item_id',
  item_pairs: 'item_a, item_b',
  item_daily: 'menu_item_id, day',
  restaurant_daily: 'restaurant_id, day',
} as const;

/**
 * The facts and model consumers' batches (ConsumerOptions.handleMany) on one database: a batch leaves
 * exactly the rows its events leave one by one, and takes as many statements for thirty orders (or
 * facts) as for three.
 */
export function recommendationsBatchContract(
  name: string,
  open: () => Promise<OpenedSql>,
  options: { skip?: boolean } = {},
): void {
  describe.skipIf(options.skip === true)(`recommendations batches: ${name}`, () => {
    const database = sqlForSuite(open);

    /** A clean recommendations schema and a service on it (not started: the tests deliver by hand). */
    async function fresh() {
      await resetSchemas(database(), ['recommendations']);
      const sql = countingSql(database());
      const clock = manualClock(NOW);
      const service = await createRecommendationsService(
        serviceTestDeps({ sql, clock, eventSchemas: consumedEventSchemas }),
      );
      await migrate(sql, service.migrations);
      const consumer = (type: string): Consumer => consumerFor(service, type);
      const envelope = ({ at, type, source, subject, data }: Timed): EventEnvelope => {
        clock.set(at ?? NOW);
        const event = createEvent({ clock, ids: uuidV7Ids }, { type, source, subject, data });
        clock.set(NOW);
        return event;
      };
      return {
        sql,
        async oneByOne(list: readonly Timed[]): Promise<void> {
          for (const event of list.map(envelope)) {
            expect(await consumer(event.type).deliver(event)).toBe('applied');
            expect(await consumer(event.type).deliver(event, 2)).toBe('duplicate');
          }
        },
        /** The events of one consumer as one batch; `redeliver` then checks each is a duplicate. */
        async batch(list: readonly Timed[]): Promise<{ redeliver(): Promise<void> }> {
          const batch = list.map(envelope);
          const takers = new Set(batch.map((event) => consumer(event.type)));
          const taker = [...takers][0];
          if (takers.size !== 1 || taker === undefined) throw new Error('a batch is for one consumer');
          await taker.deliverBatch(batch);
          return {
            async redeliver() {
              for (const event of batch) expect(await taker.deliver(event, 2)).toBe('duplicate');
            },
          };
        },
        async snapshot(): Promise<Record<string, unknown[]>> {
          const tables: Record<string, unknown[]> = {};
          for (const [table, key] of Object.entries(TABLES)) {
            tables[table] = (await sql.query(`SELECT * FROM recommendations.${table} ORDER BY ${key}`)).rows;
          }
          return tables;
        },
      };
    }

    it('leaves the same rows as the same events one by one', async () => {
      const city = aCity();
      const single = await fresh();
      await single.oneByOne(city.seen);
      await single.oneByOne([...city.facts, ...city.model]);
      const expected = await single.snapshot();

      const batched = await fresh();
      await batched.oneByOne(city.seen);
      await (await batched.batch(city.facts)).redeliver();
      await (await batched.batch(city.model)).redeliver();
      expect(await batched.snapshot()).toEqual(expected);

      // Not two empty sets of tables: the figures are the city's.
      const { d } = city;
      expect(expected.dishes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ menu_item_id: d[1].id, name: 'Dish 1 renamed', deleted: true }),
          expect.objectContaining({ menu_item_id: d[2].id, name: 'Dish 2', deleted: false }),
          expect.objectContaining({ menu_item_id: d[3].id, name: 'Dish 3', price: 700, deleted: false }),
          expect.objectContaining({ menu_item_id: d[5].id, name: '', deleted: true }),
        ]),
      );
      expect(expected.restaurants).toEqual([
        expect.objectContaining({ restaurant_id: city.r[1], name: 'One renamed', open: false }),
        expect.objectContaining({ restaurant_id: city.r[2], name: 'Two', open: false }),
        expect.objectContaining({ restaurant_id: city.r[3], name: 'Three', open: true }),
      ]);
      expect(expected.preferences).toEqual([
        expect.objectContaining({ user_id: city.u[1], cuisines: ['Newest'] }),
        expect.objectContaining({ user_id: city.u[2], cuisines: ['Later delivered'] }),
      ]);
      expect(expected.item_pairs).toContainEqual({ item_a: d[1].id, item_b: d[2].id, customers: 2 });
      expect(expected.item_customers).toContainEqual({ menu_item_id: d[1].id, customers: 3 });
      expect(expected.customers).toContainEqual(
        expect.objectContaining({ customer_id: city.c[1], orders: 4 }),
      );
    });

    it('takes as many statements for a batch of thirty orders or facts as for three', async () => {
      const count = async (size: number) => {
        const rush = aRush(size);
        const run = await fresh();
        await run.oneByOne(rush.seen);
        return {
          facts: await statementsOf(run.sql, () => run.batch(rush.facts)),
          model: await statementsOf(run.sql, () => run.batch(rush.model)),
        };
      };
      const three = await count(3);
      const thirty = await count(30);
      expect(thirty).toEqual(three);
      // Every kind is in: a lock and a write of dishes and of restaurants; the model's preferences,
      // customers, their histories (one read) and one upsert per table the orders count in.
      // Leaving out the consumer's own (the inbox, and the advisory lock on PostgreSQL).
      const writes = (list: string[]) =>
        list.filter((text) => /recommendations\./.test(text) && !/\.inbox\b/.test(text));
      expect(writes(three.facts)).toHaveLength(4);
      expect(writes(three.model)).toHaveLength(9);
    });
  });
}

const dish = (restaurantId: string, n: number, price = 100 * n): Dish => ({
  id: uuidV7Ids.next(),
  restaurantId,
  name: `Dish ${n}`,
  price,
});

/**
 * Three restaurants, six dishes, four customers and two users. Before the batches: a profile, two dishes,
 * a switch, a few orders and a preference change. In the batches: facts newer, older and at one instant
 * with what is held (a dish saved then deleted, deleted then saved, copies delivered late), and orders of
 * customers seen before and new, one customer three times, one dish twice in an order, two days.
 */
function aCity() {
  const r = { 1: uuidV7Ids.next(), 2: uuidV7Ids.next(), 3: uuidV7Ids.next() };
  const d = {
    1: dish(r[1], 1),
    2: dish(r[1], 2),
    3: dish(r[1], 3),
    4: dish(r[2], 4),
    5: dish(r[2], 5),
    6: dish(r[2], 6),
  };
  const c = { 1: uuidV7Ids.next(), 2: uuidV7Ids.next(), 3: uuidV7Ids.next(), 4: uuidV7Ids.next() };
  const u = { 1: uuidV7Ids.next(), 2: uuidV7Ids.next() };
  const day1 = '2026-03-01T12:00:00.000Z';
  const day2 = '2026-03-02T08:00:00.000Z';
  const seen: Timed[] = [
    restaurantProfile(r[1], { name: 'One', updatedAt: '2026-03-01T00:00:00.000Z' }),
    { ...restaurantSwitched(r[2], false), at: '2026-03-02T08:00:00.000Z' },
    menuItem(d[1], { updatedAt: '2026-03-01T00:00:00.000Z' }),
    menuItem(d[2], { updatedAt: '2026-03-01T00:00:00.000Z' }),
    orderPlaced(uuidV7Ids.next(), c[1], r[1], [{ dish: d[1] }, { dish: d[2] }], day1),
    orderPlaced(uuidV7Ids.next(), c[2], r[1], [{ dish: d[3] }], day1),
    { ...preferencesUpdated(u[1], ['Held'], []), at: '2026-03-02T08:00:00.000Z' },
  ];
  const facts: Timed[] = [
    menuItem({ ...d[1], name: 'Dish 1 renamed' }, { updatedAt: '2026-03-02T01:00:00.000Z' }),
    { ...menuItemDeleted(d[1]), at: '2026-03-02T02:00:00.000Z' },
    menuItem({ ...d[1], name: 'Stale' }, { updatedAt: '2026-03-01T00:00:00.000Z' }),
    { ...menuItemDeleted(d[2]), at: '2026-02-28T00:00:00.000Z' },
    { ...menuItemDeleted(d[3]), at: '2026-03-02T03:00:00.000Z' },
    menuItem({ ...d[3], price: 500 }, { updatedAt: '2026-03-02T04:00:00.000Z' }),
    menuItem({ ...d[3], price: 700 }, { updatedAt: '2026-03-02T04:00:00.000Z' }),
    { ...menuItemDeleted(d[5]), at: '2026-03-02T03:00:00.000Z' },
    { ...restaurantSwitched(r[1], false), at: '2026-03-02T08:30:00.000Z' },
    restaurantProfile(r[1], { name: 'One renamed', open: true, updatedAt: '2026-03-02T08:00:00.000Z' }),
    restaurantProfile(r[2], { name: 'Two', open: true, updatedAt: '2026-03-02T07:00:00.000Z' }),
    { ...restaurantSwitched(r[3], true), at: '2026-03-02T08:45:00.000Z' },
    restaurantProfile(r[3], { name: 'Three', open: false, updatedAt: '2026-03-01T00:00:00.000Z' }),
    restaurantProfile(r[1], { name: 'One stale', updatedAt: '2026-02-01T00:00:00.000Z' }),
  ];
  const model: Timed[] = [
    orderPlaced(
      uuidV7Ids.next(),
      c[1],
      r[1],
      [{ dish: d[2] }, { dish: d[3] }, { dish: d[3], quantity: 2 }],
      day2,
    ),
    orderPlaced(uuidV7Ids.next(), c[3], r[1], [{ dish: d[1] }, { dish: d[2] }], day2),
    { ...preferencesUpdated(u[1], ['Newest'], ['VEGAN']), at: '2026-03-02T08:30:00.000Z' },
    orderPlaced(uuidV7Ids.next(), c[1], r[2], [{ dish: d[4] }, { dish: d[6] }], day1),
    { ...preferencesUpdated(u[1], ['Older'], []), at: '2026-03-02T08:15:00.000Z' },
    orderPlaced(uuidV7Ids.next(), c[2], r[1], [{ dish: d[1] }], day2),
    orderPlaced(uuidV7Ids.next(), c[4], r[2], [{ dish: d[5] }, { dish: d[4] }], day2),
    orderPlaced(uuidV7Ids.next(), c[3], r[2], [{ dish: d[6] }], day1),
    { ...preferencesUpdated(u[2], ['First delivered'], []), at: '2026-03-02T08:00:00.000Z' },
    { ...preferencesUpdated(u[2], ['Later delivered'], []), at: '2026-03-02T08:00:00.000Z' },
    orderPlaced(uuidV7Ids.next(), c[1], r[1], [{ dish: d[1] }, { dish: d[5] }], day2),
  ];
  return { r, d, c, u, seen, facts, model };
}

/**
 * `size` of everything: restaurants (a profile and a switch each), dishes (saved and deleted), customers
 * seen before ordering two new dishes with an old one, and users changing their preferences.
 */
function aRush(size: number): { seen: Timed[]; facts: Timed[]; model: Timed[] } {
  const seen: Timed[] = [];
  const facts: Timed[] = [];
  const model: Timed[] = [];
  for (let i = 0; i < size; i += 1) {
    const restaurantId = uuidV7Ids.next();
    const [old, a, b] = [dish(restaurantId, 1), dish(restaurantId, 2), dish(restaurantId, 3)];
    const customerId = uuidV7Ids.next();
    seen.push(orderPlaced(uuidV7Ids.next(), customerId, restaurantId, [{ dish: old }]));
    facts.push(
      restaurantProfile(restaurantId),
      { ...restaurantSwitched(restaurantId, false), at: '2026-03-02T08:00:00.000Z' },
      menuItem(a),
      { ...menuItemDeleted(b), at: '2026-03-02T08:00:00.000Z' },
    );
    model.push(
      orderPlaced(uuidV7Ids.next(), customerId, restaurantId, [{ dish: a }, { dish: b }, { dish: old }]),
      preferencesUpdated(uuidV7Ids.next(), ['South Indian'], []),
    );
  }
  return { seen, facts, model };
}
