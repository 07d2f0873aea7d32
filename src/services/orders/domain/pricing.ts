import type { Fulfillment } from '../contract.js';
import type { Money } from './order-events.js';

/**
 * The delivery fee: ₹30 base plus ₹8 per kilometre started, in paise; pickup is free. Whole kilometres
 * started, so the fee a customer sees does not jitter with the last decimals of a coordinate.
 */
export const DELIVERY_BASE_FEE = 3_000;
export const DELIVERY_FEE_PER_KM = 800;
/** Kitchen time each order ahead in the restaurant's queue adds to the estimate. */
export const QUEUE_MINUTES_PER_ORDER = 3;
/** A courier's average speed in town. */
export const COURIER_SPEED_KMH = 20;

export const inr = (amount: number): Money => ({ amount, currency: 'INR' });

export function deliveryFee(fulfillment: Fulfillment, distanceKm: number | null): Money {
  if (fulfillment === 'PICKUP') return inr(0);
  return inr(DELIVERY_BASE_FEE + DELIVERY_FEE_PER_KM * Math.ceil(Math.max(0, distanceKm ?? 0)));
}

/**
 * When the order should reach the customer (or be ready for pickup): now + the restaurant's preparation
 * time + the queue ahead of it + the ride (for delivery), rounded up to whole minutes.
 */
export function estimateDeliveryTime(input: {
  now: Date;
  preparationMinutes: number;
  ordersAhead: number;
  fulfillment: Fulfillment;
  distanceKm: number | null;
}): Date {
  const travel = input.fulfillment === 'DELIVERY' ? ((input.distanceKm ?? 0) / COURIER_SPEED_KMH) * 60 : 0;
  const minutes = Math.ceil(input.preparationMinutes + input.ordersAhead * QUEUE_MINUTES_PER_ORDER + travel);
  return new Date(input.now.getTime() + minutes * 60_000);
}

export function totalOf(subtotal: Money, fee: Money, discount: Money): Money {
  return inr(Math.max(0, subtotal.amount + fee.amount - discount.amount));
}
