import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { IndexPatches } from '../domain/index-patches.js';
import { indexRows, type IndexRows } from '../domain/index-rows.js';

/**
 * Remembers the vocabulary and suggestions already written during one rebuild, so that each of the
 * 300,000 dishes of a large city does not send its words again (they repeat across restaurants).
 */
export interface WrittenMemo {
  texts: Set<string>;
  words: Set<string>;
  suggestions: Set<string>;
  zones: Set<string>;
}

export function newWrittenMemo(): WrittenMemo {
  return { texts: new Set(), words: new Set(), suggestions: new Set(), zones: new Set() };
}

/**
 * Writes folded patches in a handful of set-based statements, whatever their number: restaurants first
 * (their facts, then their documents and the copies their dishes carry), then dishes (which copy their
 * restaurant's current row as they are written), then the vocabulary. Every upsert keeps the newer
 * version of a fact (see domain/index-patches.ts); rows are sent in key order so that two writers never
 * lock the same rows in opposite orders.
 */
export async function writePatches(
  tx: SqlExecutor,
  patches: IndexPatches,
  memo?: WrittenMemo,
): Promise<void> {
  const rows = indexRows(patches);
  await writeTexts(tx, rows, memo);
  await writeRestaurants(tx, rows);
  await writeDishes(tx, rows);
  await writeVocabulary(tx, rows, memo);
}

/** Only the writer's own rows carry the texts the documents point to: written first, each once. */
async function writeTexts(tx: SqlExecutor, rows: IndexRows, memo?: WrittenMemo): Promise<void> {
  const texts =
    memo === undefined
      ? rows.texts
      : rows.texts.filter((text) => {
          const key = `${text.kind}:${text.hash}`;
          if (memo.texts.has(key)) return false;
          memo.texts.add(key);
          return true;
        });
  if (texts.length === 0) return;
  await tx.query(
    `INSERT INTO search.texts (kind, hash, name, keywords, description)
     SELECT v.kind, v.hash, v.name, v.keywords, v.description
       FROM jsonb_to_recordset($1::jsonb) AS v(kind text, hash text, name text, keywords text, description text)
     ON CONFLICT (kind, hash) DO NOTHING`,
    [JSON.stringify(texts)],
  );
}

