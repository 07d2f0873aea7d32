import { describe, expect, it } from 'vitest';
import { addReview } from './rating.js';

describe('addReview', () => {
  it('averages the reviews: 5 then 3 is 4 from two', () => {
    const first = addReview({ average: 0, count: 0 }, 5);
    expect(first).toEqual({ average: 5, count: 1 });
    expect(addReview(first, 3)).toEqual({ average: 4, count: 2 });
  });

  it('blends a new review into an existing rating by its count', () => {
    const next = addReview({ average: 4.5, count: 10 }, 1);
    expect(next.count).toBe(11);
    expect(next.average).toBeCloseTo(46 / 11, 10);
  });
});
