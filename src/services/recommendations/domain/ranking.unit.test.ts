import { describe, expect, it } from 'vitest';
import { isOpenAt } from './opening-hours.js';
import { rankRecommendations, type DishFacts, type RankInput, type RestaurantFacts } from './ranking.js';

const NOW = new Date('2026-03-02T09:00:00.000Z'); // a Monday, 14:30 in Kolkata
const ALL_DAY = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [
    d,
    [{ open: '00:00', close: '24:00' }],
  ]),
);
const CENTRE = { latitude: 12.9716, longitude: 77.5946 };

function restaurant(id: string, overrides: Partial<RestaurantFacts> = {}): RestaurantFacts {
  return {
    restaurantId: id,
    name: `Restaurant ${id}`,
    cuisines: ['North Indian'],
    imageUrl: null,
    rating: { average: 4, count: 10 },
    location: CENTRE,
    deliveryRadiusKm: 5,
    open: true,
    hours: ALL_DAY,
    timeZone: 'Asia/Kolkata',
    recentOrders: 0,
    ...overrides,
  };
}

function dish(id: string, restaurantId: string, overrides: Partial<DishFacts> = {}): DishFacts {
  return {
    menuItemId: id,
    restaurantId,
    name: `Dish ${id}`,
    price: 10000,
    imageUrl: null,
    dietaryTags: [],
    allergens: [],
    recentOrders: 0,
    ...overrides,
  };
}

function input(overrides: Partial<RankInput> = {}): RankInput {
  return {
    now: NOW,
    location: null,
    limit: 10,
    preferences: { cuisines: [], dietaryRestrictions: [] },
    history: [],
    coOrdered: [],
    dishes: [],
    restaurants: [],
    menus: new Map(),
    ...overrides,
  };
}

describe('cold start: popular', () => {
  it('ranks by recent orders, open restaurants first, and says so', () => {
    const result = rankRecommendations(
      input({
        restaurants: [
          restaurant('r1', { recentOrders: 50, open: false }),
          restaurant('r2', { recentOrders: 5 }),
          restaurant('r3', { recentOrders: 20 }),
        ],
        dishes: [
          dish('d1', 'r1', { recentOrders: 40 }),
          dish('d2', 'r2', { recentOrders: 3 }),
          dish('d3', 'r3', { recentOrders: 9 }),
        ],
      }),
    );
    expect(result.basis).toBe('POPULAR_NEARBY');
    expect(result.restaurants.map((r) => [r.restaurantId, r.openNow])).toEqual([
      ['r3', true],
      ['r2', true],
      ['r1', false],
    ]);
    expect(result.dishes.map((d) => d.menuItemId)).toEqual(['d3', 'd2', 'd1']);
    expect(result.dishes[0]).toMatchObject({
      reason: 'Popular in your city',
      reasonKind: 'POPULAR',
      distanceKm: null,
    });
  });

  it('keeps to restaurants that deliver to the point, with their distance', () => {
    const far = { latitude: 13.2, longitude: 77.6 }; // ~25 km north
    const result = rankRecommendations(
      input({
        location: CENTRE,
        restaurants: [
          restaurant('near', { recentOrders: 1 }),
          restaurant('far', { location: far, recentOrders: 99 }),
        ],
        dishes: [dish('a', 'near'), dish('b', 'far', { recentOrders: 99 })],
      }),
    );
    expect(result.restaurants.map((r) => r.restaurantId)).toEqual(['near']);
    expect(result.restaurants[0]).toMatchObject({ distanceKm: 0, reason: 'Popular near you' });
    expect(result.dishes.map((d) => d.menuItemId)).toEqual(['a']);
  });

  it('honours the limit', () => {
    const restaurants = Array.from({ length: 5 }, (_, i) => restaurant(`r${i}`));
    const dishes = Array.from({ length: 5 }, (_, i) => dish(`d${i}`, `r${i}`));
    const result = rankRecommendations(input({ restaurants, dishes, limit: 2 }));
    expect(result.restaurants).toHaveLength(2);
    expect(result.dishes).toHaveLength(2);
  });
});

