import type { SqlExecutor } from '../../../platform/db/sql.js';
import { MAX_DELIVERY_RADIUS_KM } from '../contract.js';
import { boundingBox, EARTH_RADIUS_KM } from '../../../platform/geo/distance.js';
import type { FullWeeklyHours } from '../domain/opening-hours.js';
import type { RestaurantFilter } from '../app/ports.js';

interface Query {
  where: string;
  order: string;
  params: unknown[];
}

/** `%` and `_` in a search term are letters, not wildcards. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The WHERE and ORDER BY of a list query. Every filter but openNow runs here, on indexes where one helps:
 * status (with the sort column), the cuisines GIN index, and a latitude/longitude box before the exact
 * haversine distance.
 */
function buildQuery(filter: RestaurantFilter): Query {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = [`status = ANY(${param(filter.statuses)}::text[])`];
  if (filter.cuisine !== undefined) {
    conditions.push(`cuisines @> ARRAY[${param(filter.cuisine.trim().toLowerCase())}]::text[]`);
  }
  if (filter.minRating !== undefined) conditions.push(`rating_average >= ${param(filter.minRating)}`);
  if (filter.nameContains !== undefined) {
    conditions.push(`name ILIKE ${param(likePattern(filter.nameContains))} ESCAPE '\\'`);
  }
  if (filter.switchedOn === true) conditions.push('open');

  let distance: string | undefined;
  if (filter.near !== undefined) {
    const { latitude, longitude, radiusKm } = filter.near;
    const lat = param(latitude);
    const lng = param(longitude);
    distance =
      `(${2 * EARTH_RADIUS_KM} * asin(sqrt(least(1, ` +
      `power(sin(radians(latitude - ${lat}::float8) / 2), 2) + ` +
      `cos(radians(${lat}::float8)) * cos(radians(latitude)) * ` +
      `power(sin(radians(longitude - ${lng}::float8) / 2), 2)))))`;
    const box = boundingBox({ latitude, longitude }, radiusKm ?? MAX_DELIVERY_RADIUS_KM);
    conditions.push(`latitude BETWEEN ${param(box.minLat)} AND ${param(box.maxLat)}`);
    if (box.minLng > -180 || box.maxLng < 180) {
      conditions.push(`longitude BETWEEN ${param(box.minLng)} AND ${param(box.maxLng)}`);
    }
    // Without a search radius, "near" means the restaurants that deliver to the point.
    conditions.push(`${distance} <= ${radiusKm === undefined ? 'delivery_radius_km' : param(radiusKm)}`);
  }

  const order =
    filter.sort === 'rating'
      ? 'rating_average DESC, rating_count DESC, id'
      : filter.sort === 'distance' && distance !== undefined
        ? `${distance}, id`
        : 'lower(name), id';
  return { where: conditions.join(' AND '), order, params };
}

/** One page of ids in list order, and how many match in all. */
export async function searchPage(
  db: SqlExecutor,
  filter: RestaurantFilter,
  page: { offset: number; limit: number },
): Promise<{ ids: string[]; total: number }> {
  const query = buildQuery(filter);
  const n = query.params.length;
  const { rows } = await db.query<{ id: string; total: number }>(
    `SELECT id, count(*) OVER () AS total FROM restaurants.restaurants
     WHERE ${query.where} ORDER BY ${query.order} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...query.params, page.limit, page.offset],
  );
  if (rows[0] !== undefined) return { ids: rows.map((row) => row.id), total: Number(rows[0].total) };
  if (page.offset === 0) return { ids: [], total: 0 };
  // Past the last page the window count has no row to ride on: count on its own.
  const counted = await db.query<{ total: number }>(
    `SELECT count(*) AS total FROM restaurants.restaurants WHERE ${query.where}`,
    query.params,
  );
  return { ids: [], total: Number(counted.rows[0]?.total ?? 0) };
}

/** Every match in list order, with only what openNow needs: the hour is then checked in TypeScript. */
export async function searchCandidates(
  db: SqlExecutor,
  filter: RestaurantFilter,
): Promise<Array<{ id: string; timeZone: string; hours: FullWeeklyHours; open: boolean }>> {
  const query = buildQuery(filter);
  const { rows } = await db.query<{ id: string; time_zone: string; hours: FullWeeklyHours; open: boolean }>(
    `SELECT id, time_zone, hours, open FROM restaurants.restaurants
     WHERE ${query.where} ORDER BY ${query.order}`,
    query.params,
  );
  return rows.map((row) => ({ id: row.id, timeZone: row.time_zone, hours: row.hours, open: row.open }));
}
