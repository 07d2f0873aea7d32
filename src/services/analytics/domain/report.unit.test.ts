import { describe, expect, it } from 'vitest';
import { zeroCounters } from './contribution.js';
import { averageMinutes, buildReport, rate } from './report.js';
import { resolveRange } from './report-range.js';

const NOW = new Date('2026-03-02T09:30:20.000Z');

describe('the range of a report', () => {
  it('defaults to the 24 hours before now, hour by hour, with the last 60 minutes up to now', () => {
    const range = resolveRange({}, NOW);
    expect(range).toMatchObject({ from: '2026-03-01T09:30:20.000Z', to: NOW.toISOString() });
    expect(range.firstHour).toBe('2026-03-01T09:00:00.000Z');
    expect(range.hours).toHaveLength(25);
    expect(range.hours.at(-1)).toBe('2026-03-02T09:00:00.000Z');
    expect(range.minutes).toHaveLength(60);
    expect(range.minutes[0]).toBe('2026-03-02T08:31:00.000Z');
    expect(range.minutes.at(-1)).toBe('2026-03-02T09:30:00.000Z');
  });

  it('takes `from` alone as up to now, and `to` alone as the 24 hours before it', () => {
    expect(resolveRange({ from: '2026-03-02T06:00:00Z' }, NOW).hours).toHaveLength(4);
    expect(resolveRange({ to: '2026-02-10T00:00:00Z' }, NOW).from).toBe('2026-02-09T00:00:00.000Z');
  });

  it('refuses `from` not before `to`, and more than 92 days', () => {
    expect(() => resolveRange({ from: '2026-03-02T09:00:00Z', to: '2026-03-02T09:00:00Z' }, NOW)).toThrowCode(
      'ANALYTICS.INVALID_RANGE',
    );
    expect(() => resolveRange({ from: '2026-03-02T10:00:00Z' }, NOW)).toThrowCode('ANALYTICS.INVALID_RANGE');
    expect(() => resolveRange({ from: '2025-11-01T00:00:00Z', to: '2026-02-02T00:00:00Z' }, NOW)).toThrowCode(
      'ANALYTICS.RANGE_TOO_LONG',
    );
    expect(
      resolveRange({ from: '2025-11-02T00:00:00Z', to: '2026-02-02T00:00:00Z' }, NOW).hours,
    ).toHaveLength(92 * 24);
  });
});

describe('building a report', () => {
  it('zero-fills the series, sums the hours and derives rates and averages', () => {
    const range = resolveRange({ from: '2026-03-02T07:10:00Z', to: '2026-03-02T09:30:00Z' }, NOW);
    const report = buildReport(range, {
      hours: [
        {
          ...zeroCounters(),
          hour: '2026-03-02T07:00:00.000Z',
          orders: 3,
          revenue: 30000,
          revenueOrders: 2,
          cancelled: 1,
        },
        {
          ...zeroCounters(),
          hour: '2026-03-02T09:00:00.000Z',
          orders: 1,
          revenue: 15001,
          revenueOrders: 1,
          refunded: 1,
          prepMs: 25 * 60_000,
          prepCount: 2,
        },
      ],
      minutes: [{ minute: '2026-03-02T09:29:00.000Z', orders: 1, revenue: 15001 }],
      statuses: [
        { status: 'DELIVERED', orders: 3 },
        { status: 'CANCELLED', orders: 1 },
      ],
      topItems: [{ menuItemId: 'dosa', name: 'Masala Dosa', quantity: 5, revenue: 60000 }],
    });
    expect(report.ordersPerHour).toEqual([
      { hour: '2026-03-02T07:00:00.000Z', orders: 3, revenue: { amount: 30000, currency: 'INR' } },
      { hour: '2026-03-02T08:00:00.000Z', orders: 0, revenue: { amount: 0, currency: 'INR' } },
      { hour: '2026-03-02T09:00:00.000Z', orders: 1, revenue: { amount: 15001, currency: 'INR' } },
    ]);
    expect(report.ordersPerMinute).toHaveLength(60);
    expect(report.ordersPerMinute.filter((m) => m.orders > 0)).toEqual([
      { minute: '2026-03-02T09:29:00.000Z', orders: 1, revenue: { amount: 15001, currency: 'INR' } },
    ]);
    expect(report).toMatchObject({
      orders: 4,
      revenue: { amount: 45001, currency: 'INR' },
      averageOrderValue: { amount: 15000, currency: 'INR' },
      cancellationRate: 0.25,
      refundRate: 0.25,
      averagePreparationMinutes: 12.5,
      averageDeliveryMinutes: null,
      averageTotalMinutes: null,
      statusCounts: { PENDING: 0, DELIVERED: 3, CANCELLED: 1, PICKED_UP: 0 },
    });
  });

  it('answers zeros, not NaN, for an empty range', () => {
    expect(rate(0, 0)).toBe(0);
    expect(averageMinutes(0, 0)).toBeNull();
    expect(rate(1, 3)).toBe(0.3333);
  });
});
