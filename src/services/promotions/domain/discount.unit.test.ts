import { describe, expect, it } from 'vitest';
import { discountFor, type DiscountTerms } from './discount.js';

const percent = (percentOff: number, maxDiscount: number | null = null): DiscountTerms => ({
  kind: 'PERCENT',
  percentOff,
  amountOff: null,
  maxDiscount,
});
const fixed = (amountOff: number): DiscountTerms => ({
  kind: 'FIXED',
  percentOff: null,
  amountOff,
  maxDiscount: null,
});

describe('the discount of a percentage', () => {
  it('is the exact share when it falls on a whole paisa', () => {
    expect(discountFor(percent(20), 50_000)).toBe(10_000);
    expect(discountFor(percent(15), 1_000)).toBe(150);
  });

  it('rounds a fraction of a paisa down, never giving more than the advertised percentage', () => {
    // 15% of ₹9.99 = 149.85 paise → 149; 33% of 1 paisa = 0.33 → 0; 10% of 999 = 99.9 → 99.
    expect(discountFor(percent(15), 999)).toBe(149);
    expect(discountFor(percent(33), 1)).toBe(0);
    expect(discountFor(percent(10), 999)).toBe(99);
    for (const subtotal of [1, 7, 99, 101, 12_345, 99_999_999]) {
      for (const p of [1, 7, 33, 50, 99]) {
        const discount = discountFor(percent(p), subtotal);
        expect(discount * 100).toBeLessThanOrEqual(subtotal * p);
        expect((discount + 1) * 100).toBeGreaterThan(subtotal * p);
      }
    }
  });

  it('is held to its cap', () => {
    expect(discountFor(percent(50, 10_000), 100_000)).toBe(10_000);
    expect(discountFor(percent(50, 10_000), 15_000)).toBe(7_500);
  });

  it('takes the whole subtotal at 100%, and no more whatever the cap', () => {
    expect(discountFor(percent(100), 45_000)).toBe(45_000);
    expect(discountFor(percent(100, 1_000_000), 45_000)).toBe(45_000);
  });
});

describe('the discount of a fixed amount', () => {
  it('is the amount when the subtotal covers it', () => {
    expect(discountFor(fixed(10_000), 45_000)).toBe(10_000);
  });

  it('never exceeds the subtotal', () => {
    expect(discountFor(fixed(10_000), 6_000)).toBe(6_000);
    expect(discountFor(fixed(10_000), 10_000)).toBe(10_000);
  });
});

describe('a subtotal with nothing to discount', () => {
  it('gets no discount', () => {
    expect(discountFor(percent(20), 0)).toBe(0);
    expect(discountFor(fixed(500), 0)).toBe(0);
    expect(discountFor(fixed(500), -10)).toBe(0);
  });
});
