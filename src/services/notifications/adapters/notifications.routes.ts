import type { FastifyPluginAsync } from 'fastify';
import type { NotificationsContext } from '../app/context.js';
import { adminEmailRoutes } from './admin-emails.routes.js';
import { inboxRoutes } from './inbox.routes.js';

/** Every route of the notifications service. */
export function notificationsRoutes(ctx: NotificationsContext): FastifyPluginAsync {
  return async (app) => {
    await app.register(inboxRoutes(ctx));
    await app.register(adminEmailRoutes(ctx));
  };
}
