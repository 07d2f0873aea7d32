import { beforeEach, expect, it } from 'vitest';
import { describeOnEachSqlAdapter } from '../../../../test/support/sql-suites.js';
import { loadMigrations } from '../../../platform/db/load-migrations.js';
import { migrate, resetSchemas, type Sql } from '../../../platform/db/index.js';
import { countOrdersAhead } from './order-queries.js';

// countOrdersAhead reads the queue's count (migration 003), kept by triggers on orders.restaurant_queue:
// whatever is done to the queue, the count must be what counting the queue's rows would give.

const MIGRATIONS = loadMigrations('orders', new URL('../migrations/', import.meta.url));
const A = '01900000-0000-7000-8000-00000000000a';
const B = '01900000-0000-7000-8000-00000000000b';
const AHEAD = ['PENDING', 'CONFIRMED', 'PREPARING'];

const queue = (db: Sql, orderId: string, restaurantId: string, status: string) =>
  db.query(
    `INSERT INTO orders.restaurant_queue
       (order_id, restaurant_id, status, fulfillment, placed_at, estimated_delivery_time)
     VALUES ($1, $2, $3, 'DELIVERY', now(), now())
     ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status`,
    [orderId, restaurantId, status],
  );

/** What counting the queue's rows answers, as countOrdersAhead did before migration 003. */
async function counted(db: Sql, restaurantId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM orders.restaurant_queue WHERE restaurant_id = $1 AND status = ANY($2::text[])`,
    [restaurantId, AHEAD],
  );
  return rows[0]?.n ?? 0;
}

await describeOnEachSqlAdapter({ prefix: 'orders_queue_counts', poolSize: 4 }, (_adapter, database) => {
  beforeEach(async () => {
    await resetSchemas(database(), ['orders']);
  });

  it('counts what is queued ahead, through every status, final orders leaving and a TRUNCATE', async () => {
    const db = database();
    await migrate(db, MIGRATIONS);
    const orders = Array.from(
      { length: 40 },
      (_, n) => `0190f000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    );
    for (const [n, orderId] of orders.entries()) await queue(db, orderId, n % 3 === 0 ? B : A, 'PENDING');
    expect(await countOrdersAhead(db, A)).toBe(26);
    expect(await countOrdersAhead(db, B)).toBe(14);

    const steps = ['CONFIRMED', 'PREPARING', 'READY', 'OUT_FOR_DELIVERY'];
    for (const [n, orderId] of orders.entries()) {
      for (const status of steps.slice(0, n % 5)) await queue(db, orderId, n % 3 === 0 ? B : A, status);
      // The projection deletes an order's row once it is final; a cancelled one may leave from any status.
      if (n % 7 === 0) await db.query('DELETE FROM orders.restaurant_queue WHERE order_id = $1', [orderId]);
    }
    for (const restaurantId of [A, B]) {
      expect(await countOrdersAhead(db, restaurantId)).toBe(await counted(db, restaurantId));
    }
    expect(await countOrdersAhead(db, A)).toBeGreaterThan(0);

    await db.exec('TRUNCATE orders.restaurant_queue');
    expect(await countOrdersAhead(db, A)).toBe(0);
    await queue(db, orders[0] ?? '', A, 'CONFIRMED');
    expect(await countOrdersAhead(db, A)).toBe(1);
  });

  it('starts from the queue as it was when the migration is applied', async () => {
    const db = database();
    await migrate(
      db,
      MIGRATIONS.filter((migration) => migration.version < 3),
    );
    await queue(db, '0190f000-0000-7000-8000-000000000001', A, 'PENDING');
    await queue(db, '0190f000-0000-7000-8000-000000000002', A, 'PREPARING');
    await queue(db, '0190f000-0000-7000-8000-000000000003', A, 'READY');
    await queue(db, '0190f000-0000-7000-8000-000000000004', B, 'CONFIRMED');
    await migrate(db, MIGRATIONS);
    expect(await countOrdersAhead(db, A)).toBe(2);
    expect(await countOrdersAhead(db, B)).toBe(1);
    expect(await countOrdersAhead(db, '01900000-0000-7000-8000-0000000000ff')).toBe(0);
  });
});
