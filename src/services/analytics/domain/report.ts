import { ORDER_STATUSES, type OrderStatus } from '../../orders/index.js';
import type { RestaurantReport } from '../contract.js';
import { COUNTER_NAMES, zeroCounters, type Counters } from './contribution.js';
import type { ReportRange } from './report-range.js';

/** The aggregate rows a report is made of, as read for one range (and one restaurant, or all). */
export interface ReportRows {
  /** Summed over restaurants, one row per hour that has any. */
  hours: Array<{ hour: string } & Counters>;
  minutes: Array<{ minute: string; orders: number; revenue: number }>;
  statuses: Array<{ status: string; orders: number }>;
  topItems: Array<{ menuItemId: string; name: string; quantity: number; revenue: number }>;
}

export type ReportBody = Omit<RestaurantReport, 'restaurantId'>;

const inr = (amount: number) => ({ amount, currency: 'INR' as const });

/** Assembles the report: totals, rates and averages from the hourly rows, zero-filled series. */
export function buildReport(range: ReportRange, rows: ReportRows): ReportBody {
  const totals = zeroCounters();
  const byHour = new Map<string, Counters>();
  for (const row of rows.hours) {
    byHour.set(row.hour, row);
    for (const name of COUNTER_NAMES) totals[name] += row[name];
  }
  const byMinute = new Map(rows.minutes.map((row) => [row.minute, row]));
  const statusCounts = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as Record<
    OrderStatus,
    number
  >;
  for (const row of rows.statuses) {
    if (row.status in statusCounts) statusCounts[row.status as OrderStatus] += row.orders;
  }
  return {
    from: range.from,
    to: range.to,
    orders: totals.orders,
    revenue: inr(totals.revenue),
    averageOrderValue: inr(
      totals.revenueOrders === 0 ? 0 : Math.round(totals.revenue / totals.revenueOrders),
    ),
    statusCounts,
    ordersPerHour: range.hours.map((hour) => {
      const row = byHour.get(hour);
      return { hour, orders: row?.orders ?? 0, revenue: inr(row?.revenue ?? 0) };
    }),
    ordersPerMinute: range.minutes.map((minute) => {
      const row = byMinute.get(minute);
      return { minute, orders: row?.orders ?? 0, revenue: inr(row?.revenue ?? 0) };
    }),
    averagePreparationMinutes: averageMinutes(totals.prepMs, totals.prepCount),
    averageDeliveryMinutes: averageMinutes(totals.deliveryMs, totals.deliveryCount),
    averageTotalMinutes: averageMinutes(totals.totalMs, totals.totalCount),
    cancellationRate: rate(totals.cancelled, totals.orders),
    refundRate: rate(totals.refunded, totals.orders),
    topItems: rows.topItems.map((item) => ({
      menuItemId: item.menuItemId,
      name: item.name,
      quantity: item.quantity,
      revenue: inr(item.revenue),
    })),
  };
}

/** Minutes to one decimal; null without a sample (no figure is better than a made-up zero). */
export function averageMinutes(totalMs: number, count: number): number | null {
  if (count === 0) return null;
  return Math.round(totalMs / count / 6_000) / 10;
}

/** A share in 0..1 to four decimals; zero of zero is zero. */
export function rate(part: number, whole: number): number {
  if (whole === 0) return 0;
  return Math.round((part / whole) * 10_000) / 10_000;
}
