import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer } from '../../../../test/support/require-server.js';
import { serviceTestDeps } from '../../../../test/support/service-test-deps.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { createPostgresSql, migrate, resetSchemas, type Sql } from '../../../platform/db/index.js';
import { createEvent, type Consumer } from '../../../platform/messaging/index.js';
import type { ServiceModule } from '../../../platform/runtime/service-module.js';
import { manualClock } from '../../../platform/time/clock.js';
import { uuidV7Ids } from '../../../platform/time/ids.js';
import { ordersEventSchemas } from '../../orders/index.js';
import { paymentsEventSchemas } from '../../payments/index.js';
import { createAnalyticsService, type AnalyticsClient } from '../index.js';
import { anOrder, type AnalyticsEvent } from './analytics-events.js';
import { deliveredLife, DOSA, feedFourOrders, RESTAURANT_A, RESTAURANT_B } from './analytics-scenario.js';

/**
 * The aggregation on PostgreSQL 15 (the SQL must be PG-15 SQL; PGlite is 18), in a database of its own so
 * that no other suite's `analytics` schema is touched, and with a pool, so events of one order really are
 * applied at the same time.
 */
const server = await requireServer('DATABASE_URL');
let database: TestDatabase | undefined;

let sql: Sql;
let analytics: ServiceModule<AnalyticsClient>;
let consumer: Consumer;
const clock = manualClock('2026-03-02T09:30:00.000Z');

async function deliverTwice(data: AnalyticsEvent): Promise<void> {
  const event = createEvent(
    { clock, ids: uuidV7Ids },
    { type: data.type, source: data.source, subject: data.data.orderId, data: data.data },
  );
  expect(await consumer.deliver(event)).toBe('applied');
  expect(await consumer.deliver(event, 2)).toBe('duplicate');
}

describe.skipIf(!server.available)('analytics aggregation on PostgreSQL', () => {
  beforeAll(async () => {
    database = await createTestDatabase(server.url, 'sattzabite_analytics');
    sql = await createPostgresSql({
      url: database.url,
      poolSize: 6,
    });
    await resetSchemas(sql, ['analytics']);
    analytics = await createAnalyticsService(
      serviceTestDeps({ sql, clock, eventSchemas: [...ordersEventSchemas, ...paymentsEventSchemas] }),
    );
    await migrate(sql, analytics.migrations);
    const found = analytics.messaging?.consumers.find((c) => c.name === 'analytics.aggregates');
    if (found === undefined) throw new Error('no analytics.aggregates consumer');
    consumer = found;
  });
  afterAll(async () => {
    await sql?.close();
    await database?.drop();
  });

  it('keeps the same figures as on PGlite', async () => {
    await feedFourOrders(deliverTwice, () => uuidV7Ids.next());
    const summary = await analytics.client.summary({});
    expect(summary).toMatchObject({
      orders: 4,
      revenue: { amount: 60000 },
      averagePreparationMinutes: 12,
      cancellationRate: 0.25,
      perRestaurant: [
        { restaurantId: RESTAURANT_A, orders: 3, revenue: { amount: 40000 } },
        { restaurantId: RESTAURANT_B, orders: 1, revenue: { amount: 20000 } },
      ],
    });
    expect(summary.topItems.map((item) => [item.name, item.quantity])).toEqual([
      ['Idli', 4],
      ['Masala Dosa', 3],
      ['Filter Coffee', 1],
    ]);
    const a = await analytics.client.restaurantReport({ restaurantId: RESTAURANT_A });
    expect(a).toMatchObject({ orders: 3, revenue: { amount: 40000 } });
  });

  it('stays exact when the events of the same orders are applied at the same time, in any order', async () => {
    const restaurantId = '0190f000-0000-7000-8000-00000000e001';
    const placedAt = '2026-03-02T07:00:00.000Z';
    const events = Array.from({ length: 12 }, () =>
      deliveredLife(
        anOrder({ orderId: uuidV7Ids.next(), restaurantId, placedAt, lines: [{ ...DOSA, quantity: 1 }] }),
        placedAt,
      ),
    ).flat();
    // A fixed shuffle (no Math.random: a failure must repeat).
    const shuffled = events
      .map((event, i) => ({ event, key: (i * 7919) % events.length }))
      .sort((x, y) => x.key - y.key)
      .map(({ event }) => event);
    await Promise.all(shuffled.map((event) => deliverTwice(event)));

    const report = await analytics.client.restaurantReport({ restaurantId });
    expect(report).toMatchObject({
      orders: 12,
      revenue: { amount: 12 * DOSA.unitPrice },
      statusCounts: { DELIVERED: 12, PENDING: 0, CONFIRMED: 0, OUT_FOR_DELIVERY: 0 },
      averagePreparationMinutes: 14,
      averageDeliveryMinutes: 25,
      topItems: [{ menuItemId: DOSA.menuItemId, quantity: 12, revenue: { amount: 12 * DOSA.unitPrice } }],
    });
  });
});
