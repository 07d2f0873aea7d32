import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { AggregateDelta, Contribution } from '../domain/contribution.js';
import { emptyFacts, type OrderFacts } from '../domain/order-facts.js';

/** The consumer's writes, on its transaction (the one that records the event in the inbox). */
export function aggregatesWriter(tx: SqlExecutor) {
  return {
    /**
     * The order's facts and applied contribution, its row locked until the transaction ends: two events of
     * one order handled at once (another instance) apply one after the other, each on the other's result.
     */
    async lockOrder(
      orderId: string,
      now: Date,
    ): Promise<{ facts: OrderFacts; applied: Contribution | null }> {
      await tx.query(
        `INSERT INTO analytics.order_facts (order_id, facts, updated_at) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (order_id) DO NOTHING`,
        [orderId, JSON.stringify(emptyFacts(orderId)), now],
      );
      const { rows } = await tx.query<{ facts: OrderFacts; applied: Contribution | null }>(
        'SELECT facts, applied FROM analytics.order_facts WHERE order_id = $1 FOR UPDATE',
        [orderId],
      );
      const row = rows[0];
      if (row === undefined) throw new Error(`analytics.order_facts lost the row of ${orderId}`);
      return row;
    },

    async saveOrder(facts: OrderFacts, applied: Contribution | null, now: Date): Promise<void> {
      await tx.query(
        `UPDATE analytics.order_facts
         SET restaurant_id = $2, status = $3, facts = $4::jsonb, applied = $5::jsonb, updated_at = $6
         WHERE order_id = $1`,
        [
          facts.orderId,
          facts.restaurantId,
          facts.status,
          JSON.stringify(facts),
          applied === null ? null : JSON.stringify(applied),
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
