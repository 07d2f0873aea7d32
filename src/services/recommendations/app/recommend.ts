import { AppError } from '../../../platform/errors/app-error.js';
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  POPULAR_WINDOW_DAYS,
  RecommendationsErrors,
  type Recommendations,
} from '../contract.js';
import type { GeoPoint } from '../../../platform/geo/distance.js';
import { rankRecommendations, type DishFacts, type RestaurantFacts } from '../domain/ranking.js';
import {
  readCoOrdered,
  readDishes,
  readHistory,
  readMenus,
  readPreferences,
  readRestaurants,
  type CandidateScope,
} from '../read/candidates.sql.js';
import { MAX_PAIRED_HISTORY } from './learn-from-events.js';
import type { RecommendationsContext } from './context.js';

const DAY_MS = 86_400_000;

/**
 * Gathers the candidates (dishes co-ordered with the user's, dishes and restaurants of cuisines they like,
 * the popular ones in reach) and ranks them with the pure rules.
 */
export async function recommend(
  ctx: RecommendationsContext,
  userId: string,
  query: { lat?: number; lng?: number; limit?: number },
): Promise<Recommendations> {
  const location = locationOf(query);
  const now = ctx.clock.now();
  const scope: CandidateScope = {
    since: new Date(now.getTime() - POPULAR_WINDOW_DAYS * DAY_MS).toISOString().slice(0, 10),
    location,
  };
  const preferences = await readPreferences(ctx.sql, userId);
  const history = await readHistory(ctx.sql, userId, MAX_PAIRED_HISTORY);
  const coOrdered = await readCoOrdered(
    ctx.sql,
    history.map((item) => item.menuItemId),
  );
  const likes = preferences.cuisines.length > 0 ? { cuisines: preferences.cuisines } : null;

  const dishes = unique(
    [
      ...(coOrdered.length > 0
        ? await readDishes(ctx.sql, scope, { ids: [...new Set(coOrdered.map((pair) => pair.itemId))] })
        : []),
      ...(likes === null ? [] : await readDishes(ctx.sql, scope, likes)),
      ...(await readDishes(ctx.sql, scope, { popular: true })),
    ],
    (dish: DishFacts) => dish.menuItemId,
  );
  const restaurants = unique(
    [
      ...(dishes.length > 0
        ? await readRestaurants(ctx.sql, scope, {
            ids: [...new Set(dishes.map((dish) => dish.restaurantId))],
          })
        : []),
      ...(likes === null ? [] : await readRestaurants(ctx.sql, scope, likes)),
      ...(await readRestaurants(ctx.sql, scope, { popular: true })),
    ],
    (restaurant: RestaurantFacts) => restaurant.restaurantId,
  );
  const menus =
    preferences.dietaryRestrictions.length > 0
      ? await readMenus(
          ctx.sql,
          restaurants.map((restaurant) => restaurant.restaurantId),
        )
      : new Map();

  return rankRecommendations({
    now,
    location,
    // The route's schema bounds it; a client call from another process is bounded here.
    limit: Math.min(MAX_LIMIT, Math.max(1, Math.trunc(query.limit ?? DEFAULT_LIMIT))),
    preferences,
    history,
    coOrdered,
    dishes,
    restaurants,
    menus,
  });
}

function locationOf(query: { lat?: number; lng?: number }): GeoPoint | null {
  if (query.lat === undefined && query.lng === undefined) return null;
  if (query.lat === undefined || query.lng === undefined) {
    throw new AppError(RecommendationsErrors.LOCATION_INCOMPLETE, 'Give both `lat` and `lng`, or neither.');
  }
  return { latitude: query.lat, longitude: query.lng };
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
