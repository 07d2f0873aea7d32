import type { SqlExecutor } from '../../../platform/db/sql.js';

/** A restaurant's facts as RestaurantProfileUpdated tells them. */
export interface RestaurantProfileFacts {
  restaurantId: string;
  name: string;
  cuisines: string[];
  imageUrl: string | null;
  rating: { average: number; count: number };
  latitude: number;
  longitude: number;
  deliveryRadiusKm: number;
  status: string;
  hours: unknown;
  timeZone: string;
  open: boolean;
  /** The profile's updatedAt: the instant these facts were true. */
  at: string;
}

export interface DishFactsRow {
  menuItemId: string;
  restaurantId: string;
  name: string;
  price: number;
  imageUrl: string | null;
  dietaryTags: string[];
  allergens: string[];
  available: boolean;
  /** The item's updatedAt. */
  at: string;
}

/** The writes of the facts consumer, on its transaction. Each keeps the newest fact by its instant. */
export function factsWriter(tx: SqlExecutor) {
  return {
    async saveRestaurantProfile(r: RestaurantProfileFacts): Promise<void> {
      await tx.query(
        `INSERT INTO recommendations.restaurants AS t (restaurant_id, name, cuisines, cuisines_lower, image_url,
           rating_average, rating_count, latitude, longitude, delivery_radius_km, status, hours, time_zone,
           profile_at, open, open_at)
         VALUES ($1, $2, $3::text[], $4::text[], $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15, $14)
         ON CONFLICT (restaurant_id) DO UPDATE SET
           name = EXCLUDED.name, cuisines = EXCLUDED.cuisines, cuisines_lower = EXCLUDED.cuisines_lower,
           image_url = EXCLUDED.image_url, rating_average = EXCLUDED.rating_average,
           rating_count = EXCLUDED.rating_count, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
           delivery_radius_km = EXCLUDED.delivery_radius_km, status = EXCLUDED.status, hours = EXCLUDED.hours,
           time_zone = EXCLUDED.time_zone, profile_at = EXCLUDED.profile_at,
           -- The switch only when no newer switch fact (RestaurantStatusChanged) is held.
           open = CASE WHEN t.open_at IS NULL OR t.open_at <= EXCLUDED.profile_at THEN EXCLUDED.open ELSE t.open END,
           open_at = GREATEST(t.open_at, EXCLUDED.profile_at)
         WHERE t.profile_at IS NULL OR t.profile_at <= EXCLUDED.profile_at`,
        [
          r.restaurantId,
          r.name,
          r.cuisines,
          r.cuisines.map((c) => c.trim().toLowerCase()),
          r.imageUrl,
          r.rating.average,
          r.rating.count,
          r.latitude,
          r.longitude,
          r.deliveryRadiusKm,
          r.status,
          JSON.stringify(r.hours),
          r.timeZone,
          r.at,
          r.open,
        ],
      );
    },

    async saveRestaurantSwitch(restaurantId: string, open: boolean, at: string): Promise<void> {
      await tx.query(
        `INSERT INTO recommendations.restaurants AS t (restaurant_id, open, open_at) VALUES ($1, $2, $3)
         ON CONFLICT (restaurant_id) DO UPDATE SET open = EXCLUDED.open, open_at = EXCLUDED.open_at
         WHERE t.open_at IS NULL OR t.open_at <= EXCLUDED.open_at`,
        [restaurantId, open, at],
      );
    },

    async saveDish(d: DishFactsRow): Promise<void> {
      await tx.query(
        `INSERT INTO recommendations.dishes AS t (menu_item_id, restaurant_id, name, price, image_url,
           dietary_tags, allergens, available, deleted, facts_at)
         VALUES ($1, $2, $3, $4, $5, $6::text[], $7::text[], $8, false, $9)
         ON CONFLICT (menu_item_id) DO UPDATE SET
           restaurant_id = EXCLUDED.restaurant_id, name = EXCLUDED.name, price = EXCLUDED.price,
           image_url = EXCLUDED.image_url, dietary_tags = EXCLUDED.dietary_tags, allergens = EXCLUDED.allergens,
           available = EXCLUDED.available, deleted = false, facts_at = EXCLUDED.facts_at
         WHERE t.facts_at IS NULL OR t.facts_at <= EXCLUDED.facts_at`,
        [
          d.menuItemId,
          d.restaurantId,
          d.name,
          d.price,
          d.imageUrl,
          d.dietaryTags,
          d.allergens,
          d.available,
          d.at,
        ],
      );
    },

    /** A removed item: kept (its name still explains co-orders) but never recommended. */
    async deleteDish(menuItemId: string, restaurantId: string, at: string): Promise<void> {
      await tx.query(
        `INSERT INTO recommendations.dishes AS t (menu_item_id, restaurant_id, name, available, deleted, facts_at)
         VALUES ($1, $2, '', false, true, $3)
         ON CONFLICT (menu_item_id) DO UPDATE SET available = false, deleted = true, facts_at = EXCLUDED.facts_at
         WHERE t.facts_at IS NULL OR t.facts_at <= EXCLUDED.facts_at`,
        [menuItemId, restaurantId, at],
      );
    },
  };
}

