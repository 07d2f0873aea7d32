import type { SqlExecutor } from '../../../platform/db/sql.js';
import { TOP_ITEMS } from '../contract.js';
import { COUNTER_NAMES, zeroCounters, type Counters } from '../domain/contribution.js';
import type { ReportRows } from '../domain/report.js';
import type { ReportRange } from '../domain/report-range.js';

/**
 * Reads the aggregate rows of a range, for one restaurant or (restaurantId null) all. Sums are cast to
 * bigint so both adapters return numbers (a sum of bigint is numeric, which arrives as text).
 */
export async function readReportRows(
  sql: SqlExecutor,
  range: ReportRange,
  restaurantId: string | null,
): Promise<ReportRows> {
  const scope = `hour >= $1 AND hour < $2 AND ($3::text IS NULL OR restaurant_id = $3)`;
  const params = [range.firstHour, range.to, restaurantId];

  const hours = await sql.query<{ hour: Date } & Record<keyof Counters, number>>(
    `SELECT hour,
       sum(orders)::bigint AS orders, sum(revenue)::bigint AS revenue,
       sum(revenue_orders)::bigint AS "revenueOrders", sum(cancelled)::bigint AS cancelled,
       sum(refunded)::bigint AS refunded, sum(prep_ms)::bigint AS "prepMs",
       sum(prep_count)::bigint AS "prepCount", sum(delivery_ms)::bigint AS "deliveryMs",
       sum(delivery_count)::bigint AS "deliveryCount", sum(total_ms)::bigint AS "totalMs",
       sum(total_count)::bigint AS "totalCount"
     FROM analytics.hourly WHERE ${scope} GROUP BY hour`,
    params,
  );
  const statuses = await sql.query<{ status: string; orders: number }>(
    `SELECT status, sum(orders)::bigint AS orders FROM analytics.hourly_status WHERE ${scope} GROUP BY status`,
    params,
  );
  const topItems = await sql.query<{ menuItemId: string; name: string; quantity: number; revenue: number }>(
    `SELECT menu_item_id AS "menuItemId", (array_agg(name ORDER BY hour DESC))[1] AS name,
       sum(quantity)::bigint AS quantity, sum(revenue)::bigint AS revenue
     FROM analytics.hourly_items WHERE ${scope}
     GROUP BY menu_item_id HAVING sum(quantity) > 0
     ORDER BY quantity DESC, revenue DESC, menu_item_id LIMIT ${TOP_ITEMS}`,
    params,
  );
  const first = range.minutes[0] ?? range.to;
  const last = range.minutes[range.minutes.length - 1] ?? range.to;
  const minutes = await sql.query<{ minute: Date; orders: number; revenue: number }>(
    `SELECT minute, sum(orders)::bigint AS orders, sum(revenue)::bigint AS revenue
     FROM analytics.minutely
     WHERE minute >= $1 AND minute <= $2 AND ($3::text IS NULL OR restaurant_id = $3)
     GROUP BY minute`,
    [first, last, restaurantId],
  );
  return {
    hours: hours.rows.map(({ hour, ...counters }) => ({
      ...toCounters(counters),
      hour: hour.toISOString(),
    })),
    statuses: statuses.rows.map((row) => ({ status: row.status, orders: Number(row.orders) })),
    topItems: topItems.rows.map((row) => ({
      menuItemId: row.menuItemId,
      name: row.name,
      quantity: Number(row.quantity),
      revenue: Number(row.revenue),
    })),
    minutes: minutes.rows.map((row) => ({
      minute: row.minute.toISOString(),
      orders: Number(row.orders),
      revenue: Number(row.revenue),
    })),
  };
}

/** Orders and revenue per restaurant over the range, by revenue then orders. */
export async function readPerRestaurant(
  sql: SqlExecutor,
  range: ReportRange,
): Promise<Array<{ restaurantId: string; orders: number; revenue: number }>> {
  const { rows } = await sql.query<{ restaurantId: string; orders: number; revenue: number }>(
    `SELECT restaurant_id AS "restaurantId", sum(orders)::bigint AS orders, sum(revenue)::bigint AS revenue
     FROM analytics.hourly WHERE hour >= $1 AND hour < $2
     GROUP BY restaurant_id HAVING sum(orders) > 0
     ORDER BY revenue DESC, orders DESC, restaurant_id`,
    [range.firstHour, range.to],
  );
  return rows.map((row) => ({
    restaurantId: row.restaurantId,
    orders: Number(row.orders),
    revenue: Number(row.revenue),
  }));
}

/** bigint arrives as a number from both adapters; Number() guards a driver that sends text. */
function toCounters(row: Record<keyof Counters, number>): Counters {
  const counters = zeroCounters();
  for (const name of COUNTER_NAMES) counters[name] = Number(row[name]);
  return counters;
}
