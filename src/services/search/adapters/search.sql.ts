import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { SearchPlan, TermCandidate } from '../domain/query-plan.js';

/** Mean Earth radius in km, the one the restaurants service measures with. */
const EARTH_RADIUS_KM = 6371.0088;
/** The restaurants service's largest delivery radius: no restaurant delivers farther. */
const MAX_DELIVERY_RADIUS_KM = 100;
/** Weights of the text's parts in ts_rank, in PostgreSQL's order {D, C, B, A}. */
const RANK_WEIGHTS = '{0.1, 0.2, 0.4, 1.0}';
/**
 * The text with '<', '>' and '&' swapped for control characters, which the parser takes for blanks: it
 * would read "<Grill>" as a tag and "&amp;" as an entity and mark neither. `markedToHtml` swaps them back.
 */
function shield(column: string): string {
  return `translate(${column}, '<>&', E'\\u0003\\u0004\\u0005')`;
}

export const HEADLINE_OPTIONS = 'HighlightAll=true, StartSel="\u0001", StopSel="\u0002"';
const DESCRIPTION_HEADLINE_OPTIONS =
  'MaxWords=30, MinWords=12, ShortWord=2, StartSel="\u0001", StopSel="\u0002"';

/**
 * For each query term: its own lexeme, the index words that share it, and the index words closest by
 * trigram similarity (the `%` operator, served by the words' trigram index).
 */
export async function findTermCandidates(
  db: SqlExecutor,
  terms: readonly string[],
): Promise<TermCandidate[]> {
  const { rows } = await db.query<{
    term: number;
    term_lexeme: string | null;
    word: string | null;
    lexeme: string | null;
    similarity: number | null;
  }>(
    `SELECT t.ord - 1 AS term, t.lexeme AS term_lexeme, w.word, w.lexeme, w.similarity
       FROM (SELECT q.term, q.ord, (SELECT min(v.lexeme) FROM unnest(to_tsvector('english', q.term)) AS v) AS lexeme
               FROM unnest($1::text[]) WITH ORDINALITY AS q(term, ord)) AS t
       LEFT JOIN LATERAL (
         (SELECT word, lexeme, 1.0::float8 AS similarity FROM search.words
           WHERE t.lexeme IS NOT NULL AND lexeme = t.lexeme LIMIT 1)
         UNION ALL
         (SELECT word, lexeme, similarity(word, t.term)::float8 FROM search.words
           WHERE word % t.term ORDER BY similarity(word, t.term) DESC, word LIMIT 5)
       ) AS w ON true`,
    [terms],
  );
  return rows.map((row) => ({
    term: Number(row.term),
    termLexeme: row.term_lexeme,
    word: row.word ?? '',
    lexeme: row.word === null ? null : row.lexeme,
    similarity: row.similarity ?? 0,
  }));
}

export async function listTimeZones(db: SqlExecutor): Promise<string[]> {
  const { rows } = await db.query<{ time_zone: string }>(
    'SELECT time_zone FROM search.time_zones ORDER BY time_zone',
  );
  return rows.map((row) => row.time_zone);
}

export interface HitRow {
  kind: 'restaurant' | 'dish';
  id: string;
  restaurant_id: string;
  name: string;
  restaurant_name: string;
  cuisines: string[];
  categories: string[];
  dietary_tags: string[];
  allergens: string[];
  price: number | null;
  rating_average: number;
  rating_count: number;
  time_zone: string | null;
  open_week: string;
  score: string | number;
  distance_km: number | null;
  name_marked: string | null;
  description_marked: string | null;
  total: number;
}

export interface SearchSqlInput {
  plan: SearchPlan;
  /** The tsquery text (lexemes), when the query has words. */
  tsquery?: string;
  /** The query's words joined by spaces, for the name similarity part of the score. */
  text?: string;
  /** Each zone's current minute of the week, when open-now filters. */
  openMinutes?: { zones: string[]; minutes: number[] };
}

const DOC_ORDER = 'rating_average DESC, rating_count DESC, kind DESC, name_key, id';

