import { describe, expect, it } from 'vitest';
import { DEMO_RESTAURANT_ID } from '../demo-accounts.js';
import { DEMO_SIZES, demoCityBatches } from './demo-city.js';

const collect = (seed: number) => {
  const restaurants = [];
  const items = [];
  for (const batch of demoCityBatches(seed, DEMO_SIZES.small)) {
    restaurants.push(...batch.restaurants);
    items.push(...batch.items);
  }
  return { restaurants, items };
};

describe('the demo city', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(collect(7)).toEqual(collect(7));
    expect(collect(8).restaurants.map((r) => r.name)).not.toEqual(collect(7).restaurants.map((r) => r.name));
  });

  it('has at least 30 restaurants across cuisines, each with 15-40 items', () => {
    const { restaurants, items } = collect(42);
    expect(restaurants.length).toBeGreaterThanOrEqual(30);
    expect(new Set(restaurants.flatMap((r) => r.cuisines)).size).toBeGreaterThanOrEqual(8);
    for (const restaurant of restaurants) {
      const count = items.filter((i) => i.restaurantId === restaurant.id).length;
      expect(count).toBeGreaterThanOrEqual(15);
      expect(count).toBeLessThanOrEqual(40);
    }
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items.every((i) => Number.isInteger(i.price.amount) && i.price.amount > 0)).toBe(true);
  });

  it('starts with the round-the-clock demo restaurant whose id the staff accounts carry', () => {
    const first = collect(42).restaurants[0];
    expect(first?.id).toBe(DEMO_RESTAURANT_ID);
    expect(first?.openAllDay).toBe(true);
    expect(first?.deliveryRadiusKm).toBeGreaterThanOrEqual(30);
  });

  it('generates the large city in batches with unique ids', () => {
    let restaurants = 0;
    let items = 0;
    const ids = new Set<string>();
    for (const batch of demoCityBatches(1, { restaurants: 2000, minItems: 20, maxItems: 40 }, 500)) {
      restaurants += batch.restaurants.length;
      items += batch.items.length;
      for (const r of batch.restaurants) ids.add(r.id);
    }
    expect(restaurants).toBe(2000);
    expect(ids.size).toBe(2000);
    expect(items).toBeGreaterThan(2000 * 20 - 1);
  });
});
