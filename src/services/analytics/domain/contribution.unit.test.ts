import { describe, expect, it } from 'vitest';
import {
  contributionDelta,
  contributionOf,
  orderRevenue,
  truncate,
  HOUR_MS,
  MINUTE_MS,
} from './contribution.js';
import {
  applyCreated,
  applyPayment,
  applyRefund,
  applyStatus,
  emptyFacts,
  type OrderFacts,
} from './order-facts.js';
import type { OrderStatus } from '../../orders/index.js';

const at = (minute: number, hour = 9) => new Date(Date.UTC(2026, 2, 2, hour, minute)).toISOString();

function order(method: 'CARD' | 'CASH', placedMinute = 0): OrderFacts {
  return applyCreated(emptyFacts('o1'), {
    restaurantId: 'r1',
    createdAt: at(placedMinute),
    totalAmount: 50000,
    paymentMethod: method,
    lines: [
      { menuItemId: 'dosa', name: 'Masala Dosa', quantity: 2, lineTotal: 30000 },
      { menuItemId: 'coffee', name: 'Filter Coffee', quantity: 1, lineTotal: 5000 },
      { menuItemId: 'dosa', name: 'Masala Dosa', quantity: 1, lineTotal: 15000 },
    ],
  });
}
const move = (facts: OrderFacts, status: OrderStatus, minute: number) =>
  applyStatus(facts, {
    restaurantId: 'r1',
    status,
    changedAt: at(minute),
    totalAmount: 50000,
    refunded: false,
  });

describe('revenue of an order', () => {
  it('is the captured card payment, less its refund', () => {
    const paid = applyPayment(order('CARD'), { captured: 50000 });
    expect(orderRevenue(paid)).toBe(50000);
    expect(orderRevenue(applyRefund(paid, 50000))).toBe(0);
  });

  it('is nothing for a card order whose payment was not captured', () => {
    expect(orderRevenue(move(order('CARD'), 'CANCELLED', 1))).toBe(0);
  });

  it('counts cash only once the order is handed over', () => {
    const cash = move(order('CASH'), 'CONFIRMED', 1);
    expect(orderRevenue(cash)).toBe(0);
    expect(orderRevenue(move(cash, 'DELIVERED', 40))).toBe(50000);
    expect(orderRevenue(move(cash, 'PICKED_UP', 40))).toBe(50000);
    expect(orderRevenue(move(cash, 'CANCELLED', 5))).toBe(0);
  });
});

describe('the contribution of an order', () => {
  it('is nothing while the restaurant is unknown (only a payment seen)', () => {
    expect(contributionOf(applyPayment(emptyFacts('o1'), { captured: 100 }))).toBeNull();
  });

  it('files the order under its placement hour and minute, with timings once both ends are known', () => {
    let facts = applyPayment(order('CARD', 7), { captured: 50000 });
    for (const [status, minute] of [
      ['CONFIRMED', 8],
      ['PREPARING', 10],
      ['READY', 20],
      ['OUT_FOR_DELIVERY', 25],
      ['DELIVERED', 52],
    ] as const) {
      facts = move(facts, status, minute);
    }
    const c = contributionOf(facts);
    expect(c).toMatchObject({ hour: at(0), minute: at(7), status: 'DELIVERED', restaurantId: 'r1' });
    expect(c?.counters).toEqual({
      orders: 1,
      revenue: 50000,
      revenueOrders: 1,
      cancelled: 0,
      refunded: 0,
      prepMs: 12 * MINUTE_MS,
      prepCount: 1,
      deliveryMs: 27 * MINUTE_MS,
      deliveryCount: 1,
      totalMs: 45 * MINUTE_MS,
      totalCount: 1,
    });
    // The same dish on two lines counts as one item.
    expect(c?.items).toEqual([
      { menuItemId: 'dosa', name: 'Masala Dosa', quantity: 3, revenue: 45000 },
      { menuItemId: 'coffee', name: 'Filter Coffee', quantity: 1, revenue: 5000 },
    ]);
  });

  it('sells no items when the order is cancelled, and counts the cancellation and refund', () => {
    const facts = applyRefund(move(applyPayment(order('CARD'), { captured: 50000 }), 'CANCELLED', 3), 50000);
    const c = contributionOf(facts);
    expect(c?.items).toEqual([]);
    expect(c?.counters).toMatchObject({ orders: 1, cancelled: 1, refunded: 1, revenue: 0, revenueOrders: 0 });
  });
});

describe('the delta between two contributions', () => {
  it('is empty when nothing changed (a repeated event)', () => {
    const c = contributionOf(order('CARD'));
    expect(contributionDelta(c, c, at(0))).toEqual({ hourly: [], minutely: [], statuses: [], items: [] });
  });

  it('moves the status count from the old status to the new one', () => {
    const before = contributionOf(order('CARD'));
    const after = contributionOf(move(order('CARD'), 'CONFIRMED', 1));
    const delta = contributionDelta(before, after, at(0));
    expect(delta.statuses).toEqual([
      { hour: at(0), restaurantId: 'r1', status: 'CONFIRMED', orders: 1 },
      { hour: at(0), restaurantId: 'r1', status: 'PENDING', orders: -1 },
    ]);
    expect(delta.hourly).toEqual([]);
  });

  it('moves the whole order to another hour when OrderCreated corrects a first-seen instant', () => {
    const seenLate = applyStatus(emptyFacts('o1'), {
      restaurantId: 'r1',
      status: 'CONFIRMED',
      changedAt: at(5, 10),
      totalAmount: 50000,
      refunded: false,
    });
    const before = contributionOf(seenLate);
    const after = contributionOf(
      applyCreated(seenLate, {
        restaurantId: 'r1',
        createdAt: at(58, 9),
        totalAmount: 50000,
        paymentMethod: 'CARD',
        lines: [],
      }),
    );
    const delta = contributionDelta(before, after, at(0, 0));
    expect(delta.hourly.map((row) => [row.hour, row.counters.orders])).toEqual([
      [at(0, 9), 1],
      [at(0, 10), -1],
    ]);
    expect(delta.minutely.map((row) => [row.minute, row.orders])).toEqual([
      [at(58, 9), 1],
      [at(5, 10), -1],
    ]);
  });

  it('leaves minutes before the retention cutoff alone', () => {
    const c = contributionOf(order('CARD', 5));
    expect(contributionDelta(null, c, at(6)).minutely).toEqual([]);
    expect(contributionDelta(null, c, at(5)).minutely).toHaveLength(1);
  });
});

describe('truncate', () => {
  it('rounds down to the hour or minute in UTC', () => {
    expect(truncate('2026-03-02T09:59:59.999Z', HOUR_MS)).toBe('2026-03-02T09:00:00.000Z');
    expect(truncate('2026-03-02T09:59:59.999+05:30', MINUTE_MS)).toBe('2026-03-02T04:29:00.000Z');
  });
});
