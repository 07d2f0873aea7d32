import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { requirePrincipal } from '../../../platform/http/principal.js';
import { OrderHistoryPage, OrderHistoryQuery } from '../contract.js';
import type { UsersContext } from '../app/context.js';
import { listMyOrders } from '../read/list-my-orders.js';
import { errors, security } from './route-kit.js';

const tags = ['users', 'orders'];

/** The signed-in user's order history (the read model fed by the orders service's events). */
export function orderHistoryRoutes(ctx: UsersContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/users/me/orders',
      {
        schema: {
          tags,
          summary: 'My orders, newest first, optionally of one status',
          security,
          querystring: OrderHistoryQuery,
          response: { 200: OrderHistoryPage, ...errors(400, 401) },
        },
      },
      async (request) => listMyOrders(ctx.orderHistory, requirePrincipal(request).userId, request.query),
    );
  };
}
