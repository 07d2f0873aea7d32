import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { requirePrincipal } from '../../../platform/http/principal.js';
import { ListNotificationsQuery, NotificationPage, NotificationView, ReadAllResult } from '../contract.js';
import type { NotificationsContext } from '../app/context.js';
import { inboxesOf, listNotifications, readAllNotifications, readNotification } from '../app/inbox.js';
import { errors, security } from './route-kit.js';

const tags = ['notifications'];
const NotificationParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** The caller's in-app inbox (with their restaurants' inboxes for restaurant staff). */
export function inboxRoutes(ctx: NotificationsContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/notifications',
      {
        schema: {
          tags,
          summary:
            "My notifications, newest first, with my restaurants' for staff; unread=true for unread only",
          security,
          querystring: ListNotificationsQuery,
          response: { 200: NotificationPage, ...errors(400, 401) },
        },
      },
      async (request) => listNotifications(ctx, inboxesOf(requirePrincipal(request)), request.query),
    );

    app.post(
      '/api/notifications/read-all',
      {
        schema: {
          tags,
          summary: 'Mark every notification of my inboxes read',
          security,
          response: { 200: ReadAllResult, ...errors(401) },
        },
      },
      async (request) => readAllNotifications(ctx, inboxesOf(requirePrincipal(request))),
    );

    app.post(
      '/api/notifications/:id/read',
      {
        schema: {
          tags,
          summary: 'Mark one of my notifications read (another inbox answers 404)',
          security,
          params: NotificationParams,
          response: { 200: NotificationView, ...errors(400, 401, 404) },
        },
      },
      async (request) => readNotification(ctx, inboxesOf(requirePrincipal(request)), request.params.id),
    );
  };
}
