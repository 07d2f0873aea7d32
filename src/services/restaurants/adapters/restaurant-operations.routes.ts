import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { requirePrincipal } from '../../../platform/http/principal.js';
import { AddStaffBody, HoursBody, HoursView, RestaurantView, StaffMember, StatusBody } from '../contract.js';
import { canManage, canOperate } from '../domain/access.js';
import { setHours, setOpen } from '../app/change-restaurant.js';
import type { RestaurantsContext } from '../app/context.js';
import type { RestaurantRecord } from '../app/ports.js';
import { requireAccess, requireVisible } from '../app/restaurant-access.js';
import { toView } from '../app/restaurant-views.js';
import { addStaff, listStaff, removeStaff } from '../app/staff.js';
import { errors, IdParams, security, tags } from './restaurants.routes.js';
import { refuseUnknownDays } from './strict-hours.js';

const StaffParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  accountId: Type.String({ format: 'uuid' }),
});

/** Running a restaurant: its hours, the open/closed switch and its staff. */
export function restaurantOperationsRoutes(ctx: RestaurantsContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const hoursView = (record: RestaurantRecord): HoursView => {
      const view = toView(record, ctx.clock.now());
      return {
        restaurantId: view.id,
        timeZone: view.timeZone,
        hours: view.hours,
        open: view.open,
        openNow: view.openNow,
      };
    };

    app.get(
      '/api/restaurants/:id/hours',
      {
        schema: {
          tags,
          summary: "Weekly opening hours, in the restaurant's time zone",
          params: IdParams,
          response: { 200: HoursView, ...errors(400, 404) },
        },
      },
      async (request) => hoursView(await requireVisible(ctx, request.principal, request.params.id)),
    );

    app.put(
      '/api/restaurants/:id/hours',
      {
        preValidation: refuseUnknownDays,
        schema: {
          tags,
          summary: "Replace the weekly opening hours (the restaurant's admin or a system admin)",
          security,
          params: IdParams,
          body: HoursBody,
          response: { 200: HoursView, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { id } = request.params;
        await requireAccess(ctx, requirePrincipal(request), id, canManage, 'change the hours');
        return hoursView(await setHours(ctx, id, request.body.hours));
      },
    );

    app.put(
      '/api/restaurants/:id/status',
      {
        schema: {
          tags,
          summary: 'Switch the restaurant open or closed (its staff, its admin or a system admin)',
          security,
          params: IdParams,
          body: StatusBody,
          response: { 200: RestaurantView, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { id } = request.params;
        const principal = requirePrincipal(request);
        await requireAccess(ctx, principal, id, canOperate, 'switch the open state');
        return toView(await setOpen(ctx, id, request.body, principal.userId), ctx.clock.now());
      },
    );

    app.get(
      '/api/restaurants/:id/staff',
      {
        schema: {
          tags,
          summary: "The restaurant's staff (its admin or a system admin)",
          security,
          params: IdParams,
          response: { 200: Type.Array(StaffMember), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { id } = request.params;
        await requireAccess(ctx, requirePrincipal(request), id, canManage, 'see the staff');
        return listStaff(ctx, id);
      },
    );

    app.post(
      '/api/restaurants/:id/staff',
      {
        schema: {
          tags,
          summary: 'Make an account staff or admin of the restaurant (by email)',
          security,
          params: IdParams,
          body: AddStaffBody,
          response: { 201: StaffMember, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        await requireAccess(ctx, requirePrincipal(request), id, canManage, 'manage the staff');
        return reply.code(201).send(await addStaff(ctx, id, request.body));
      },
    );

    app.delete(
      '/api/restaurants/:id/staff/:accountId',
      {
        schema: {
          tags,
          summary: 'Take the restaurant away from a member',
          security,
          params: StaffParams,
          response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { id, accountId } = request.params;
        await requireAccess(ctx, requirePrincipal(request), id, canManage, 'manage the staff');
        await removeStaff(ctx, id, accountId);
        return reply.code(204).send(null);
      },
    );
  };
}
