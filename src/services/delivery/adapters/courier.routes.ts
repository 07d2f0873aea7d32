import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { requireRole } from '../../../platform/http/principal.js';
import { CourierStatusView, JobPage, PageQuery, SetAvailabilityBody } from '../contract.js';
import type { DeliveryContext } from '../app/context.js';
import { getCourierStatus, setAvailability } from '../app/couriers.js';
import { listJobs } from '../app/jobs.js';
import { COURIER_ROLE, errors, security, tags } from './route-kit.js';

/** The signed-in courier's availability and jobs. */
export function courierRoutes(ctx: DeliveryContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/deliveries/me',
      {
        schema: {
          tags,
          summary: 'My availability and position (offline with no position until first set)',
          security,
          response: { 200: CourierStatusView, ...errors(401, 403) },
        },
      },
      async (request) => getCourierStatus(ctx, requireRole(request, COURIER_ROLE).userId),
    );

    app.put(
      '/api/deliveries/me',
      {
        schema: {
          tags,
          summary: 'Go online or offline, with where I am now',
          security,
          body: SetAvailabilityBody,
          response: { 200: CourierStatusView, ...errors(400, 401, 403) },
        },
      },
      async (request) => setAvailability(ctx, requireRole(request, COURIER_ROLE).userId, request.body),
    );

    app.get(
      '/api/deliveries/jobs',
      {
        schema: {
          tags,
          summary: 'My assignments: active ones first, then the newest',
          security,
          querystring: PageQuery,
          response: { 200: JobPage, ...errors(400, 401, 403) },
        },
      },
      async (request) => listJobs(ctx, requireRole(request, COURIER_ROLE).userId, request.query),
    );
  };
}