describe('personal', () => {
  it('puts dishes co-ordered with what the customer had first, naming what they had', () => {
    const result = rankRecommendations(
      input({
        history: [{ menuItemId: 'dosa', name: 'Masala Dosa' }],
        coOrdered: [
          { anchorId: 'dosa', itemId: 'coffee', together: 3, anchorCustomers: 4, itemCustomers: 3 },
          { anchorId: 'dosa', itemId: 'vada', together: 2, anchorCustomers: 4, itemCustomers: 6 },
        ],
        restaurants: [restaurant('r1'), restaurant('r2', { recentOrders: 100 })],
        dishes: [
          dish('coffee', 'r1', { name: 'Filter Coffee' }),
          dish('vada', 'r1', { name: 'Medu Vada' }),
          dish('burger', 'r2', { recentOrders: 100 }),
        ],
      }),
    );
    expect(result.basis).toBe('PERSONAL');
    expect(result.dishes.map((d) => [d.name, d.reason])).toEqual([
      ['Filter Coffee', 'Often ordered with Masala Dosa'],
      ['Medu Vada', 'Often ordered with Masala Dosa'],
      ['Dish burger', 'Popular in your city'],
    ]);
    expect(result.restaurants[0]).toMatchObject({ restaurantId: 'r1', reasonKind: 'CO_ORDERED' });
  });

  it('favours liked cuisines in any letter case, in the spelling the customer chose', () => {
    const result = rankRecommendations(
      input({
        preferences: { cuisines: ['South Indian'], dietaryRestrictions: [] },
        restaurants: [
          restaurant('popular', { recentOrders: 100 }),
          restaurant('liked', { cuisines: ['Chinese', 'south indian'] }),
        ],
        dishes: [dish('a', 'popular', { recentOrders: 100 }), dish('b', 'liked')],
      }),
    );
    expect(result.restaurants.map((r) => [r.restaurantId, r.reason])).toEqual([
      ['liked', 'Because you like South Indian'],
      ['popular', 'Popular in your city'],
    ]);
    expect(result.dishes[0]).toMatchObject({ menuItemId: 'b', reasonKind: 'PREFERRED_CUISINE' });
    expect(result.basis).toBe('PERSONAL');
  });

  it('never shows a dish the dietary restrictions forbid, however strongly it is co-ordered', () => {
    const result = rankRecommendations(
      input({
        preferences: { cuisines: [], dietaryRestrictions: ['VEGETARIAN'] },
        history: [{ menuItemId: 'dosa', name: 'Masala Dosa' }],
        coOrdered: [
          { anchorId: 'dosa', itemId: 'chicken', together: 5, anchorCustomers: 5, itemCustomers: 5 },
        ],
        restaurants: [restaurant('meat'), restaurant('veg')],
        dishes: [
          dish('chicken', 'meat', { dietaryTags: ['HALAL'] }),
          dish('untagged', 'meat'),
          dish('paneer', 'veg', { dietaryTags: ['VEGETARIAN'] }),
        ],
        menus: new Map([['meat', [{ dietaryTags: ['HALAL'], allergens: [] }]]]),
      }),
    );
    expect(result.dishes.map((d) => d.menuItemId)).toEqual(['paneer']);
    // The meat-only restaurant has nothing a vegetarian can eat.
    expect(result.restaurants.map((r) => r.restaurantId)).toEqual(['veg']);
  });
});

describe('opening hours', () => {
  it('reads the hours on the restaurant’s own clock, across midnight, with the switch', () => {
    const evenings = { monday: [{ open: '18:00', close: '02:00' }] };
    const r = { open: true, hours: evenings, timeZone: 'Asia/Kolkata' };
    expect(isOpenAt(r, new Date('2026-03-02T13:00:00Z'))).toBe(true); // Mon 18:30 IST
    expect(isOpenAt(r, new Date('2026-03-02T20:00:00Z'))).toBe(true); // Tue 01:30 IST
    expect(isOpenAt(r, new Date('2026-03-02T21:00:00Z'))).toBe(false); // Tue 02:30 IST
    expect(isOpenAt({ ...r, open: false }, new Date('2026-03-02T13:00:00Z'))).toBe(false);
    expect(isOpenAt({ ...r, timeZone: 'Not/AZone' }, new Date('2026-03-02T13:00:00Z'))).toBe(false);
  });
});
