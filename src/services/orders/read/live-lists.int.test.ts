import { beforeEach, expect, it } from 'vitest';
import { describeOnEachSqlAdapter } from '../../../../test/support/sql-suites.js';
import { loadMigrations } from '../../../platform/db/load-migrations.js';
import { migrate, resetSchemas, type Sql } from '../../../platform/db/index.js';
import type { OrderStatus } from '../contract.js';
import type { OrderEvent } from '../domain/order-events.js';
import {
  COURIER_ID,
  OTHER_RESTAURANT_ID,
  RESTAURANT_ID,
  courierAssigned,
  orderAt,
} from '../domain/order.test-support.js';
import { projectOrderEvents } from './order-projection.js';
import { listOrderViews, type OrderScope } from './order-queries.js';

// The live lists (`active`) read the live read models (the queue, a courier's jobs not final yet) and look
// their orders up from there; they must list exactly the non-final orders of the scope, as filtering every
// order of the scope did.

const MIGRATIONS = loadMigrations('orders', new URL('../migrations/', import.meta.url));
const OTHER_COURIER = '0190b000-0000-7000-8000-0000000000d2';

/** An order of `restaurantId` that reached `status` (delivery orders have COURIER_ID, or `courierId`). */
function order(n: number, status: OrderStatus, restaurantId: string, courierId?: string): OrderEvent[] {
  const orderId = `0190c000-0000-7000-8000-${String(n).padStart(12, '0')}`;
  return orderAt(status).map((event) => {
    if (event.type === 'OrderPlaced') return { ...event, data: { ...event.data, orderId, restaurantId } };
    if (event.type === 'OrderCourierAssigned' && courierId !== undefined) return courierAssigned(courierId);
    return event;
  });
}

async function project(db: Sql, events: OrderEvent[]): Promise<void> {
  await db.transaction((tx) =>
    projectOrderEvents(
      tx,
      null,
      events.map((event, i) => ({ event, eventId: `e-${i}-${Math.random()}`, version: i + 1 })),
    ),
  );
}

const STATUSES: OrderStatus[] = [
  'PENDING',
  'CONFIRMED',
  'PREPARING',
  'READY',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
];

await describeOnEachSqlAdapter({ prefix: 'orders_live_lists', poolSize: 4 }, (_adapter, database) => {
  beforeEach(async () => {
    await resetSchemas(database(), ['orders']);
    await migrate(database(), MIGRATIONS);
  });

  it('lists the live orders of a restaurant, of a courier and of everyone, and all of them otherwise', async () => {
    const db = database();
    const expected = { a: new Set<string>(), courier: new Set<string>(), all: new Set<string>() };
    let n = 0;
    for (const restaurantId of [RESTAURANT_ID, OTHER_RESTAURANT_ID]) {
      for (const courierId of [COURIER_ID, OTHER_COURIER]) {
        for (const status of STATUSES) {
          n += 1;
          const events = order(n, status, restaurantId, courierId);
          await project(db, events);
          const placed = events[0];
          if (placed?.type !== 'OrderPlaced') throw new Error('an order begins with OrderPlaced');
          const live = status !== 'DELIVERED';
          if (live) expected.all.add(placed.data.orderId);
          if (live && restaurantId === RESTAURANT_ID) expected.a.add(placed.data.orderId);
          // orderAt assigns the courier right after the payment: only a PENDING order has none.
          if (live && status !== 'PENDING' && courierId === COURIER_ID)
            expected.courier.add(placed.data.orderId);
        }
      }
    }
    const ids = async (scope: OrderScope, active: boolean) => {
      const page = await listOrderViews(db, scope, { active, size: 100 });
      expect(page.totalElements).toBe(page.content.length);
      return new Set(page.content.map((view) => view.orderId));
    };
    expect(await ids({ kind: 'restaurants', restaurantIds: [RESTAURANT_ID] }, true)).toEqual(expected.a);
    expect(await ids({ kind: 'courier', courierId: COURIER_ID }, true)).toEqual(expected.courier);
    expect(await ids({ kind: 'all' }, true)).toEqual(expected.all);
    expect((await ids({ kind: 'all' }, false)).size).toBe(n);
    expect((await ids({ kind: 'courier', courierId: COURIER_ID }, false)).size).toBe(10);
    expect((await ids({ kind: 'restaurants', restaurantIds: [RESTAURANT_ID] }, false)).size).toBe(n / 2);

    const newestFirst = await listOrderViews(
      db,
      { kind: 'restaurants', restaurantIds: [RESTAURANT_ID, OTHER_RESTAURANT_ID] },
      { active: true, size: 3, page: 1, sort: 'createdAt,desc' },
    );
    expect(newestFirst).toMatchObject({ page: 1, size: 3, totalElements: 20, totalPages: 7 });
    expect(newestFirst.content).toHaveLength(3);
  });
});
