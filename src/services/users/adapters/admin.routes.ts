import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { requireRole } from '../../../platform/http/principal.js';
import { Roles } from '../../auth/index.js';
import { AdminUserView, ListUsersQuery, SetStatusBody, UserPage } from '../contract.js';
import { getUser, listUsers, setUserStatus } from '../app/admin.js';
import type { UsersContext } from '../app/context.js';
import { errors, security } from './route-kit.js';

const tags = ['users', 'admin'];
const UserParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Administration of accounts; SYSTEM_ADMIN only. */
export function adminRoutes(ctx: UsersContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/users',
      {
        schema: {
          tags,
          summary: 'Accounts, oldest first, filtered by text, role and status (SYSTEM_ADMIN)',
          security,
          querystring: ListUsersQuery,
          response: { 200: UserPage, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        requireRole(request, Roles.SYSTEM_ADMIN);
        return listUsers(ctx, request.query);
      },
    );

    app.get(
      '/api/users/:id',
      {
        schema: {
          tags,
          summary: "A user's profile and the last status set by an administrator (SYSTEM_ADMIN)",
          security,
          params: UserParams,
          response: { 200: AdminUserView, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        requireRole(request, Roles.SYSTEM_ADMIN);
        return getUser(ctx, request.params.id);
      },
    );

    app.put(
      '/api/users/:id/status',
      {
        schema: {
          tags,
          summary: 'Disable or re-enable an account; disabling ends its sessions (SYSTEM_ADMIN)',
          security,
          params: UserParams,
          body: SetStatusBody,
          response: { 200: AdminUserView, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const admin = requireRole(request, Roles.SYSTEM_ADMIN);
        return setUserStatus(ctx, admin.userId, request.params.id, request.body);
      },
    );
  };
}