async function writeRestaurants(tx: SqlExecutor, rows: IndexRows): Promise<void> {
  if (rows.restaurantIds.length === 0) return;
  if (rows.profiles.length > 0) {
    await tx.query(
      `INSERT INTO search.restaurants AS r (id, name, description, cuisines, latitude, longitude,
         delivery_radius_km, time_zone, open_week, rating_average, rating_count, status, text_hash,
         profile_time, profile_event)
       SELECT v.id, v.name, v.description, v.cuisines, v.latitude, v.longitude, v.delivery_radius_km,
              v.time_zone, v.open_week::int4multirange, v.rating_average, v.rating_count, v.status,
              v.text_hash, v.profile_time, v.profile_event
         FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, name text, description text, cuisines text[],
              latitude float8, longitude float8, delivery_radius_km float8, time_zone text, open_week text,
              rating_average float8, rating_count integer, status text, text_hash text,
              profile_time timestamptz, profile_event text)
       ON CONFLICT (id) DO UPDATE SET
         name = EXCLUDED.name, description = EXCLUDED.description, cuisines = EXCLUDED.cuisines,
         latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
         delivery_radius_km = EXCLUDED.delivery_radius_km, time_zone = EXCLUDED.time_zone,
         open_week = EXCLUDED.open_week, rating_average = EXCLUDED.rating_average,
         rating_count = EXCLUDED.rating_count, status = EXCLUDED.status, text_hash = EXCLUDED.text_hash,
         profile_time = EXCLUDED.profile_time, profile_event = EXCLUDED.profile_event
       WHERE r.profile_time IS NULL
          OR (r.profile_time, r.profile_event) < (EXCLUDED.profile_time, EXCLUDED.profile_event)`,
      [JSON.stringify(rows.profiles)],
    );
  }
  if (rows.switches.length > 0) {
    await tx.query(
      `INSERT INTO search.restaurants AS r (id, open, open_time, open_event)
       SELECT v.id, v.open, v.open_time, v.open_event
         FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, open boolean, open_time timestamptz, open_event text)
       ON CONFLICT (id) DO UPDATE SET
         open = EXCLUDED.open, open_time = EXCLUDED.open_time, open_event = EXCLUDED.open_event
       WHERE r.open_time IS NULL
          OR (r.open_time, r.open_event) < (EXCLUDED.open_time, EXCLUDED.open_event)`,
      [JSON.stringify(rows.switches)],
    );
  }
  // The restaurant's own document, from what the table now holds (a stale event above changed nothing).
  await tx.query(
    `INSERT INTO search.documents AS d (kind, id, restaurant_id, text_id, name, version_time, version_event,
       restaurant_name, cuisines, latitude, longitude, delivery_radius_km, time_zone, open_week,
       rating_average, rating_count, restaurant_visible)
     SELECT 'restaurant', r.id, r.id, x.id, r.name, r.profile_time, r.profile_event, r.name, r.cuisines,
            r.latitude, r.longitude, r.delivery_radius_km, r.time_zone, r.open_week, r.rating_average,
            r.rating_count, coalesce(r.visible, false)
       FROM search.restaurants r
       JOIN search.texts x ON x.kind = 'restaurant' AND x.hash = r.text_hash
      WHERE r.id = ANY($1::uuid[]) AND r.profile_time IS NOT NULL
      ORDER BY r.id
     ON CONFLICT (kind, id) DO UPDATE SET
       text_id = EXCLUDED.text_id, name = EXCLUDED.name,
       version_time = EXCLUDED.version_time, version_event = EXCLUDED.version_event,
       restaurant_name = EXCLUDED.restaurant_name, cuisines = EXCLUDED.cuisines,
       latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
       delivery_radius_km = EXCLUDED.delivery_radius_km, time_zone = EXCLUDED.time_zone,
       open_week = EXCLUDED.open_week, rating_average = EXCLUDED.rating_average,
       rating_count = EXCLUDED.rating_count, restaurant_visible = EXCLUDED.restaurant_visible
     WHERE (d.version_time, d.version_event, d.restaurant_visible)
           IS DISTINCT FROM (EXCLUDED.version_time, EXCLUDED.version_event, EXCLUDED.restaurant_visible)`,
    [rows.restaurantIds],
  );
  // The copies on the restaurant's dishes; rows already up to date are not rewritten.
  await tx.query(
    `UPDATE search.documents d SET
       restaurant_name = coalesce(r.name, ''), cuisines = coalesce(r.cuisines, '{}'),
       latitude = r.latitude, longitude = r.longitude, delivery_radius_km = r.delivery_radius_km,
       time_zone = r.time_zone, open_week = coalesce(r.open_week, '{}'),
       rating_average = coalesce(r.rating_average, 0), rating_count = coalesce(r.rating_count, 0),
       restaurant_visible = coalesce(r.visible, false)
      FROM search.restaurants r
     WHERE r.id = ANY($1::uuid[]) AND d.restaurant_id = r.id AND d.kind = 'dish'
       AND (d.restaurant_name, d.cuisines, d.latitude, d.longitude, d.delivery_radius_km, d.time_zone,
            d.open_week, d.rating_average, d.rating_count, d.restaurant_visible)
           IS DISTINCT FROM
           (coalesce(r.name, ''), coalesce(r.cuisines, '{}'), r.latitude, r.longitude, r.delivery_radius_km,
            r.time_zone, coalesce(r.open_week, '{}'), coalesce(r.rating_average, 0),
            coalesce(r.rating_count, 0), coalesce(r.visible, false))`,
    [rows.restaurantIds],
  );
}

