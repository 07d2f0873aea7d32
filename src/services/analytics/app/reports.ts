import type { RangeQuery, RestaurantReport, SummaryReport } from '../contract.js';
import { buildReport } from '../domain/report.js';
import { resolveRange } from '../domain/report-range.js';
import { readPerRestaurant, readReportRows } from '../read/report.sql.js';
import type { AnalyticsContext } from './context.js';

const inr = (amount: number) => ({ amount, currency: 'INR' as const });

/** The whole platform's report. Who may read it is the route's business (system admins). */
export async function platformSummary(ctx: AnalyticsContext, query: RangeQuery): Promise<SummaryReport> {
  const range = resolveRange(query, ctx.clock.now());
  const rows = await readReportRows(ctx.sql, range, null);
  const perRestaurant = await readPerRestaurant(ctx.sql, range);
  return {
    ...buildReport(range, rows),
    perRestaurant: perRestaurant.map((row) => ({ ...row, revenue: inr(row.revenue) })),
  };
}

/** One restaurant's report: only its own rows are read. */
export async function restaurantReport(
  ctx: AnalyticsContext,
  restaurantId: string,
  query: RangeQuery,
): Promise<RestaurantReport> {
  const range = resolveRange(query, ctx.clock.now());
  const rows = await readReportRows(ctx.sql, range, restaurantId);
  return { restaurantId, ...buildReport(range, rows) };
}
