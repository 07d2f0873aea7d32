import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { DietFacts } from '../domain/dietary.js';
import { EARTH_RADIUS_KM, type GeoPoint } from '../../../platform/geo/distance.js';
import type { WeeklyHours } from '../domain/opening-hours.js';
import type { CoOrdered, DishFacts, RestaurantFacts } from '../domain/ranking.js';

/** How many candidates each query brings to the ranking. */
export const CANDIDATES = 200;

/** What narrows a candidate query: a list of ids, restaurants serving a cuisine, or nothing (popular). */
export type CandidateFilter = { ids: string[] } | { cuisines: string[] } | { popular: true };

export interface CandidateScope {
  /** First day counted as recent (UTC 'YYYY-MM-DD'). */
  since: string;
  location: GeoPoint | null;
}

/**
 * Restaurant `r` delivers to the point ($2, $3): the same haversine as domain/geo.ts. Restaurants without a
 * profile (no name) or not approved (status other than ACTIVE) never pass.
 */
const LISTED_AND_IN_REACH = `r.name IS NOT NULL AND r.status = 'ACTIVE' AND (
  $2::float8 IS NULL OR 2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(
    power(sin(radians($2::float8 - r.latitude) / 2), 2) +
    cos(radians(r.latitude)) * cos(radians($2::float8)) * power(sin(radians($3::float8 - r.longitude) / 2), 2)
  ))) <= r.delivery_radius_km)`;

function narrowing(
  filter: CandidateFilter,
  column: 'd.menu_item_id' | 'r.restaurant_id',
): [string, unknown[]] {
  if ('ids' in filter) return [`AND ${column} = ANY($4::text[])`, [filter.ids]];
  if ('cuisines' in filter) {
    return ['AND r.cuisines_lower && $4::text[]', [filter.cuisines.map((c) => c.trim().toLowerCase())]];
  }
  return ['', []];
}

export async function readPreferences(
  sql: SqlExecutor,
  userId: string,
): Promise<{ cuisines: string[]; dietaryRestrictions: string[] }> {
  const { rows } = await sql.query<{ cuisines: string[]; dietary_restrictions: string[] }>(
    'SELECT cuisines, dietary_restrictions FROM recommendations.preferences WHERE user_id = $1',
    [userId],
  );
  const row = rows[0];
  return { cuisines: row?.cuisines ?? [], dietaryRestrictions: row?.dietary_restrictions ?? [] };
}

/** The items the customer ordered, most recent first, with their names. */
export async function readHistory(
  sql: SqlExecutor,
  customerId: string,
  cap: number,
): Promise<Array<{ menuItemId: string; name: string | null }>> {
  const { rows } = await sql.query<{ menu_item_id: string; name: string | null }>(
    `SELECT ci.menu_item_id, d.name FROM recommendations.customer_items ci
     LEFT JOIN recommendations.dishes d ON d.menu_item_id = ci.menu_item_id
     WHERE ci.customer_id = $1 ORDER BY ci.last_ordered_at DESC, ci.menu_item_id LIMIT $2`,
    [customerId, cap],
  );
  return rows.map((row) => ({ menuItemId: row.menu_item_id, name: row.name }));
}

/** Items co-ordered with the customer's, that they never ordered; the strongest pairs first. */
export async function readCoOrdered(sql: SqlExecutor, history: string[]): Promise<CoOrdered[]> {
  if (history.length === 0) return [];
  const { rows } = await sql.query<{
    item_a: string;
    item_b: string;
    customers: number;
    a_customers: number;
    b_customers: number;
  }>(
    `SELECT p.item_a, p.item_b, p.customers, ca.customers AS a_customers, cb.customers AS b_customers
     FROM recommendations.item_pairs p
     JOIN recommendations.item_customers ca ON ca.menu_item_id = p.item_a
     JOIN recommendations.item_customers cb ON cb.menu_item_id = p.item_b
     WHERE p.item_a = ANY($1::text[]) AND NOT (p.item_b = ANY($1::text[]))
     ORDER BY p.customers DESC, p.item_a, p.item_b LIMIT ${CANDIDATES}`,
    [history],
  );
  return rows.map((row) => ({
    anchorId: row.item_a,
    itemId: row.item_b,
    together: Number(row.customers),
    anchorCustomers: Number(row.a_customers),
    itemCustomers: Number(row.b_customers),
  }));
}

