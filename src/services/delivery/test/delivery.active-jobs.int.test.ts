import { beforeEach, expect, it } from 'vitest';
import { describeOnEachSqlAdapter } from '../../../../test/support/sql-suites.js';
import { loadMigrations } from '../../../platform/db/load-migrations.js';
import { migrate, resetSchemas, type Sql } from '../../../platform/db/index.js';
import { deliveryRepoOn } from '../adapters/delivery.sql.js';
import { orderUpdatesRepoOn } from '../adapters/order-updates.sql.js';

// countActiveJobs leaves the assignments known to be done out by an index (migration 002's order_final,
// kept by triggers); whichever table is written first, it must count what joining every assignment to its
// order's status counts.

const MIGRATIONS = loadMigrations('delivery', new URL('../migrations/', import.meta.url));
const RESTAURANT = '01900000-0000-7000-8000-00000000000a';
const RAVI = '0190f000-0000-7000-8000-0000000000d1';
const MEERA = '0190f000-0000-7000-8000-0000000000d2';
const orderId = (n: number) => `0190c000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));

/** What countActiveJobs counted before migration 002. */
async function joined(db: Sql, courierId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM delivery.assignments a LEFT JOIN delivery.orders o ON o.order_id = a.order_id
      WHERE a.courier_id = $1 AND COALESCE(o.status, 'READY') NOT IN ('DELIVERED', 'PICKED_UP', 'CANCELLED')`,
    [courierId],
  );
  return rows[0]?.n ?? 0;
}

const track = (db: Sql, n: number, status: string, minute: number, courierId: string | null = null) =>
  orderUpdatesRepoOn(db).saveTrackedOrders([
    { orderId: orderId(n), restaurantId: RESTAURANT, status, courierId, changedAt: at(minute) },
  ]);

const assign = (db: Sql, n: number, courierId: string) =>
  deliveryRepoOn(db).upsertAssignment({ orderId: orderId(n), courierId, assignedAt: at(n) });

await describeOnEachSqlAdapter({ prefix: 'delivery_active_jobs', poolSize: 4 }, (_adapter, database) => {
  beforeEach(async () => {
    await resetSchemas(database(), ['delivery']);
    await migrate(database(), MIGRATIONS);
  });

  it('counts the jobs whose order is not final or not tracked, whichever is written first', async () => {
    const db = database();
    const repo = deliveryRepoOn(db);
    // Tracked, then assigned, then taken to its end (or not).
    for (let n = 1; n <= 6; n++) {
      await track(db, n, 'READY', 1);
      await assign(db, n, n % 2 === 0 ? RAVI : MEERA);
      if (n <= 3) await track(db, n, n === 3 ? 'CANCELLED' : 'DELIVERED', 30, n % 2 === 0 ? RAVI : MEERA);
      else if (n === 4) await track(db, n, 'OUT_FOR_DELIVERY', 20, RAVI);
    }
    // Assigned before its first status arrived; then tracked as final straight away.
    await assign(db, 7, RAVI);
    await assign(db, 8, RAVI);
    await track(db, 8, 'DELIVERED', 40, RAVI);
    // Already final when assigned (a late accept of a delivered order's offer).
    await track(db, 9, 'DELIVERED', 40, MEERA);
    await assign(db, 9, MEERA);
    // A reassignment keeps what is known of the order.
    await assign(db, 2, MEERA);

    for (const courierId of [RAVI, MEERA]) {
      expect(await repo.countActiveJobs(courierId)).toBe(await joined(db, courierId));
    }
    expect(await repo.countActiveJobs(RAVI)).toBe(3); // 4, 6 and the untracked 7
    expect(await repo.countActiveJobs(MEERA)).toBe(1); // 5

    const { rows } = await db.query<{ order_id: string; order_final: boolean }>(
      'SELECT order_id, order_final FROM delivery.assignments ORDER BY order_id',
    );
    expect(rows.filter((row) => row.order_final).map((row) => row.order_id)).toEqual(
      [1, 2, 3, 8, 9].map(orderId),
    );
  });

  it('marks the assignments of orders already final when the migration is applied', async () => {
    const db = database();
    await resetSchemas(db, ['delivery']);
    await migrate(
      db,
      MIGRATIONS.filter((migration) => migration.version < 2),
    );
    await db.query(
      `INSERT INTO delivery.orders (order_id, restaurant_id, status, courier_id, changed_at)
       VALUES ($1, $3, 'DELIVERED', $4, now()), ($2, $3, 'OUT_FOR_DELIVERY', $4, now())`,
      [orderId(1), orderId(2), RESTAURANT, RAVI],
    );
    await db.query(
      `INSERT INTO delivery.assignments (order_id, courier_id, assigned_at)
       VALUES ($1, $3, now()), ($2, $3, now())`,
      [orderId(1), orderId(2), RAVI],
    );
    await migrate(db, MIGRATIONS);
    expect(await deliveryRepoOn(db).countActiveJobs(RAVI)).toBe(1);
    const { rows } = await db.query<{ order_final: boolean }>(
      'SELECT order_final FROM delivery.assignments ORDER BY order_id',
    );
    expect(rows.map((row) => row.order_final)).toEqual([true, false]);
  });
});
