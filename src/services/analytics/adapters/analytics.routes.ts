import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { requirePrincipal, requireRole } from '../../../platform/http/principal.js';
import { RangeQuery, RestaurantParams, RestaurantReport, SummaryReport } from '../contract.js';
import type { AnalyticsContext } from '../app/context.js';
import { platformSummary, restaurantReport } from '../app/reports.js';
import { assertMayReadRestaurant } from '../domain/access.js';
import { errorResponses } from '../../../platform/http/index.js';

const errors = errorResponses;
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];
const tags = ['analytics'];
const RANGE_NOTE =
  'Orders are counted in the hour they were placed; `from` is rounded down to its hour. Default: the last ' +
  '24 hours. 400 `ANALYTICS.INVALID_RANGE` when `from` is not before `to`, `ANALYTICS.RANGE_TOO_LONG` past 92 days.';

/** The operators' dashboard and each restaurant's own figures. */
export function analyticsRoutes(ctx: AnalyticsContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/analytics/summary',
      {
        schema: {
          tags,
          summary: 'Platform-wide orders, revenue, timings and top items (system admins)',
          description: RANGE_NOTE,
          security,
          querystring: RangeQuery,
          response: { 200: SummaryReport, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        requireRole(request, 'SYSTEM_ADMIN');
        return platformSummary(ctx, request.query);
      },
    );

    app.get(
      '/api/analytics/restaurants/:id',
      {
        schema: {
          tags,
          summary: "One restaurant's figures (its staff and admins, system admins)",
          description: RANGE_NOTE,
          security,
          params: RestaurantParams,
          querystring: RangeQuery,
          response: { 200: RestaurantReport, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        assertMayReadRestaurant(requirePrincipal(request), request.params.id);
        return restaurantReport(ctx, request.params.id, request.query);
      },
    );
  };
}
