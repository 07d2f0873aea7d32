import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireRole } from '../../../platform/http/principal.js';
import { AvailabilityBody, CreateMenuItemBody, MenuItemView, PatchMenuItemBody, Uuid } from '../contract.js';
import type { CatalogContext } from '../app/context.js';
import { createItem, deleteItem, patchItem, setAvailability } from '../app/manage-items.js';
import { MENU_MANAGER_ROLES } from '../domain/menu-access.js';
import { errors } from './catalog-read.routes.js';

const tags = ['catalog'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];
const ItemParams = Type.Object({ id: Uuid });

/** Menu changes: restaurant staff and admins of the item's restaurant, or a system admin. */
export function catalogWriteRoutes(plugin: FastifyInstance, ctx: CatalogContext): void {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/menu/items',
    {
      schema: {
        tags,
        security,
        summary: "Add an item to a restaurant's menu",
        body: CreateMenuItemBody,
        response: { 201: MenuItemView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireRole(request, ...MENU_MANAGER_ROLES);
      const item = await createItem(ctx, actor, request.body);
      return reply.code(201).header('location', `/api/menu/items/${item.id}`).send(item);
    },
  );

  app.patch(
    '/api/menu/items/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change some fields of an item (never its restaurant)',
        params: ItemParams,
        body: PatchMenuItemBody,
        response: { 200: MenuItemView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireRole(request, ...MENU_MANAGER_ROLES);
      return patchItem(ctx, actor, request.params.id, request.body);
    },
  );

  app.put(
    '/api/menu/items/:id/availability',
    {
      schema: {
        tags,
        security,
        summary: 'Mark an item sold out (`available: false`) or back on',
        params: ItemParams,
        body: AvailabilityBody,
        response: { 200: MenuItemView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireRole(request, ...MENU_MANAGER_ROLES);
      return setAvailability(ctx, actor, request.params.id, request.body.available);
    },
  );

  app.delete(
    '/api/menu/items/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Remove an item from the menu (kept for order history)',
        params: ItemParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireRole(request, ...MENU_MANAGER_ROLES);
      await deleteItem(ctx, actor, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
