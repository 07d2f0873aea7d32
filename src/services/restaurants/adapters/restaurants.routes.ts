import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { requirePrincipal, requireRole } from '../../../platform/http/principal.js';
import { sendWithEtag } from '../../../platform/http/etag.js';
import {
  ApprovalBody,
  CreateRestaurantBody,
  ListQuery,
  PatchRestaurantBody,
  RestaurantPage,
  RestaurantView,
} from '../contract.js';
import { canManage } from '../domain/access.js';
import { decideApproval, createRestaurant } from '../app/create-restaurant.js';
import { patchRestaurant } from '../app/change-restaurant.js';
import type { RestaurantsContext } from '../app/context.js';
import { listRestaurants } from '../app/list-restaurants.js';
import { requireAccess, requireVisible } from '../app/restaurant-access.js';
import { toView } from '../app/restaurant-views.js';
import { refuseUnknownDays } from './strict-hours.js';
import { errorResponses } from '../../../platform/http/index.js';

export const tags = ['restaurants'];
export const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];
export const errors = errorResponses;
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** The restaurant routes: list, create (or apply), detail, profile changes and approval. */
export function restaurantsRoutes(ctx: RestaurantsContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/restaurants',
      {
        schema: {
          tags,
          summary: 'List active restaurants, filtered, sorted and paged',
          querystring: ListQuery,
          response: { 200: RestaurantPage, ...errors(400, 403) },
        },
      },
      async (request) => listRestaurants(ctx, request.principal, request.query),
    );

    app.post(
      '/api/restaurants',
      {
        preValidation: refuseUnknownDays,
        schema: {
          tags,
          summary: 'Create an active restaurant (system admin) or apply for one (anyone signed in)',
          security,
          body: CreateRestaurantBody,
          response: { 201: RestaurantView, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const record = await createRestaurant(ctx, requirePrincipal(request), request.body);
        reply.header('location', `/api/restaurants/${record.id}`);
        return reply.code(201).send(toView(record, ctx.clock.now()));
      },
    );

    app.get(
      '/api/restaurants/:id',
      {
        schema: {
          tags,
          summary: 'One restaurant (ETag; If-None-Match answers 304)',
          params: IdParams,
          response: { 200: RestaurantView, ...errors(400, 404) },
        },
      },
      async (request, reply) => {
        const record = await requireVisible(ctx, request.principal, request.params.id);
        return sendWithEtag(request, reply, toView(record, ctx.clock.now()));
      },
    );

    app.patch(
      '/api/restaurants/:id',
      {
        schema: {
          tags,
          summary: "Change the profile (the restaurant's admin or a system admin)",
          security,
          params: IdParams,
          body: PatchRestaurantBody,
          response: { 200: RestaurantView, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { id } = request.params;
        await requireAccess(ctx, requirePrincipal(request), id, canManage, 'change the profile');
        return toView(await patchRestaurant(ctx, id, request.body), ctx.clock.now());
      },
    );

    app.put(
      '/api/restaurants/:id/approval',
      {
        schema: {
          tags,
          summary: 'Approve or reject an application (system admin)',
          security,
          params: IdParams,
          body: ApprovalBody,
          response: { 200: RestaurantView, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        requireRole(request, 'SYSTEM_ADMIN');
        const record = await decideApproval(ctx, request.params.id, request.body);
        return toView(record, ctx.clock.now());
      },
    );
  };
}
