import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { AggregateDelta, Contribution } from '../domain/contribution.js';
import { emptyFacts, type OrderFacts } from '../domain/order-facts.js';

/** What analytics holds of an order: its merged facts and the contribution it has applied. */
export interface HeldOrder {
  facts: OrderFacts;
  applied: Contribution | null;
}

/** The consumer's writes, on its transaction (the one that records the event in the inbox). */
export function aggregatesWriter(tx: SqlExecutor) {
  return {
    /**
     * The orders' facts and applied contributions, their rows locked until the transaction ends: events of
     * one order handled at once elsewhere (another instance) apply one after the other, each on the
     * other's result. Rows are locked in id order, so two batches sharing orders never deadlock; an order
     * seen for the first time gets an empty row, locked too. Three statements at most, whatever the count.
     */
    async lockOrders(orderIds: readonly string[], now: Date): Promise<Map<string, HeldOrder>> {
      const ids = [...new Set(orderIds)].sort();
      const held = new Map<string, HeldOrder>();
      if (ids.length === 0) return held;
      const { rows } = await tx.query<{ order_id: string } & HeldOrder>(
        `SELECT order_id, facts, applied FROM analytics.order_facts
         WHERE order_id = ANY($1::text[]) ORDER BY order_id FOR UPDATE`,
        [ids],
      );
      for (const row of rows) held.set(row.order_id, { facts: row.facts, applied: row.applied });
      const missing = ids.filter((id) => !held.has(id));
      if (missing.length > 0) {
        // A row another transaction inserted since the read is taken as it stands (DO UPDATE locks it and
        // RETURNING gives its facts); a new row is ours until commit.
        const inserted = await tx.query<{ order_id: string } & HeldOrder>(
          `INSERT INTO analytics.order_facts AS t (order_id, facts, updated_at)
           SELECT id, facts::jsonb, $3 FROM unnest($1::text[], $2::text[]) AS m (id, facts)
           ON CONFLICT (order_id) DO UPDATE SET updated_at = t.updated_at
           RETURNING order_id, facts, applied`,
          [missing, missing.map((id) => JSON.stringify(emptyFacts(id))), now],
        );
        for (const row of inserted.rows) held.set(row.order_id, { facts: row.facts, applied: row.applied });
      }
      for (const id of ids) {
        if (!held.has(id)) throw new Error(`analytics.order_facts lost the row of ${id}`);
      }
      return held;
    },

    /** Stores the orders' new facts and applied contributions: one statement for all. */
    async saveOrders(orders: readonly HeldOrder[], now: Date): Promise<void> {
      if (orders.length === 0) return;
      await tx.query(
        `UPDATE analytics.order_facts AS t
         SET restaurant_id = s.restaurant_id, status = s.status, facts = s.facts::jsonb,
             applied = s.applied::jsonb, updated_at = $6
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
           AS s (order_id, restaurant_id, status, facts, applied)
         WHERE t.order_id = s.order_id`,
        [
          orders.map(({ facts }) => facts.orderId),
          orders.map(({ facts }) => facts.restaurantId),
          orders.map(({ facts }) => facts.status),
          orders.map(({ facts }) => JSON.stringify(facts)),
          orders.map(({ applied }) => (applied === null ? null : JSON.stringify(applied))),
          now,
        ],
      );
    },

    async applyDelta(delta: AggregateDelta): Promise<void> {
      if (delta.hourly.length > 0) {
        const h = delta.hourly;
        const c = h.map((row) => row.counters);
        await tx.query(
          `INSERT INTO analytics.hourly AS t (hour, restaurant_id, orders, revenue, revenue_orders, cancelled,
             refunded, prep_ms, prep_count, delivery_ms, delivery_count, total_ms, total_count)
           SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::int[], $4::bigint[], $5::int[], $6::int[],
             $7::int[], $8::bigint[], $9::int[], $10::bigint[], $11::int[], $12::bigint[], $13::int[])
           ON CONFLICT (hour, restaurant_id) DO UPDATE SET
             orders = t.orders + EXCLUDED.orders,
             revenue = t.revenue + EXCLUDED.revenue,
             revenue_orders = t.revenue_orders + EXCLUDED.revenue_orders,
             cancelled = t.cancelled + EXCLUDED.cancelled,
             refunded = t.refunded + EXCLUDED.refunded,
             prep_ms = t.prep_ms + EXCLUDED.prep_ms,
             prep_count = t.prep_count + EXCLUDED.prep_count,
             delivery_ms = t.delivery_ms + EXCLUDED.delivery_ms,
             delivery_count = t.delivery_count + EXCLUDED.delivery_count,
             total_ms = t.total_ms + EXCLUDED.total_ms,
             total_count = t.total_count + EXCLUDED.total_count`,
          [
            h.map((row) => row.hour),
            h.map((row) => row.restaurantId),
            c.map((x) => x.orders),
            c.map((x) => x.revenue),
            c.map((x) => x.revenueOrders),
            c.map((x) => x.cancelled),
            c.map((x) => x.refunded),
            c.map((x) => x.prepMs),
            c.map((x) => x.prepCount),
            c.map((x) => x.deliveryMs),
            c.map((x) => x.deliveryCount),
            c.map((x) => x.totalMs),
            c.map((x) => x.totalCount),
          ],
        );
      }
      if (delta.statuses.length > 0) {
        await tx.query(
          `INSERT INTO analytics.hourly_status AS t (hour, restaurant_id, status, orders)
           SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::int[])
           ON CONFLICT (hour, restaurant_id, status) DO UPDATE SET orders = t.orders + EXCLUDED.orders`,
          [
            delta.statuses.map((row) => row.hour),
            delta.statuses.map((row) => row.restaurantId),
            delta.statuses.map((row) => row.status),
            delta.statuses.map((row) => row.orders),
          ],
        );
      }
      if (delta.items.length > 0) {
        await tx.query(
          `INSERT INTO analytics.hourly_items AS t (hour, restaurant_id, menu_item_id, name, quantity, revenue)
           SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[])
           ON CONFLICT (hour, restaurant_id, menu_item_id) DO UPDATE SET
             name = EXCLUDED.name,
             quantity = t.quantity + EXCLUDED.quantity,
             revenue = t.revenue + EXCLUDED.revenue`,
          [
            delta.items.map((row) => row.hour),
            delta.items.map((row) => row.restaurantId),
            delta.items.map((row) => row.menuItemId),
            delta.items.map((row) => row.name),
            delta.items.map((row) => row.quantity),
            delta.items.map((row) => row.revenue),
          ],
        );
      }
      if (delta.minutely.length > 0) {
        await tx.query(
          `INSERT INTO analytics.minutely AS t (minute, restaurant_id, orders, revenue)
           SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::int[], $4::bigint[])
           ON CONFLICT (minute, restaurant_id) DO UPDATE SET
             orders = t.orders + EXCLUDED.orders,
             revenue = t.revenue + EXCLUDED.revenue`,
          [
            delta.minutely.map((row) => row.minute),
            delta.minutely.map((row) => row.restaurantId),
            delta.minutely.map((row) => row.orders),
            delta.minutely.map((row) => row.revenue),
          ],
        );
      }
    },

    /** Drops per-minute rows older than the cutoff (they have rolled off the live chart). */
    async pruneMinutes(cutoff: string): Promise<void> {
      await tx.query('DELETE FROM analytics.minutely WHERE minute < $1', [cutoff]);
    },
  };
}
