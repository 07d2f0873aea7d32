import { describe, expect, it } from 'vitest';
import {
  applyDishFact,
  applyRestaurantFact,
  type DishFact,
  type RestaurantFact,
  type RestaurantRow,
} from './fact-versions.js';

const saved = (name: string, at: string, price = 100): DishFact => ({
  kind: 'saved',
  menuItemId: 'd1',
  restaurantId: 'r1',
  name,
  price,
  imageUrl: null,
  dietaryTags: ['VEGAN'],
  allergens: [],
  available: true,
  at,
});
const deleted = (at: string): DishFact => ({ kind: 'deleted', menuItemId: 'd1', restaurantId: 'r1', at });

const profile = (name: string, at: string, open = true): RestaurantFact => ({
  kind: 'profile',
  restaurantId: 'r1',
  name,
  cuisines: ['South Indian'],
  imageUrl: null,
  rating: { average: 4, count: 2 },
  latitude: 12.9,
  longitude: 77.5,
  deliveryRadiusKm: 5,
  status: 'ACTIVE',
  hours: {},
  timeZone: 'Asia/Kolkata',
  open,
  at,
});
const switched = (open: boolean, at: string): RestaurantFact => ({
  kind: 'switch',
  restaurantId: 'r1',
  open,
  at,
});

const fold = <Row, Fact>(apply: (row: Row | undefined, fact: Fact) => Row, facts: Fact[]) =>
  facts.reduce<Row | undefined>((row, fact) => apply(row, fact), undefined);

describe('dish facts', () => {
  it('keeps the name of a dish deleted after it was saved', () => {
    expect(
      fold(applyDishFact, [saved('Dosa', '2026-03-01T00:00:00Z'), deleted('2026-03-02T00:00:00Z')]),
    ).toEqual({
      menuItemId: 'd1',
      restaurantId: 'r1',
      name: 'Dosa',
      price: 100,
      imageUrl: null,
      dietaryTags: ['VEGAN'],
      allergens: [],
      available: false,
      deleted: true,
      factsAt: '2026-03-02T00:00:00Z',
    });
  });

  it('ignores a fact older than the one held, and takes the later of two at one instant', () => {
    const dish = fold(applyDishFact, [
      saved('Dosa', '2026-03-02T00:00:00Z'),
      deleted('2026-03-01T00:00:00Z'),
      saved('Old Dosa', '2026-03-01T00:00:00Z'),
      saved('Masala Dosa', '2026-03-02T00:00:00Z', 120),
    ]);
    expect(dish).toMatchObject({ name: 'Masala Dosa', price: 120, deleted: false, available: true });
  });

  it('makes a nameless row for a deletion of a dish never seen', () => {
    expect(fold(applyDishFact, [deleted('2026-03-02T00:00:00Z')])).toMatchObject({
      name: '',
      price: 0,
      deleted: true,
      factsAt: '2026-03-02T00:00:00Z',
    });
  });
});

describe('restaurant facts', () => {
  it('takes a profile but leaves a newer switch alone', () => {
    const restaurant = fold(applyRestaurantFact, [
      switched(false, '2026-03-02T09:00:00Z'),
      profile('Udupi Corner', '2026-03-02T08:00:00Z', true),
    ]);
    expect(restaurant).toMatchObject<Partial<RestaurantRow>>({
      name: 'Udupi Corner',
      cuisinesLower: ['south indian'],
      profileAt: '2026-03-02T08:00:00Z',
      open: false,
      openAt: '2026-03-02T09:00:00Z',
    });
  });

  it('lets a newer profile tell the switch, and an older switch change nothing', () => {
    const restaurant = fold(applyRestaurantFact, [
      profile('Udupi Corner', '2026-03-02T08:00:00Z', false),
      profile('Udupi', '2026-03-02T09:00:00Z', true),
      switched(false, '2026-03-02T08:30:00Z'),
      profile('Stale', '2026-03-01T00:00:00Z', false),
    ]);
    expect(restaurant).toMatchObject({ name: 'Udupi', open: true, openAt: '2026-03-02T09:00:00Z' });
  });

  it('makes a row without a profile for a switch of a restaurant never seen', () => {
    expect(fold(applyRestaurantFact, [switched(true, '2026-03-02T09:00:00Z')])).toMatchObject({
      name: null,
      profileAt: null,
      open: true,
      openAt: '2026-03-02T09:00:00Z',
    });
  });
});