async function writeDishes(tx: SqlExecutor, rows: IndexRows): Promise<void> {
  if (rows.dishes.length === 0) return;
  await tx.query(
    `INSERT INTO search.documents AS d (kind, id, restaurant_id, text_id, name, categories, dietary_tags,
       allergens, price, available, deleted, version_time, version_event, restaurant_name, cuisines, latitude,
       longitude, delivery_radius_km, time_zone, open_week, rating_average, rating_count, restaurant_visible)
     SELECT 'dish', v.id, v.restaurant_id, x.id, v.name, v.categories, v.dietary_tags, v.allergens, v.price,
            v.available, v.deleted, v.version_time, v.version_event, coalesce(r.name, ''),
            coalesce(r.cuisines, '{}'), r.latitude, r.longitude, r.delivery_radius_km, r.time_zone,
            coalesce(r.open_week, '{}'), coalesce(r.rating_average, 0), coalesce(r.rating_count, 0),
            coalesce(r.visible, false)
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, restaurant_id uuid, name text, text_hash text,
            categories text[], dietary_tags text[], allergens text[], price integer, available boolean,
            deleted boolean, version_time timestamptz, version_event text)
       LEFT JOIN search.texts x ON x.kind = 'dish' AND x.hash = v.text_hash
       LEFT JOIN search.restaurants r ON r.id = v.restaurant_id
     ON CONFLICT (kind, id) DO UPDATE SET
       restaurant_id = EXCLUDED.restaurant_id, text_id = EXCLUDED.text_id, name = EXCLUDED.name,
       categories = EXCLUDED.categories, dietary_tags = EXCLUDED.dietary_tags,
       allergens = EXCLUDED.allergens, price = EXCLUDED.price, available = EXCLUDED.available,
       deleted = EXCLUDED.deleted, version_time = EXCLUDED.version_time,
       version_event = EXCLUDED.version_event, restaurant_name = EXCLUDED.restaurant_name,
       cuisines = EXCLUDED.cuisines, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
       delivery_radius_km = EXCLUDED.delivery_radius_km, time_zone = EXCLUDED.time_zone,
       open_week = EXCLUDED.open_week, rating_average = EXCLUDED.rating_average,
       rating_count = EXCLUDED.rating_count, restaurant_visible = EXCLUDED.restaurant_visible
     WHERE (d.version_time, d.version_event) < (EXCLUDED.version_time, EXCLUDED.version_event)`,
    [JSON.stringify(rows.dishes)],
  );
}

async function writeVocabulary(tx: SqlExecutor, rows: IndexRows, memo?: WrittenMemo): Promise<void> {
  const fresh = <T>(values: T[], key: (value: T) => string, seen: Set<string> | undefined): T[] => {
    if (seen === undefined) return values;
    return values.filter((value) => {
      const k = key(value);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  };
  const words = fresh(rows.words, (w) => w, memo?.words);
  if (words.length > 0) {
    await tx.query(
      `INSERT INTO search.words (word, lexeme)
       SELECT w, (SELECT min(t.lexeme) FROM unnest(to_tsvector('english', w)) AS t)
         FROM unnest($1::text[]) AS w
       ON CONFLICT (word) DO NOTHING`,
      [words],
    );
  }
  const suggestions = fresh(rows.suggestions, (s) => `${s.kind}:${s.key}`, memo?.suggestions);
  if (suggestions.length > 0) {
    await tx.query(
      `INSERT INTO search.suggestions (kind, norm, text)
       SELECT v.kind, v.key, v.text FROM jsonb_to_recordset($1::jsonb) AS v(kind text, key text, text text)
       ON CONFLICT (kind, norm) DO NOTHING`,
      [JSON.stringify(suggestions)],
    );
  }
  const zones = fresh(rows.zones, (z) => z, memo?.zones);
  if (zones.length > 0) {
    await tx.query(
      `INSERT INTO search.time_zones (time_zone) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`,
      [zones],
    );
  }
}
