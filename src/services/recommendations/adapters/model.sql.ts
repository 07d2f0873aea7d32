import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { CustomerHistory, ModelIncrements } from '../domain/order-learning.js';

/**
 * The writes of the model consumer (orders and preferences), on its transaction: one statement per table
 * for a whole batch. Every list holds each key once (a multi-row upsert cannot touch a row twice) and
 * comes in key order, so that two transactions writing the same keys take their locks in one order.
 */
export function modelWriter(tx: SqlExecutor) {
  return {
    /** The newest preferences of each user (by `at`); an older change delivered late does not win. */
    async savePreferences(
      preferences: ReadonlyArray<{ userId: string; cuisines: string[]; restrictions: string[]; at: string }>,
    ): Promise<void> {
      if (preferences.length === 0) return;
      await tx.query(
        `INSERT INTO recommendations.preferences AS t (user_id, cuisines, dietary_restrictions, updated_at)
         SELECT user_id, cuisines, dietary_restrictions, updated_at
         FROM jsonb_to_recordset($1::jsonb)
           AS p (user_id text, cuisines text[], dietary_restrictions text[], updated_at timestamptz)
         ON CONFLICT (user_id) DO UPDATE SET cuisines = EXCLUDED.cuisines,
           dietary_restrictions = EXCLUDED.dietary_restrictions, updated_at = EXCLUDED.updated_at
         WHERE t.updated_at <= EXCLUDED.updated_at`,
        [
          JSON.stringify(
            preferences.map((p) => ({
              user_id: p.userId,
              cuisines: p.cuisines,
              dietary_restrictions: p.restrictions,
              updated_at: p.at,
            })),
          ),
        ],
      );
    },

    /**
     * Counts the customers' orders. The upsert locks their rows first, so that two transactions with
     * orders of one customer pair their items one after the other, never past each other.
     */
    async countCustomers(
      customers: ReadonlyArray<{ customerId: string; orders: number; lastOrderAt: string }>,
    ): Promise<void> {
      if (customers.length === 0) return;
      await tx.query(
        `INSERT INTO recommendations.customers AS t (customer_id, orders, last_order_at)
         SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[])
         ON CONFLICT (customer_id) DO UPDATE SET orders = t.orders + EXCLUDED.orders,
           last_order_at = GREATEST(t.last_order_at, EXCLUDED.last_order_at)`,
        [
          customers.map((c) => c.customerId),
          customers.map((c) => c.orders),
          customers.map((c) => c.lastOrderAt),
        ],
      );
    },

    /**
     * What the customers had ordered, as much as learning the batch needs: each one's `cap` most recent
     * items (ties by item id, in byte order) and each of the `wanted` items they had. One statement.
     */
    async readHistories(
      customerIds: readonly string[],
      cap: number,
      wanted: ReadonlyArray<{ customerId: string; menuItemId: string }>,
    ): Promise<Map<string, CustomerHistory>> {
      const { rows } = await tx.query<{ customer_id: string; menu_item_id: string; last_ordered_at: Date }>(
        `SELECT c.customer_id, h.menu_item_id, h.last_ordered_at
         FROM unnest($1::text[]) AS c (customer_id)
         CROSS JOIN LATERAL (
           SELECT ci.menu_item_id, ci.last_ordered_at FROM recommendations.customer_items ci
           WHERE ci.customer_id = c.customer_id
           ORDER BY ci.last_ordered_at DESC, ci.menu_item_id COLLATE "C" LIMIT $2) AS h
         UNION ALL
         SELECT ci.customer_id, ci.menu_item_id, ci.last_ordered_at
         FROM unnest($3::text[], $4::text[]) AS w (customer_id, menu_item_id)
         JOIN recommendations.customer_items ci
           ON ci.customer_id = w.customer_id AND ci.menu_item_id = w.menu_item_id`,
        [customerIds, cap, wanted.map((w) => w.customerId), wanted.map((w) => w.menuItemId)],
      );
      const histories = new Map<string, Map<string, number>>();
      for (const row of rows) {
        const history = histories.get(row.customer_id) ?? new Map<string, number>();
        history.set(row.menu_item_id, row.last_ordered_at.getTime());
        histories.set(row.customer_id, history);
      }
      return histories;
    },

    /** Dishes first seen in an order: their name and price until MenuItemUpdated brings the facts. */
    async rememberDishes(dishes: ModelIncrements['dishes']): Promise<void> {
      if (dishes.length === 0) return;
      await tx.query(
        `INSERT INTO recommendations.dishes (menu_item_id, restaurant_id, name, price)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
         ON CONFLICT (menu_item_id) DO NOTHING`,
        [
          dishes.map((d) => d.menuItemId),
          dishes.map((d) => d.restaurantId),
          dishes.map((d) => d.name),
          dishes.map((d) => d.price),
        ],
      );
    },

    async countCustomerItems(items: ModelIncrements['customerItems']): Promise<void> {
      if (items.length === 0) return;
      await tx.query(
        `INSERT INTO recommendations.customer_items AS t (customer_id, menu_item_id, orders, last_ordered_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[])
         ON CONFLICT (customer_id, menu_item_id) DO UPDATE SET orders = t.orders + EXCLUDED.orders,
           last_ordered_at = GREATEST(t.last_ordered_at, EXCLUDED.last_ordered_at)`,
        [
          items.map((i) => i.customerId),
          items.map((i) => i.menuItemId),
          items.map((i) => i.orders),
          items.map((i) => i.lastOrderedAt),
        ],
      );
    },

    async countNewCustomers(items: ModelIncrements['itemCustomers']): Promise<void> {
      if (items.length === 0) return;
      await tx.query(
        `INSERT INTO recommendations.item_customers AS t (menu_item_id, customers)
         SELECT * FROM unnest($1::text[], $2::int[])
         ON CONFLICT (menu_item_id) DO UPDATE SET customers = t.customers + EXCLUDED.customers`,
        [items.map((i) => i.menuItemId), items.map((i) => i.customers)],
      );
    },

    async countPairs(pairs: ModelIncrements['pairs']): Promise<void> {
      if (pairs.length === 0) return;
      await tx.query(
        `INSERT INTO recommendations.item_pairs AS t (item_a, item_b, customers)
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
         ON CONFLICT (item_a, item_b) DO UPDATE SET customers = t.customers + EXCLUDED.customers`,
        [pairs.map((p) => p.a), pairs.map((p) => p.b), pairs.map((p) => p.customers)],
      );
    },

    async countPopularity(
      items: ModelIncrements['itemDaily'],
      restaurants: ModelIncrements['restaurantDaily'],
    ): Promise<void> {
      if (items.length > 0) {
        await tx.query(
          `INSERT INTO recommendations.item_daily AS t (menu_item_id, day, restaurant_id, orders, quantity)
           SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::int[], $5::int[])
           ON CONFLICT (menu_item_id, day) DO UPDATE SET orders = t.orders + EXCLUDED.orders,
             quantity = t.quantity + EXCLUDED.quantity`,
          [
            items.map((i) => i.menuItemId),
            items.map((i) => i.day),
            items.map((i) => i.restaurantId),
            items.map((i) => i.orders),
            items.map((i) => i.quantity),
          ],
        );
      }
      if (restaurants.length > 0) {
        await tx.query(
          `INSERT INTO recommendations.restaurant_daily AS t (restaurant_id, day, orders)
           SELECT * FROM unnest($1::text[], $2::date[], $3::int[])
           ON CONFLICT (restaurant_id, day) DO UPDATE SET orders = t.orders + EXCLUDED.orders`,
          [
            restaurants.map((r) => r.restaurantId),
            restaurants.map((r) => r.day),
            restaurants.map((r) => r.orders),
          ],
        );
      }
    },
  };
}
