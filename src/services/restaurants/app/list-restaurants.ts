import { AppError, CommonErrors } from '../../../platform/errors/app-error.js';
import type { Principal } from '../../../platform/http/principal.js';
import { RestaurantsErrors, type ListQuery, type RestaurantPage, type RestaurantView } from '../contract.js';
import { distanceKm, roundKm } from '../../../platform/geo/distance.js';
import { isOpenAtMinute, localMinuteOfWeek } from '../domain/opening-hours.js';
import type { RestaurantsContext } from './context.js';
import type { RestaurantFilter } from './ports.js';
import { toView } from './restaurant-views.js';

/**
 * `GET /api/restaurants`. Every filter but openNow runs in SQL. openNow depends on each restaurant's zone
 * and hours, so with `openNow` SQL returns the candidates' ids, zones and hours in list order (a few
 * hundred kB for 10,000 restaurants), TypeScript keeps those open (or closed) now, and only the page is loaded whole.
 */
export async function listRestaurants(
  ctx: RestaurantsContext,
  principal: Principal | undefined,
  query: ListQuery,
): Promise<RestaurantPage> {
  const filter = toFilter(principal, query);
  const page = query.page ?? 0;
  const size = query.size ?? 20;
  const now = ctx.clock.now();

  let ids: string[];
  let total: number;
  if (query.openNow !== undefined) {
    const candidates = await ctx.store.searchCandidates(filter);
    // Only an ACTIVE restaurant is ever open now (as in its view).
    const active = filter.statuses.includes('ACTIVE');
    // Thousands of candidates share a few zones: read each zone's wall clock once.
    const minuteIn = new Map<string, number>();
    const isOpen = (c: (typeof candidates)[number]) => {
      if (!active || !c.open) return false;
      let minute = minuteIn.get(c.timeZone);
      if (minute === undefined) {
        minute = localMinuteOfWeek(c.timeZone, now);
        minuteIn.set(c.timeZone, minute);
      }
      return isOpenAtMinute(c.hours, minute);
    };
    const open = candidates.filter((c) => isOpen(c) === query.openNow);
    total = open.length;
    ids = open.slice(page * size, (page + 1) * size).map((c) => c.id);
  } else {
    ({ ids, total } = await ctx.store.search(filter, { offset: page * size, limit: size }));
  }

  const byId = new Map((await ctx.store.findByIds(ids)).map((record) => [record.id, record]));
  const content: RestaurantView[] = [];
  for (const id of ids) {
    const record = byId.get(id);
    if (record === undefined) continue;
    const view = toView(record, now);
    if (filter.near !== undefined) view.distanceKm = roundKm(distanceKm(filter.near, record.address));
    content.push(view);
  }
  return { content, page, size, totalElements: total, totalPages: Math.ceil(total / size) };
}

function toFilter(principal: Principal | undefined, query: ListQuery): RestaurantFilter {
  if ((query.lat === undefined) !== (query.lng === undefined)) {
    throw invalidQuery('lat and lng go together.');
  }
  const hasPoint = query.lat !== undefined && query.lng !== undefined;
  if (query.radiusKm !== undefined && !hasPoint) throw invalidQuery('radiusKm needs lat and lng.');
  if (query.sort === 'distance' && !hasPoint) throw invalidQuery('sort=distance needs lat and lng.');
  if (query.status !== undefined && query.status !== 'ACTIVE') {
    if (principal === undefined || !principal.roles.includes('SYSTEM_ADMIN')) {
      throw new AppError(CommonErrors.FORBIDDEN, 'Only system admins list restaurants that are not active.');
    }
  }
  return {
    statuses: [query.status ?? 'ACTIVE'],
    ...(query.cuisine === undefined ? {} : { cuisine: query.cuisine }),
    ...(query.minRating === undefined ? {} : { minRating: query.minRating }),
    ...(query.q === undefined ? {} : { nameContains: query.q }),
    ...(query.openNow === true ? { switchedOn: true } : {}),
    ...(hasPoint
      ? {
          near: {
            latitude: query.lat as number,
            longitude: query.lng as number,
            ...(query.radiusKm === undefined ? {} : { radiusKm: query.radiusKm }),
          },
        }
      : {}),
    sort: query.sort ?? (hasPoint ? 'distance' : 'name'),
  };
}

function invalidQuery(message: string): AppError {
  return new AppError(RestaurantsErrors.INVALID_QUERY, message);
}