/**
 * One page of visible documents in ranking order, with the total count, and the page's names (and
 * matching descriptions) marked.
 *
 * Ranking: `score = 0.6 * ts_rank({0.1, 0.2, 0.4, 1.0}, text, query) + 0.4 * word_similarity(words, name)`,
 * rounded to 4 places, then the rating (average, then count), restaurants before dishes, name, id. The
 * first part weighs where the words matched: a name (A) counts five times a description (C), categories
 * and cuisines (B) in between. The second says how closely the words fit within the name, so "Biryani"
 * outranks "Hyderabadi Chicken Dum Biryani" for "biryani", and a misspelt name still ranks by how near it
 * is. Without words, every score is 0 and the rating orders.
 *
 * Relevance depends on the text alone, so it is computed once per matching distinct text (a few dozen
 * even for a word on 20,000 dishes). The page then takes, for each matching text, its first documents in
 * rating order (`documents_text_idx`, stopping after page end) and keeps the best; the total is counted
 * from the same index. Only the page's rows are read whole and marked.
 */
export async function searchDocuments(
  db: SqlExecutor,
  input: SearchSqlInput,
): Promise<{ rows: HitRow[]; total: number }> {
  const { plan } = input;
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const kinds = `${param(plan.kinds)}::text[]`;
  const where = ['d.visible', `d.kind = ANY(${kinds})`];
  let zones = '';

  if (plan.cuisine !== undefined) where.push(`d.cuisines @> ARRAY[${param(plan.cuisine)}]::text[]`);
  if (plan.dietary !== undefined) where.push(`d.dietary_tags @> ${param(plan.dietary)}::text[]`);
  if (plan.excludeAllergens !== undefined) {
    where.push(`NOT (d.allergens && ${param(plan.excludeAllergens)}::text[])`);
  }
  if (plan.minPrice !== undefined) where.push(`d.price >= ${param(plan.minPrice)}`);
  if (plan.maxPrice !== undefined) where.push(`d.price <= ${param(plan.maxPrice)}`);
  if (plan.minRating !== undefined) where.push(`d.rating_average >= ${param(plan.minRating)}`);
  if (plan.openNow !== undefined) {
    const minutes = input.openMinutes ?? { zones: [], minutes: [] };
    zones =
      `JOIN unnest(${param(minutes.zones)}::text[], ${param(minutes.minutes)}::int[]) AS z(zone, minute)` +
      ' ON z.zone = d.time_zone';
    where.push(plan.openNow ? 'd.open_week @> z.minute' : 'NOT (d.open_week @> z.minute)');
  }
  let distance = 'NULL::float8';
  if (plan.near !== undefined) {
    const lat = `${param(plan.near.latitude)}::float8`;
    const lng = `${param(plan.near.longitude)}::float8`;
    distance =
      `(${2 * EARTH_RADIUS_KM} * asin(sqrt(least(1, ` +
      `power(sin(radians(d.latitude - ${lat}) / 2), 2) + ` +
      `cos(radians(${lat})) * cos(radians(d.latitude)) * ` +
      `power(sin(radians(d.longitude - ${lng}) / 2), 2)))))`;
    // A box first: cheap comparisons that drop most far rows before the trigonometry.
    const reachKm = Math.min(plan.near.maxKm ?? MAX_DELIVERY_RADIUS_KM, MAX_DELIVERY_RADIUS_KM);
    const dLat = (reachKm / EARTH_RADIUS_KM) * (180 / Math.PI);
    where.push(
      `d.latitude BETWEEN ${param(plan.near.latitude - dLat)} AND ${param(plan.near.latitude + dLat)}`,
    );
    const cos = Math.cos((Math.min(89, Math.abs(plan.near.latitude) + dLat) * Math.PI) / 180);
    const dLng = dLat / cos;
    if (plan.near.longitude - dLng >= -180 && plan.near.longitude + dLng <= 180) {
      where.push(
        `d.longitude BETWEEN ${param(plan.near.longitude - dLng)} AND ${param(plan.near.longitude + dLng)}`,
      );
    }
    const reach =
      plan.near.maxKm === undefined
        ? 'd.delivery_radius_km'
        : `least(d.delivery_radius_km, ${param(plan.near.maxKm)}::float8)`;
    where.push(`${distance} <= ${reach}`);
  }
  const filters = where.join(' AND ');
  const limit = param(plan.size);
  const offset = param(plan.page * plan.size);
  const keys = `d.kind, d.id, d.rating_average, d.rating_count, d.name_key, ${distance} AS distance_km`;

  let texts = '';
  let count: string;
  let page: string;
  let tsq: string | undefined;
  if (input.tsquery !== undefined) {
    tsq = `${param(input.tsquery)}::tsquery`;
    texts = `WITH t AS MATERIALIZED (
       SELECT x.id, round((0.6 * ts_rank('${RANK_WEIGHTS}', x.doc, ${tsq}) +
                           0.4 * word_similarity(${param(input.text ?? '')}, x.name))::numeric, 4) AS score
         FROM search.texts x
        WHERE x.doc @@ ${tsq} AND x.kind = ANY(${kinds}))`;
    // Counted text by text: each count is an index scan of one text's documents, whatever the planner
    // would guess of a join against a set of texts it cannot estimate.
    count = `SELECT coalesce(sum(c.n), 0) FROM t CROSS JOIN LATERAL (
               SELECT count(*) AS n FROM search.documents d ${zones} WHERE d.text_id = t.id AND ${filters}) AS c`;
    const pageEnd = param(plan.page * plan.size + plan.size);
    page = `SELECT t.score, c.* FROM t CROSS JOIN LATERAL (
              SELECT ${keys} FROM search.documents d ${zones}
               WHERE d.text_id = t.id AND ${filters}
               ORDER BY ${prefixed('d', DOC_ORDER)} LIMIT ${pageEnd}) AS c
             ORDER BY score DESC, ${DOC_ORDER} LIMIT ${limit} OFFSET ${offset}`;
  } else {
    count = `SELECT count(*) FROM search.documents d ${zones} WHERE ${filters}`;
    page = `SELECT 0::numeric AS score, ${keys} FROM search.documents d ${zones}
             WHERE ${filters} ORDER BY ${prefixed('d', DOC_ORDER)} LIMIT ${limit} OFFSET ${offset}`;
  }
  const marked =
    tsq === undefined
      ? 'NULL::text AS name_marked, NULL::text AS description_marked'
      : `ts_headline('english', ${shield('x.name')}, ${tsq}, ${param(HEADLINE_OPTIONS)}) AS name_marked,
         CASE WHEN x.description = '' THEN NULL
              ELSE ts_headline('english', ${shield('x.description')}, ${tsq}, ${param(DESCRIPTION_HEADLINE_OPTIONS)})
         END AS description_marked`;
  // The count is the driving row, so that a page past the end still brings the total.
  const { rows } = await db.query<HitRow>(
    `${texts}
     SELECT n.total, h.score, h.distance_km, d.kind, d.id, d.restaurant_id, d.name, d.restaurant_name,
            d.cuisines, d.categories, d.dietary_tags, d.allergens, d.price, d.rating_average,
            d.rating_count, d.time_zone, d.open_week::text AS open_week, ${marked}
       FROM (${count}) AS n(total)
       LEFT JOIN LATERAL (${page}) AS h ON true
       LEFT JOIN search.documents d ON d.kind = h.kind AND d.id = h.id
       LEFT JOIN search.texts x ON x.id = d.text_id
      ORDER BY ${prefixed('h', `score DESC, ${DOC_ORDER}`)}`,
    params,
  );
  const total = Number(rows[0]?.total ?? 0);
  return { rows: rows.filter((row) => row.id !== null), total };
}

/** `a DESC, b` → `t.a DESC, t.b`. */
function prefixed(table: string, order: string): string {
  return order
    .split(', ')
    .map((part) => `${table}.${part}`)
    .join(', ');
}
