import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { requirePrincipal } from '../../../platform/http/principal.js';
import type { OrdersContext } from '../app/context.js';
import { listOrders, orderDetail, orderTimeline } from '../app/read-orders.js';
import { ListOrdersQuery, OrderIdParams, OrderPage, OrderView, TimelineView } from '../orders.schemas.js';
import { actorOf, errors, security, tags } from './route-kit.js';

/** The read models: lists by role, the detail, the timeline. */
export function ordersReadRoutes(plugin: FastifyInstance, ctx: OrdersContext): void {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/orders',
    {
      schema: {
        tags,
        security,
        summary:
          "A page of orders: a customer's own history, staff their restaurants' orders (active=true: the live queue), " +
          'a courier their jobs, an admin all; filters status, restaurantId, from/to (created), sort',
        querystring: ListOrdersQuery,
        response: { 200: OrderPage, ...errors(400, 401, 403) },
      },
    },
    async (request) => listOrders(ctx, actorOf(requirePrincipal(request)), request.query),
  );

  app.get(
    '/api/orders/:id',
    {
      schema: {
        tags,
        security,
        summary: "An order's detail (its customer, its restaurant's staff, its courier, an admin)",
        params: OrderIdParams,
        response: { 200: OrderView, ...errors(400, 401, 404) },
      },
    },
    async (request) => orderDetail(ctx, request.params.id, actorOf(requirePrincipal(request))),
  );

  app.get(
    '/api/orders/:id/timeline',
    {
      schema: {
        tags,
        security,
        summary: "Every event of the order: status changes and the saga's steps (payment, refund)",
        params: OrderIdParams,
        response: { 200: TimelineView, ...errors(400, 401, 404) },
      },
    },
    async (request) => orderTimeline(ctx, request.params.id, actorOf(requirePrincipal(request))),
  );
}