export interface OrderedLine {
  menuItemId: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

/** The writes of the model consumer (orders and preferences), on its transaction. */
export function modelWriter(tx: SqlExecutor) {
  return {
    async savePreferences(
      userId: string,
      cuisines: string[],
      restrictions: string[],
      at: string,
    ): Promise<void> {
      await tx.query(
        `INSERT INTO recommendations.preferences AS t (user_id, cuisines, dietary_restrictions, updated_at)
         VALUES ($1, $2::text[], $3::text[], $4)
         ON CONFLICT (user_id) DO UPDATE SET cuisines = EXCLUDED.cuisines,
           dietary_restrictions = EXCLUDED.dietary_restrictions, updated_at = EXCLUDED.updated_at
         WHERE t.updated_at <= EXCLUDED.updated_at`,
        [userId, cuisines, restrictions, at],
      );
    },

    /**
     * Counts the order for its customer and returns the items they had ordered before (newest first, at
     * most `cap`). The upsert locks the customer's row, so two orders of one customer handled at once by
     * two instances pair their items one after the other, never past each other.
     */
    async lockCustomer(customerId: string, at: string, cap: number): Promise<string[]> {
      await tx.query(
        `INSERT INTO recommendations.customers AS t (customer_id, orders, last_order_at) VALUES ($1, 1, $2)
         ON CONFLICT (customer_id) DO UPDATE SET orders = t.orders + 1,
           last_order_at = GREATEST(t.last_order_at, EXCLUDED.last_order_at)`,
        [customerId, at],
      );
      const { rows } = await tx.query<{ menu_item_id: string }>(
        `SELECT menu_item_id FROM recommendations.customer_items WHERE customer_id = $1
         ORDER BY last_ordered_at DESC, menu_item_id LIMIT $2`,
        [customerId, cap],
      );
      return rows.map((row) => row.menu_item_id);
    },

    /** Which of `items` the customer has ordered before. */
    async alreadyOrdered(customerId: string, items: string[]): Promise<string[]> {
      const { rows } = await tx.query<{ menu_item_id: string }>(
        `SELECT menu_item_id FROM recommendations.customer_items
         WHERE customer_id = $1 AND menu_item_id = ANY($2::text[])`,
        [customerId, items],
      );
      return rows.map((row) => row.menu_item_id);
    },

    /** Dishes first seen in an order: their name and price until MenuItemUpdated brings the facts. */
    async rememberDishes(restaurantId: string, unsorted: OrderedLine[]): Promise<void> {
      // In key order, as every write of this consumer: two orders inserting the same new dishes never deadlock.
      const lines = [...unsorted].sort((a, b) =>
        a.menuItemId < b.menuItemId ? -1 : a.menuItemId > b.menuItemId ? 1 : 0,
      );
      await tx.query(
        `INSERT INTO recommendations.dishes (menu_item_id, restaurant_id, name, price)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
         ON CONFLICT (menu_item_id) DO NOTHING`,
        [
          lines.map((line) => line.menuItemId),
          lines.map(() => restaurantId),
          lines.map((line) => line.name),
          lines.map((line) => line.unitPrice),
        ],
      );
    },

    async countCustomerItems(customerId: string, items: string[], at: string): Promise<void> {
      await tx.query(
        `INSERT INTO recommendations.customer_items AS t (customer_id, menu_item_id, orders, last_ordered_at)
         SELECT $1, item, 1, $3 FROM unnest($2::text[]) AS item
         ON CONFLICT (customer_id, menu_item_id) DO UPDATE SET orders = t.orders + 1,
           last_ordered_at = GREATEST(t.last_ordered_at, EXCLUDED.last_ordered_at)`,
        [customerId, items, at],
      );
    },

    async countNewCustomers(items: string[]): Promise<void> {
      if (items.length === 0) return;
      await tx.query(
        `INSERT INTO recommendations.item_customers AS t (menu_item_id, customers)
         SELECT item, 1 FROM unnest($1::text[]) AS item
         ON CONFLICT (menu_item_id) DO UPDATE SET customers = t.customers + 1`,
        [items],
      );
    },

    async countPairs(pairs: Array<{ a: string; b: string }>): Promise<void> {
      if (pairs.length === 0) return;
      await tx.query(
        `INSERT INTO recommendations.item_pairs AS t (item_a, item_b, customers)
         SELECT a, b, 1 FROM unnest($1::text[], $2::text[]) AS p (a, b)
         ON CONFLICT (item_a, item_b) DO UPDATE SET customers = t.customers + 1`,
        [pairs.map((p) => p.a), pairs.map((p) => p.b)],
      );
    },

    async countPopularity(restaurantId: string, day: string, lines: OrderedLine[]): Promise<void> {
      // One row per item even when an order lists a dish twice (different instructions).
      const quantities = new Map<string, number>();
      for (const line of lines)
        quantities.set(line.menuItemId, (quantities.get(line.menuItemId) ?? 0) + line.quantity);
      const items = [...quantities.keys()].sort();
      await tx.query(
        `INSERT INTO recommendations.item_daily AS t (menu_item_id, day, restaurant_id, orders, quantity)
         SELECT item, $2::date, $3, 1, quantity FROM unnest($1::text[], $4::int[]) AS l (item, quantity)
         ON CONFLICT (menu_item_id, day) DO UPDATE SET orders = t.orders + 1, quantity = t.quantity + EXCLUDED.quantity`,
        [items, day, restaurantId, items.map((item) => quantities.get(item) ?? 0)],
      );
      await tx.query(
        `INSERT INTO recommendations.restaurant_daily AS t (restaurant_id, day, orders) VALUES ($1, $2::date, 1)
         ON CONFLICT (restaurant_id, day) DO UPDATE SET orders = t.orders + 1`,
        [restaurantId, day],
      );
    },
  };
}