/** Available dishes with known facts at listed restaurants in reach; the most ordered recently first. */
export async function readDishes(
  sql: SqlExecutor,
  scope: CandidateScope,
  filter: CandidateFilter,
): Promise<DishFacts[]> {
  const [narrow, extra] = narrowing(filter, 'd.menu_item_id');
  const { rows } = await sql.query<{
    menu_item_id: string;
    restaurant_id: string;
    name: string;
    price: number;
    image_url: string | null;
    dietary_tags: string[];
    allergens: string[];
    recent_orders: number;
  }>(
    `WITH pop AS (
       SELECT menu_item_id, sum(orders)::bigint AS orders FROM recommendations.item_daily
       WHERE day >= $1::date GROUP BY menu_item_id)
     SELECT d.menu_item_id, d.restaurant_id, d.name, d.price, d.image_url, d.dietary_tags, d.allergens,
       coalesce(pop.orders, 0)::bigint AS recent_orders
     FROM recommendations.dishes d
     JOIN recommendations.restaurants r ON r.restaurant_id = d.restaurant_id
     LEFT JOIN pop ON pop.menu_item_id = d.menu_item_id
     WHERE d.available AND NOT d.deleted AND d.facts_at IS NOT NULL AND ${LISTED_AND_IN_REACH} ${narrow}
     ORDER BY r.open DESC, recent_orders DESC, d.menu_item_id LIMIT ${CANDIDATES}`,
    [scope.since, scope.location?.latitude ?? null, scope.location?.longitude ?? null, ...extra],
  );
  return rows.map((row) => ({
    menuItemId: row.menu_item_id,
    restaurantId: row.restaurant_id,
    name: row.name,
    price: Number(row.price),
    imageUrl: row.image_url,
    dietaryTags: row.dietary_tags,
    allergens: row.allergens,
    recentOrders: Number(row.recent_orders),
  }));
}

/** Listed restaurants in reach; switched on first, then the most ordered recently. */
export async function readRestaurants(
  sql: SqlExecutor,
  scope: CandidateScope,
  filter: CandidateFilter,
): Promise<RestaurantFacts[]> {
  const [narrow, extra] = narrowing(filter, 'r.restaurant_id');
  const { rows } = await sql.query<{
    restaurant_id: string;
    name: string;
    cuisines: string[];
    image_url: string | null;
    rating_average: number;
    rating_count: number;
    latitude: number;
    longitude: number;
    delivery_radius_km: number;
    open: boolean;
    hours: WeeklyHours;
    time_zone: string;
    recent_orders: number;
  }>(
    `WITH pop AS (
       SELECT restaurant_id, sum(orders)::bigint AS orders FROM recommendations.restaurant_daily
       WHERE day >= $1::date GROUP BY restaurant_id)
     SELECT r.restaurant_id, r.name, r.cuisines, r.image_url, r.rating_average, r.rating_count, r.latitude,
       r.longitude, r.delivery_radius_km, r.open, r.hours, r.time_zone,
       coalesce(pop.orders, 0)::bigint AS recent_orders
     FROM recommendations.restaurants r
     LEFT JOIN pop ON pop.restaurant_id = r.restaurant_id
     WHERE ${LISTED_AND_IN_REACH} ${narrow}
     ORDER BY r.open DESC, recent_orders DESC, r.rating_average DESC, r.restaurant_id LIMIT ${CANDIDATES}`,
    [scope.since, scope.location?.latitude ?? null, scope.location?.longitude ?? null, ...extra],
  );
  return rows.map((row) => ({
    restaurantId: row.restaurant_id,
    name: row.name,
    cuisines: row.cuisines,
    imageUrl: row.image_url,
    rating: { average: Number(row.rating_average), count: Number(row.rating_count) },
    location: { latitude: Number(row.latitude), longitude: Number(row.longitude) },
    deliveryRadiusKm: Number(row.delivery_radius_km),
    open: row.open,
    hours: row.hours,
    timeZone: row.time_zone,
    recentOrders: Number(row.recent_orders),
  }));
}

/** The dietary facts of the available dishes of these restaurants. */
export async function readMenus(
  sql: SqlExecutor,
  restaurantIds: string[],
): Promise<Map<string, DietFacts[]>> {
  const menus = new Map<string, DietFacts[]>();
  if (restaurantIds.length === 0) return menus;
  const { rows } = await sql.query<{ restaurant_id: string; dietary_tags: string[]; allergens: string[] }>(
    `SELECT restaurant_id, dietary_tags, allergens FROM recommendations.dishes
     WHERE restaurant_id = ANY($1::text[]) AND available AND NOT deleted AND facts_at IS NOT NULL`,
    [restaurantIds],
  );
  for (const row of rows) {
    const menu = menus.get(row.restaurant_id) ?? [];
    menu.push({ dietaryTags: row.dietary_tags, allergens: row.allergens });
    menus.set(row.restaurant_id, menu);
  }
  return menus;
}
