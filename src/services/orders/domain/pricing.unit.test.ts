import { describe, expect, it } from 'vitest';
import { deliveryFee, estimateDeliveryTime, inr, totalOf } from './pricing.js';

describe('pricing', () => {
  it('charges ₹30 plus ₹8 per kilometre started for delivery, nothing for pickup', () => {
    expect(deliveryFee('DELIVERY', 0)).toEqual(inr(3_000));
    expect(deliveryFee('DELIVERY', 2.1)).toEqual(inr(3_000 + 3 * 800));
    expect(deliveryFee('PICKUP', 12)).toEqual(inr(0));
  });

  it('adds the fee and takes off the discount, never below zero', () => {
    expect(totalOf(inr(10_000), inr(3_800), inr(0))).toEqual(inr(13_800));
    expect(totalOf(inr(100), inr(0), inr(500))).toEqual(inr(0));
  });

  it('estimates preparation + queue + ride', () => {
    const now = new Date('2026-03-02T09:00:00.000Z');
    const eta = estimateDeliveryTime({
      now,
      preparationMinutes: 20,
      ordersAhead: 2,
      fulfillment: 'DELIVERY',
      distanceKm: 5,
    });
    // 20 + 2 × 3 + 5 km at 20 km/h (15 min)
    expect(eta.toISOString()).toBe('2026-03-02T09:41:00.000Z');
    const pickup = estimateDeliveryTime({
      now,
      preparationMinutes: 20,
      ordersAhead: 0,
      fulfillment: 'PICKUP',
      distanceKm: 5,
    });
    expect(pickup.toISOString()).toBe('2026-03-02T09:20:00.000Z');
  });
});
