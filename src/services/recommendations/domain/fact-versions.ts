/**
 * The newest fact wins, by the instant it was true: a dish by its updatedAt (or a deletion's time), a
 * restaurant's profile by its updatedAt, its manual switch by the change's time. These folds apply one fact
 * to a stored row exactly as the consumer's upserts did one event at a time, so that a batch can apply its
 * facts in memory, in order, and write each row once. An instant equal to the held one applies (a repeat
 * of the same fact changes nothing; of two at one instant, the later delivered wins).
 */

export interface DishRow {
  menuItemId: string;
  restaurantId: string;
  name: string;
  price: number;
  imageUrl: string | null;
  dietaryTags: string[];
  allergens: string[];
  available: boolean;
  deleted: boolean;
  /** The instant of the fact held; null for a dish known only from an order (never recommended). */
  factsAt: string | null;
}

export type DishFact =
  | {
      kind: 'saved';
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
  | { kind: 'deleted'; menuItemId: string; restaurantId: string; at: string };

/** The dish after `fact`; `row` undefined when none is stored yet. */
export function applyDishFact(row: DishRow | undefined, fact: DishFact): DishRow {
  if (row !== undefined && !notNewer(row.factsAt, fact.at)) return row;
  if (fact.kind === 'saved') {
    return {
      menuItemId: fact.menuItemId,
      restaurantId: fact.restaurantId,
      name: fact.name,
      price: fact.price,
      imageUrl: fact.imageUrl,
      dietaryTags: fact.dietaryTags,
      allergens: fact.allergens,
      available: fact.available,
      deleted: false,
      factsAt: fact.at,
    };
  }
  // A removed item is kept (its name still explains co-orders) but never recommended.
  return {
    ...(row ?? {
      menuItemId: fact.menuItemId,
      restaurantId: fact.restaurantId,
      name: '',
      price: 0,
      imageUrl: null,
      dietaryTags: [],
      allergens: [],
    }),
    available: false,
    deleted: true,
    factsAt: fact.at,
  };
}

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

export interface RestaurantRow {
  restaurantId: string;
  /** Null until a profile arrives (a row made by a status change alone): never recommended. */
  name: string | null;
  cuisines: string[];
  /** Lower-case cuisines, matched against preferences in any letter case. */
  cuisinesLower: string[];
  imageUrl: string | null;
  ratingAverage: number;
  ratingCount: number;
  latitude: number | null;
  longitude: number | null;
  deliveryRadiusKm: number | null;
  status: string | null;
  hours: unknown;
  timeZone: string | null;
  profileAt: string | null;
  open: boolean;
  /** The instant of the newest fact about the switch: a status change, or a profile that told it. */
  openAt: string | null;
}

export type RestaurantFact =
  | ({ kind: 'profile' } & RestaurantProfileFacts)
  | { kind: 'switch'; restaurantId: string; open: boolean; at: string };

/** The restaurant after `fact`; `row` undefined when none is stored yet. */
export function applyRestaurantFact(row: RestaurantRow | undefined, fact: RestaurantFact): RestaurantRow {
  const held = row ?? blankRestaurant(fact.restaurantId);
  if (fact.kind === 'switch') {
    if (!notNewer(held.openAt, fact.at)) return held;
    return { ...held, open: fact.open, openAt: fact.at };
  }
  if (!notNewer(held.profileAt, fact.at)) return held;
  return {
    restaurantId: fact.restaurantId,
    name: fact.name,
    cuisines: fact.cuisines,
    cuisinesLower: fact.cuisines.map((c) => c.trim().toLowerCase()),
    imageUrl: fact.imageUrl,
    ratingAverage: fact.rating.average,
    ratingCount: fact.rating.count,
    latitude: fact.latitude,
    longitude: fact.longitude,
    deliveryRadiusKm: fact.deliveryRadiusKm,
    status: fact.status,
    hours: fact.hours,
    timeZone: fact.timeZone,
    profileAt: fact.at,
    // The profile's switch only when no newer switch fact (RestaurantStatusChanged) is held.
    open: notNewer(held.openAt, fact.at) ? fact.open : held.open,
    openAt: later(held.openAt, fact.at),
  };
}

function blankRestaurant(restaurantId: string): RestaurantRow {
  return {
    restaurantId,
    name: null,
    cuisines: [],
    cuisinesLower: [],
    imageUrl: null,
    ratingAverage: 0,
    ratingCount: 0,
    latitude: null,
    longitude: null,
    deliveryRadiusKm: null,
    status: null,
    hours: {},
    timeZone: null,
    profileAt: null,
    open: false,
    openAt: null,
  };
}

/** True when the held instant is unknown or not after the offered one: the offered fact applies. */
function notNewer(held: string | null, offered: string): boolean {
  return held === null || Date.parse(held) <= Date.parse(offered);
}

function later(held: string | null, offered: string): string {
  return held !== null && Date.parse(held) > Date.parse(offered) ? held : offered;
}
