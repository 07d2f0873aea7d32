import type { SearchHit, SearchPage, SearchQuery } from '../contract.js';
import { findTermCandidates, listTimeZones, searchDocuments, type HitRow } from '../adapters/search.sql.js';
import { isOpenAtMinute, localMinuteOfWeek, minutesByZone, parseMultirange } from '../domain/open-hours.js';
import { buildTsQuery, planSearch, type SearchPlan } from '../domain/query-plan.js';
import { escapeHtml, hasMark, markedToHtml } from '../domain/text.js';
import type { SearchContext } from './context.js';

/** `GET /api/search`: validate, turn the words into a tsquery (typos included), run one ranked query. */
export async function search(ctx: SearchContext, query: SearchQuery): Promise<SearchPage> {
  const plan = planSearch(query);
  if (plan.terms !== undefined && plan.terms.length === 0) return emptyPage(plan);
  const now = ctx.clock.now();
  const found = await ctx.sql.transaction(async (tx) => {
    // Per query, never for the session: JIT compiling costs PostgreSQL hundreds of milliseconds on plans
    // it merely guesses to be large (a few thousand index probes), and the index is read from memory, so a
    // random page costs about what a sequential one does.
    await tx.exec('SET LOCAL jit = off; SET LOCAL random_page_cost = 1.1');
    let tsquery: string | undefined;
    if (plan.terms !== undefined) {
      tsquery = buildTsQuery(plan.terms.length, await findTermCandidates(tx, plan.terms));
      if (tsquery === undefined) return undefined;
    }
    const openMinutes = plan.openNow === undefined ? undefined : minutesByZone(await listTimeZones(tx), now);
    return searchDocuments(tx, {
      plan,
      ...(tsquery === undefined ? {} : { tsquery, text: (plan.terms ?? []).join(' ') }),
      ...(openMinutes === undefined ? {} : { openMinutes }),
    });
  });
  if (found === undefined) return emptyPage(plan);
  const { rows, total } = found;
  const minuteOf = zoneMinutes(now);
  return {
    content: rows.map((row) => toHit(row, minuteOf, plan.near !== undefined)),
    page: plan.page,
    size: plan.size,
    totalElements: total,
    totalPages: Math.ceil(total / plan.size),
  };
}

function emptyPage(plan: SearchPlan): SearchPage {
  return { content: [], page: plan.page, size: plan.size, totalElements: 0, totalPages: 0 };
}

/** Each zone's minute of the week at `now`, computed once per zone per request. */
function zoneMinutes(now: Date): (zone: string | null) => number | undefined {
  const cache = new Map<string, number | undefined>();
  return (zone) => {
    if (zone === null) return undefined;
    if (!cache.has(zone)) cache.set(zone, localMinuteOfWeek(zone, now));
    return cache.get(zone);
  };
}

function toHit(
  row: HitRow,
  minuteOf: (zone: string | null) => number | undefined,
  withDistance: boolean,
): SearchHit {
  const minute = minuteOf(row.time_zone);
  const dish = row.kind === 'dish';
  return {
    kind: row.kind,
    id: row.id,
    restaurantId: row.restaurant_id,
    name: row.name,
    restaurantName: row.restaurant_name,
    cuisines: row.cuisines,
    rating: { average: row.rating_average, count: row.rating_count },
    // Every hit is visible, so its restaurant's switch is on: open now is a matter of the hours.
    openNow: minute !== undefined && isOpenAtMinute(parseMultirange(row.open_week), minute),
    ...(dish
      ? {
          price: { amount: row.price ?? 0, currency: 'INR' as const },
          categories: row.categories,
          dietaryTags: row.dietary_tags,
          allergens: row.allergens,
        }
      : {}),
    ...(withDistance && row.distance_km !== null
      ? { distanceKm: Math.round(row.distance_km * 100) / 100 }
      : {}),
    score: Number(row.score),
    highlight: {
      name: row.name_marked === null ? escapeHtml(row.name) : markedToHtml(row.name_marked),
      ...(row.description_marked !== null && hasMark(row.description_marked)
        ? { description: markedToHtml(row.description_marked) }
        : {}),
    },
  };
}
