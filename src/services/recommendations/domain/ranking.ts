import type {
  Basis,
  ReasonKind,
  Recommendations,
  RecommendedDish,
  RecommendedRestaurant,
} from '../contract.js';
import { similarity } from './co-occurrence.js';
import { allowedFor, type DietFacts } from './dietary.js';
import { distanceKm, roundKm, type GeoPoint } from '../../../platform/geo/distance.js';
import { isOpenAt, type WeeklyHours } from './opening-hours.js';

export interface RestaurantFacts {
  restaurantId: string;
  name: string;
  cuisines: string[];
  imageUrl: string | null;
  rating: { average: number; count: number };
  location: GeoPoint;
  deliveryRadiusKm: number;
  open: boolean;
  hours: WeeklyHours;
  timeZone: string;
  /** Orders in the popularity window. */
  recentOrders: number;
}

export interface DishFacts extends DietFacts {
  menuItemId: string;
  restaurantId: string;
  name: string;
  price: number;
  imageUrl: string | null;
  recentOrders: number;
}

export interface CoOrdered {
  /** An item the customer ordered. */
  anchorId: string;
  /** An item they did not, ordered by customers who also ordered the anchor. */
  itemId: string;
  /** Customers who ordered both. */
  together: number;
  anchorCustomers: number;
  itemCustomers: number;
}

export interface RankInput {
  now: Date;
  /** The point to recommend near; null for the whole city. */
  location: GeoPoint | null;
  limit: number;
  preferences: { cuisines: readonly string[]; dietaryRestrictions: readonly string[] };
  /** The customer's ordered items, with names for the reasons. */
  history: ReadonlyArray<{ menuItemId: string; name: string | null }>;
  coOrdered: readonly CoOrdered[];
  /** Candidate dishes: available, with known facts. */
  dishes: readonly DishFacts[];
  /** Candidate restaurants, and the restaurant of every candidate dish. */
  restaurants: readonly RestaurantFacts[];
  /** With dietary restrictions: each candidate restaurant's available dishes, to tell whether it has any. */
  menus: ReadonlyMap<string, readonly DietFacts[]>;
}

/** Weights of a score's parts: co-ordering says most about a person, a liked cuisine next, popularity least. */
const WEIGHT = { coOrdered: 3, cuisine: 1, popular: 0.5 } as const;

interface Scored {
  score: number;
  openNow: boolean;
  recentOrders: number;
  name: string;
  id: string;
  reasonKind: ReasonKind;
  reason: string;
}

/**
 * Ranks the candidates for one person. Dishes their restrictions forbid and restaurants out of reach of
 * `location` (farther than the restaurant delivers) are left out; open restaurants (and their dishes)
 * come first, then by score.
 */
