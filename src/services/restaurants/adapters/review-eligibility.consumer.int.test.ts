import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createEvent, type EventEnvelope } from '../../../platform/messaging/index.js';
import type { OrderStatus } from '../../orders/index.js';
import { eligibilityConsumer, statusUpdated } from '../test/order-events.js';
import { createTestSql, startRestaurants, type RestaurantsHarness } from '../test/restaurants-harness.js';

let sql: PgliteSql;
let h: RestaurantsHarness;
beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startRestaurants(sql);
});
afterEach(async () => {
  await h.close();
});

const CUSTOMER = '0190f000-0000-7000-8000-0000000000c1';
const RESTAURANT = '0190f000-0000-7000-8000-0000000000a1';

function update(orderId: string, status: OrderStatus, changedAt?: string): EventEnvelope {
  const data = statusUpdated({ orderId, customerId: CUSTOMER, restaurantId: RESTAURANT }, status, changedAt);
  return createEvent(
    { clock: h.clock, ids: h.deps.ids },
    { type: 'OrderStatusUpdated', source: 'orders', subject: orderId, data },
  );
}

it('records a batch as one by one would: completed orders once each, their first completion kept', async () => {
  const [delivered, pickedUp, cancelled] = ['order-b', 'order-a', 'order-c'];
  const batch = [
    update(delivered, 'PREPARING'),
    update(delivered, 'DELIVERED', '2026-03-02T08:45:00.000Z'),
    update(pickedUp, 'PICKED_UP', '2026-03-02T08:40:00.000Z'),
    update(cancelled, 'CANCELLED'),
    // The same fact re-published under a new event id, in the same batch: the first one stands.
    update(delivered, 'DELIVERED', '2026-03-02T08:50:00.000Z'),
  ];
  await eligibilityConsumer(h).deliverBatch(batch);

  const { rows } = await sql.query(
    'SELECT order_id, completed_at FROM restaurants.review_eligibility ORDER BY order_id',
  );
  expect(rows).toEqual([
    { order_id: pickedUp, completed_at: new Date('2026-03-02T08:40:00.000Z') },
    { order_id: delivered, completed_at: new Date('2026-03-02T08:45:00.000Z') },
  ]);
  for (const event of batch) expect(await eligibilityConsumer(h).deliver(event)).toBe('duplicate');
});
