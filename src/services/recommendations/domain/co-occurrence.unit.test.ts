import { describe, expect, it } from 'vitest';
import { newItems, newPairs, similarity } from './co-occurrence.js';

/** Pair counts after a customer's orders, applied in the given sequence. */
function countsAfter(orders: string[][]): Map<string, number> {
  const had: string[] = [];
  const counts = new Map<string, number>();
  for (const order of orders) {
    for (const { a, b } of newPairs(had, order)) counts.set(`${a}>${b}`, (counts.get(`${a}>${b}`) ?? 0) + 1);
    had.push(...newItems(had, order));
  }
  return counts;
}

describe('co-occurrence across a customer’s orders', () => {
  it('pairs every new item with the ones had before and with each other, both ways', () => {
    expect(newPairs(['dosa'], ['coffee', 'vada', 'coffee'])).toEqual([
      { a: 'coffee', b: 'dosa' },
      { a: 'coffee', b: 'vada' },
      { a: 'dosa', b: 'coffee' },
      { a: 'dosa', b: 'vada' },
      { a: 'vada', b: 'coffee' },
      { a: 'vada', b: 'dosa' },
    ]);
  });

  it('adds nothing for an order of items the customer already had', () => {
    expect(newPairs(['dosa', 'coffee'], ['coffee', 'dosa'])).toEqual([]);
    expect(newItems(['dosa'], ['dosa'])).toEqual([]);
  });

  it('counts a customer once per pair, whatever the order of their orders', () => {
    const orders = [['dosa', 'coffee'], ['vada'], ['coffee', 'idli'], ['dosa']];
    const expected = countsAfter(orders);
    expect([...expected.values()].every((count) => count === 1)).toBe(true);
    expect(expected.size).toBe(4 * 3);
    expect(countsAfter([...orders].reverse())).toEqual(expected);
  });
});

describe('similarity', () => {
  it('is the cosine of the two customer sets, zero without overlap', () => {
    expect(similarity(2, 4, 4)).toBe(0.5);
    expect(similarity(3, 3, 3)).toBe(1);
    expect(similarity(0, 3, 3)).toBe(0);
    expect(similarity(1, 0, 3)).toBe(0);
  });
});
