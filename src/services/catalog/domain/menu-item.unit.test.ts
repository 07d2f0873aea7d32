import { describe, expect, it } from 'vitest';
import { summarizeCategories } from './categories.js';
import { canManageMenu } from './menu-access.js';
import { changeMenuItem, newMenuItem, setItemAvailability } from './menu-item.js';

const R = 'aaaaaaaa-0000-7000-8000-000000000001';
const t0 = new Date('2026-03-02T09:00:00.000Z');
const t1 = new Date('2026-03-02T10:00:00.000Z');
const base = () =>
  newMenuItem(
    {
      restaurantId: R,
      name: ' Masala  Dosa ',
      price: { amount: 12_000, currency: 'INR' },
      categories: ['South Indian', 'South  Indian '],
      dietaryTags: ['VEGETARIAN'],
    },
    'id-1',
    t0,
  );

describe('menu items', () => {
  it('tidies names and categories and fills defaults', () => {
    expect(base()).toMatchObject({
      name: 'Masala Dosa',
      description: '',
      categories: ['South Indian'],
      allergens: [],
      nutrition: {},
      available: true,
      imageUrl: null,
      deletedAt: null,
    });
  });

  it('refuses an empty change and a move to another restaurant', () => {
    expect(() => changeMenuItem(base(), {}, t1)).toThrowCode('CATALOG.INVALID_ITEM');
    expect(() =>
      changeMenuItem(base(), { restaurantId: 'bbbbbbbb-0000-7000-8000-000000000002' }, t1),
    ).toThrowCode('CATALOG.RESTAURANT_IMMUTABLE');
  });

  it('reports no change when every field already has its value, and stamps real changes', () => {
    expect(changeMenuItem(base(), { name: 'Masala Dosa', restaurantId: R }, t1)).toMatchObject({
      changed: false,
    });
    const changed = changeMenuItem(base(), { imageUrl: 'https://img.test/dosa.jpg' }, t1);
    expect(changed).toMatchObject({
      changed: true,
      item: { imageUrl: 'https://img.test/dosa.jpg', updatedAt: t1 },
    });
    expect(changeMenuItem(changed.item, { imageUrl: null }, t1).item.imageUrl).toBeNull();
  });

  it('toggles availability only when it differs', () => {
    expect(setItemAvailability(base(), true, t1).changed).toBe(false);
    expect(setItemAvailability(base(), false, t1)).toMatchObject({
      changed: true,
      item: { available: false },
    });
  });
});

describe('who manages a menu', () => {
  it('is the system admin anywhere, restaurant roles only at their restaurants', () => {
    expect(canManageMenu({ roles: ['SYSTEM_ADMIN'], restaurantIds: [] }, R)).toBe(true);
    expect(canManageMenu({ roles: ['RESTAURANT_STAFF'], restaurantIds: [R] }, R)).toBe(true);
    expect(canManageMenu({ roles: ['RESTAURANT_ADMIN'], restaurantIds: ['other'] }, R)).toBe(false);
    expect(canManageMenu({ roles: ['CUSTOMER'], restaurantIds: [R] }, R)).toBe(false);
  });
});

describe('categories', () => {
  it('orders by first introduction and counts live and available items', () => {
    const a = { ...base(), categories: ['Mains'], createdAt: t1 };
    const b = { ...base(), categories: ['Starters', 'Mains'], createdAt: t0, available: false };
    const gone = { ...base(), categories: ['Old'], deletedAt: t1 };
    expect(summarizeCategories([a, b, gone])).toEqual([
      { name: 'Starters', itemCount: 1, availableCount: 0 },
      { name: 'Mains', itemCount: 2, availableCount: 1 },
    ]);
  });
});
