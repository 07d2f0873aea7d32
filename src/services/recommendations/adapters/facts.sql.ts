import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { DishRow, RestaurantRow } from '../domain/fact-versions.js';

/**
 * The reads and writes of the facts consumer, on its transaction: a batch locks the rows its facts are
 * about (in id order), folds the facts into them in memory (domain/fact-versions.ts) and writes each
 * changed row once. Rows travel as one JSON parameter, since their array columns cannot go through
 * `unnest` (it would flatten them).
 */
export function factsWriter(tx: SqlExecutor) {
  return {
    async lockDishes(ids: readonly string[]): Promise<Map<string, DishRow>> {
      const { rows } = await tx.query<{
        menu_item_id: string;
        restaurant_id: string;
        name: string;
        price: number;
        image_url: string | null;
        dietary_tags: string[];
        allergens: string[];
        available: boolean;
        deleted: boolean;
        facts_at: Date | null;
      }>(
        `SELECT menu_item_id, restaurant_id, name, price, image_url, dietary_tags, allergens, available,
           deleted, facts_at
         FROM recommendations.dishes WHERE menu_item_id = ANY($1::text[]) ORDER BY menu_item_id FOR UPDATE`,
        [[...new Set(ids)].sort()],
      );
      return new Map(
        rows.map((row) => [
          row.menu_item_id,
          {
            menuItemId: row.menu_item_id,
            restaurantId: row.restaurant_id,
            name: row.name,
            price: row.price,
            imageUrl: row.image_url,
            dietaryTags: row.dietary_tags,
            allergens: row.allergens,
            available: row.available,
            deleted: row.deleted,
            factsAt: iso(row.facts_at),
          },
        ]),
      );
    },

    async saveDishes(dishes: readonly DishRow[]): Promise<void> {
      if (dishes.length === 0) return;
      // Every fact is folded in: a dish an order brought in since the lock (facts_at NULL) takes them all,
      // as when the facts come after the order.
      await tx.query(
        `INSERT INTO recommendations.dishes (menu_item_id, restaurant_id, name, price, image_url,
           dietary_tags, allergens, available, deleted, facts_at)
         SELECT menu_item_id, restaurant_id, name, price, image_url, dietary_tags, allergens, available,
           deleted, facts_at
         FROM jsonb_to_recordset($1::jsonb) AS r (menu_item_id text, restaurant_id text, name text,
           price bigint, image_url text, dietary_tags text[], allergens text[], available boolean,
           deleted boolean, facts_at timestamptz)
         ON CONFLICT (menu_item_id) DO UPDATE SET
           restaurant_id = EXCLUDED.restaurant_id, name = EXCLUDED.name, price = EXCLUDED.price,
           image_url = EXCLUDED.image_url, dietary_tags = EXCLUDED.dietary_tags, allergens = EXCLUDED.allergens,
           available = EXCLUDED.available, deleted = EXCLUDED.deleted, facts_at = EXCLUDED.facts_at`,
        [
          JSON.stringify(
            [...dishes].sort(byId((d) => d.menuItemId)).map((d) => ({
              menu_item_id: d.menuItemId,
              restaurant_id: d.restaurantId,
              name: d.name,
              price: d.price,
              image_url: d.imageUrl,
              dietary_tags: d.dietaryTags,
              allergens: d.allergens,
              available: d.available,
              deleted: d.deleted,
              facts_at: d.factsAt,
            })),
          ),
        ],
      );
    },

    async lockRestaurants(ids: readonly string[]): Promise<Map<string, RestaurantRow>> {
      const { rows } = await tx.query<{
        restaurant_id: string;
        name: string | null;
        cuisines: string[];
        cuisines_lower: string[];
        image_url: string | null;
        rating_average: number;
        rating_count: number;
        latitude: number | null;
        longitude: number | null;
        delivery_radius_km: number | null;
        status: string | null;
        hours: unknown;
        time_zone: string | null;
        profile_at: Date | null;
        open: boolean;
        open_at: Date | null;
      }>(
        `SELECT restaurant_id, name, cuisines, cuisines_lower, image_url, rating_average, rating_count,
           latitude, longitude, delivery_radius_km, status, hours, time_zone, profile_at, open, open_at
         FROM recommendations.restaurants WHERE restaurant_id = ANY($1::text[])
         ORDER BY restaurant_id FOR UPDATE`,
        [[...new Set(ids)].sort()],
      );
      return new Map(
        rows.map((row) => [
          row.restaurant_id,
          {
            restaurantId: row.restaurant_id,
            name: row.name,
            cuisines: row.cuisines,
            cuisinesLower: row.cuisines_lower,
            imageUrl: row.image_url,
            ratingAverage: row.rating_average,
            ratingCount: row.rating_count,
            latitude: row.latitude,
            longitude: row.longitude,
            deliveryRadiusKm: row.delivery_radius_km,
            status: row.status,
            hours: row.hours,
            timeZone: row.time_zone,
            profileAt: iso(row.profile_at),
            open: row.open,
            openAt: iso(row.open_at),
          },
        ]),
      );
    },

    async saveRestaurants(restaurants: readonly RestaurantRow[]): Promise<void> {
      if (restaurants.length === 0) return;
      await tx.query(
        `INSERT INTO recommendations.restaurants (restaurant_id, name, cuisines, cuisines_lower, image_url,
           rating_average, rating_count, latitude, longitude, delivery_radius_km, status, hours, time_zone,
           profile_at, open, open_at)
         SELECT restaurant_id, name, cuisines, cuisines_lower, image_url, rating_average, rating_count,
           latitude, longitude, delivery_radius_km, status, hours, time_zone, profile_at, open, open_at
         FROM jsonb_to_recordset($1::jsonb) AS r (restaurant_id text, name text, cuisines text[],
           cuisines_lower text[], image_url text, rating_average double precision, rating_count integer,
           latitude double precision, longitude double precision, delivery_radius_km double precision,
           status text, hours jsonb, time_zone text, profile_at timestamptz, open boolean,
           open_at timestamptz)
         ON CONFLICT (restaurant_id) DO UPDATE SET
           name = EXCLUDED.name, cuisines = EXCLUDED.cuisines, cuisines_lower = EXCLUDED.cuisines_lower,
           image_url = EXCLUDED.image_url, rating_average = EXCLUDED.rating_average,
           rating_count = EXCLUDED.rating_count, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
           delivery_radius_km = EXCLUDED.delivery_radius_km, status = EXCLUDED.status, hours = EXCLUDED.hours,
           time_zone = EXCLUDED.time_zone, profile_at = EXCLUDED.profile_at, open = EXCLUDED.open,
           open_at = EXCLUDED.open_at`,
        [
          JSON.stringify(
            [...restaurants].sort(byId((r) => r.restaurantId)).map((r) => ({
              restaurant_id: r.restaurantId,
              name: r.name,
              cuisines: r.cuisines,
              cuisines_lower: r.cuisinesLower,
              image_url: r.imageUrl,
              rating_average: r.ratingAverage,
              rating_count: r.ratingCount,
              latitude: r.latitude,
              longitude: r.longitude,
              delivery_radius_km: r.deliveryRadiusKm,
              status: r.status,
              hours: r.hours,
              time_zone: r.timeZone,
              profile_at: r.profileAt,
              open: r.open,
              open_at: r.openAt,
            })),
          ),
        ],
      );
    },
  };
}

function iso(at: Date | null): string | null {
  return at === null ? null : at.toISOString();
}

function byId<T>(id: (row: T) => string): (a: T, b: T) => number {
  return (a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}
