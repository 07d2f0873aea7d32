import { describe, expect, it } from 'vitest';
import { itemSummary, statusRank } from './order-history.js';

describe('order history rules', () => {
  it('ranks statuses in the order of an order’s life, the ends last', () => {
    expect(statusRank('PENDING')).toBeLessThan(statusRank('CONFIRMED'));
    expect(statusRank('READY')).toBeLessThan(statusRank('OUT_FOR_DELIVERY'));
    expect(statusRank('OUT_FOR_DELIVERY')).toBeLessThan(statusRank('DELIVERED'));
    expect(statusRank('READY')).toBeLessThan(statusRank('PICKED_UP'));
    expect(statusRank('CONFIRMED')).toBeLessThan(statusRank('CANCELLED'));
  });

  it('summarises lines as names × quantities', () => {
    expect(
      itemSummary([
        { name: 'Masala Dosa', quantity: 2 },
        { name: 'Filter Coffee', quantity: 1 },
      ]),
    ).toBe('Masala Dosa × 2, Filter Coffee × 1');
    expect(itemSummary([])).toBe('');
  });
});
