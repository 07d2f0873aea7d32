import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { requireRole } from '../../../platform/http/principal.js';
import { Roles } from '../../auth/index.js';
import { ListEmailsQuery, OutboxEmailPage } from '../contract.js';
import type { NotificationsContext } from '../app/context.js';
import { listOutboxEmails } from './notifications.sql.js';
import { errors, security } from './route-kit.js';

/** The local email outbox (used when no SMTP server is configured); SYSTEM_ADMIN only. */
export function adminEmailRoutes(ctx: NotificationsContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/admin/notifications/emails',
      {
        schema: {
          tags: ['notifications', 'admin'],
          summary:
            'Emails kept in the local outbox, newest first (SYSTEM_ADMIN; empty when SMTP is configured)',
          security,
          querystring: ListEmailsQuery,
          response: { 200: OutboxEmailPage, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        requireRole(request, Roles.SYSTEM_ADMIN);
        const { page, size } = request.query;
        const { content, total } = await listOutboxEmails(ctx.sql, { page, size });
        return { content, page, size, totalElements: total, totalPages: Math.ceil(total / size) };
      },
    );
  };
}
