import { describe, expect, it } from 'vitest';
import type { MenuItem } from './menu-item.js';
import { priceOrderLines } from './order-lines.js';

const A = 'aaaaaaaa-0000-7000-8000-000000000001';
const B = 'bbbbbbbb-0000-7000-8000-000000000002';
const at = new Date('2026-03-02T09:00:00.000Z');
const item = (id: string, overrides: Partial<MenuItem> = {}): MenuItem => ({
  id,
  restaurantId: A,
  name: `Item ${id}`,
  description: '',
  price: { amount: 1_000, currency: 'INR' },
  categories: [],
  dietaryTags: [],
  allergens: [],
  nutrition: {},
  available: true,
  imageUrl: null,
  createdAt: at,
  updatedAt: at,
  deletedAt: null,
  ...overrides,
});
const catalog = (...items: MenuItem[]) => new Map(items.map((i) => [i.id, i]));

describe('priceOrderLines', () => {
  it('multiplies in minor units and sums the subtotal', () => {
    const result = priceOrderLines(
      {
        items: [
          { menuItemId: 'x', quantity: 3 },
          { menuItemId: 'y', quantity: 1 },
        ],
      },
      catalog(item('x', { price: { amount: 1_999, currency: 'INR' } }), item('y')),
    );
    expect(result.valid).toBe(true);
    expect(result.items.map((l) => l.lineTotal.amount)).toEqual([5_997, 1_000]);
    expect(result.subtotal).toEqual({ amount: 6_997, currency: 'INR' });
  });

  it('takes the first found item as the restaurant when none is named', () => {
    const result = priceOrderLines(
      {
        items: [
          { menuItemId: 'missing', quantity: 1 },
          { menuItemId: 'b', quantity: 1 },
          { menuItemId: 'a', quantity: 1 },
        ],
      },
      catalog(item('a'), item('b', { restaurantId: B })),
    );
    expect(result.restaurantId).toBe(B);
    expect(result.failures.map((f) => f.reason)).toEqual(['NOT_FOUND', 'MIXED_RESTAURANTS']);
  });

  it('matches ids and the named restaurant case-insensitively', () => {
    const result = priceOrderLines(
      { items: [{ menuItemId: 'ABC', quantity: 1 }], restaurantId: A.toUpperCase() },
      catalog(item('abc')),
    );
    expect(result).toMatchObject({ valid: true, restaurantId: A });
  });

  it('treats a deleted item as not found, and reports one failure per line', () => {
    const result = priceOrderLines(
      {
        items: [
          { menuItemId: 'gone', quantity: 1 },
          { menuItemId: 'off', quantity: 99 },
        ],
      },
      catalog(item('gone', { deletedAt: at }), item('off', { available: false })),
    );
    expect(result.failures.map((f) => [f.menuItemId, f.reason])).toEqual([
      ['gone', 'NOT_FOUND'],
      ['off', 'INVALID_QUANTITY'],
    ]);
    expect(result.restaurantId).toBe(A);
  });

  it('answers an all-unknown order with no restaurant', () => {
    const result = priceOrderLines({ items: [{ menuItemId: 'nope', quantity: 1 }] }, catalog());
    expect(result).toMatchObject({ valid: false, restaurantId: null, items: [], subtotal: { amount: 0 } });
  });
});