export function rankRecommendations(input: RankInput): Recommendations {
  const restrictions = input.preferences.dietaryRestrictions;
  const likes = new Map(
    input.preferences.cuisines.map((cuisine) => [cuisine.trim().toLowerCase(), cuisine.trim()]),
  );
  const popularReason = input.location === null ? 'Popular in your city' : 'Popular near you';
  const historyNames = new Map(input.history.map((item) => [item.menuItemId, item.name]));

  const reachable = new Map<string, { facts: RestaurantFacts; openNow: boolean; distance: number | null }>();
  for (const facts of input.restaurants) {
    const distance = input.location === null ? null : distanceKm(input.location, facts.location);
    if (distance !== null && distance > facts.deliveryRadiusKm) continue;
    const shown = distance === null ? null : roundKm(distance);
    reachable.set(facts.restaurantId, { facts, openNow: isOpenAt(facts, input.now), distance: shown });
  }

  const liked = (restaurant: RestaurantFacts): string | undefined =>
    restaurant.cuisines.map((c) => likes.get(c.trim().toLowerCase())).find((c) => c !== undefined);

  // The strongest co-ordering of each dish and the item of the customer's it comes from.
  const bestCo = new Map<string, { value: number; anchorName: string }>();
  for (const pair of input.coOrdered) {
    const value = similarity(pair.together, pair.anchorCustomers, pair.itemCustomers);
    const anchorName = historyNames.get(pair.anchorId);
    if (value <= 0 || !anchorName) continue;
    const held = bestCo.get(pair.itemId);
    if (held === undefined || value > held.value) bestCo.set(pair.itemId, { value, anchorName });
  }

  const dishes = input.dishes.filter(
    (dish) => reachable.has(dish.restaurantId) && allowedFor(dish, restrictions),
  );
  const maxDishOrders = Math.max(0, ...dishes.map((dish) => dish.recentOrders));
  const maxRestaurantOrders = Math.max(0, ...[...reachable.values()].map((r) => r.facts.recentOrders));

  const explain = (co: { value: number; anchorName: string } | undefined, cuisine: string | undefined) => {
    const coScore = WEIGHT.coOrdered * (co?.value ?? 0);
    const cuisineScore = cuisine === undefined ? 0 : WEIGHT.cuisine;
    if (co !== undefined && coScore >= cuisineScore) {
      return {
        reasonKind: 'CO_ORDERED' as const,
        reason: `Often ordered with ${co.anchorName}`,
        coScore,
        cuisineScore,
      };
    }
    if (cuisine !== undefined) {
      return {
        reasonKind: 'PREFERRED_CUISINE' as const,
        reason: `Because you like ${cuisine}`,
        coScore,
        cuisineScore,
      };
    }
    return { reasonKind: 'POPULAR' as const, reason: popularReason, coScore, cuisineScore };
  };

  const rankedDishes = dishes
    .map((dish): Scored & { dish: DishFacts } => {
      const place = reachable.get(dish.restaurantId)!;
      const why = explain(bestCo.get(dish.menuItemId), liked(place.facts));
      return {
        dish,
        score: why.coScore + why.cuisineScore + WEIGHT.popular * share(dish.recentOrders, maxDishOrders),
        openNow: place.openNow,
        recentOrders: dish.recentOrders,
        name: dish.name,
        id: dish.menuItemId,
        reasonKind: why.reasonKind,
        reason: why.reason,
      };
    })
    .sort(byRank)
    .slice(0, input.limit);

  // A restaurant is as co-ordered as its most co-ordered dish.
  const restaurantCo = new Map<string, { value: number; anchorName: string }>();
  for (const dish of dishes) {
    const co = bestCo.get(dish.menuItemId);
    const held = restaurantCo.get(dish.restaurantId);
    if (co !== undefined && (held === undefined || co.value > held.value))
      restaurantCo.set(dish.restaurantId, co);
  }
  const servesSomethingAllowed = (restaurantId: string): boolean =>
    restrictions.length === 0 ||
    dishes.some((dish) => dish.restaurantId === restaurantId) ||
    (input.menus.get(restaurantId) ?? []).some((dish) => allowedFor(dish, restrictions));

  const rankedRestaurants = [...reachable.values()]
    .filter((place) => servesSomethingAllowed(place.facts.restaurantId))
    .map((place): Scored & { place: typeof place } => {
      const why = explain(restaurantCo.get(place.facts.restaurantId), liked(place.facts));
      return {
        place,
        score:
          why.coScore +
          why.cuisineScore +
          WEIGHT.popular * share(place.facts.recentOrders, maxRestaurantOrders),
        openNow: place.openNow,
        recentOrders: place.facts.recentOrders,
        name: place.facts.name,
        id: place.facts.restaurantId,
        reasonKind: why.reasonKind,
        reason: why.reason,
      };
    })
    .sort(byRank)
    .slice(0, input.limit);

  const restaurants: RecommendedRestaurant[] = rankedRestaurants.map(({ place, reason, reasonKind }) => ({
    restaurantId: place.facts.restaurantId,
    name: place.facts.name,
    cuisines: place.facts.cuisines,
    imageUrl: place.facts.imageUrl,
    rating: place.facts.rating,
    openNow: place.openNow,
    distanceKm: place.distance,
    reason,
    reasonKind,
  }));
  const recommendedDishes: RecommendedDish[] = rankedDishes.map(({ dish, reason, reasonKind, openNow }) => {
    const place = reachable.get(dish.restaurantId)!;
    return {
      menuItemId: dish.menuItemId,
      restaurantId: dish.restaurantId,
      restaurantName: place.facts.name,
      name: dish.name,
      price: { amount: dish.price, currency: 'INR' },
      imageUrl: dish.imageUrl,
      dietaryTags: [...dish.dietaryTags],
      openNow,
      distanceKm: place.distance,
      reason,
      reasonKind,
    };
  });
  const personal = [...restaurants, ...recommendedDishes].some((entry) => entry.reasonKind !== 'POPULAR');
  const basis: Basis = personal ? 'PERSONAL' : 'POPULAR_NEARBY';
  return { restaurants, dishes: recommendedDishes, basis };
}

function share(part: number, max: number): number {
  return max <= 0 ? 0 : part / max;
}

/** Open first, then by score, then the more ordered, then by name and id so that ties always fall alike. */
function byRank(a: Scored, b: Scored): number {
  if (a.openNow !== b.openNow) return a.openNow ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  if (a.recentOrders !== b.recentOrders) return b.recentOrders - a.recentOrders;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
