import type { FastifyPluginAsync } from 'fastify';
import type { UsersContext } from '../app/context.js';
import { addressRoutes } from './addresses.routes.js';
import { adminRoutes } from './admin.routes.js';
import { orderHistoryRoutes } from './order-history.routes.js';
import { profileRoutes } from './profile.routes.js';

/** Every route of the users service. `/api/users/me...` is registered as static paths, so it wins over `:id`. */
export function usersRoutes(ctx: UsersContext): FastifyPluginAsync {
  return async (app) => {
    await app.register(profileRoutes(ctx));
    await app.register(addressRoutes(ctx));
    await app.register(orderHistoryRoutes(ctx));
    await app.register(adminRoutes(ctx));
  };
}
