import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  CategoriesQuery,
  CategoriesView,
  ListItemsQuery,
  MenuItemPage,
  MenuItemView,
  RestaurantMenuView,
  Uuid,
} from '../contract.js';
import type { CatalogContext } from '../app/context.js';
import { cachedCategories, cachedItem, cachedMenu, listItems } from '../app/read-items.js';
import { sendCachedJson } from './send-cached.js';
import { errorResponses } from '../../../platform/http/index.js';

const tags = ['catalog'];
export const errors = errorResponses;

/** The public reads of the menu; none needs a token. */
export function catalogReadRoutes(plugin: FastifyInstance, ctx: CatalogContext): void {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/menu/items',
    {
      preValidation: splitDietaryList,
      schema: {
        tags,
        summary:
          'A page of menu items, filtered by restaurant, category, dietary tags (all of them), availability',
        querystring: ListItemsQuery,
        response: { 200: MenuItemPage, ...errors(400) },
      },
    },
    async (request) => listItems(ctx, request.query),
  );

  app.get(
    '/api/menu/items/:id',
    {
      schema: {
        tags,
        summary: 'One menu item (ETag; 304 when unchanged)',
        params: Type.Object({ id: Uuid }),
        response: { 200: MenuItemView, ...errors(400, 404) },
      },
    },
    async (request, reply) => sendCachedJson(request, reply, await cachedItem(ctx, request.params.id)),
  );

  app.get(
    '/api/menu/restaurants/:restaurantId',
    {
      schema: {
        tags,
        summary: "A restaurant's whole menu, sold-out items included (cached; ETag, 304 when unchanged)",
        params: Type.Object({ restaurantId: Uuid }),
        response: { 200: RestaurantMenuView, ...errors(400, 404) },
      },
    },
    async (request, reply) =>
      sendCachedJson(request, reply, (await cachedMenu(ctx, request.params.restaurantId)).menu),
  );

  app.get(
    '/api/menu/categories',
    {
      schema: {
        tags,
        summary: "A restaurant's categories in menu order, or every restaurant's (ETag)",
        querystring: CategoriesQuery,
        response: { 200: CategoriesView, ...errors(400, 404) },
      },
    },
    async (request, reply) =>
      sendCachedJson(request, reply, await cachedCategories(ctx, request.query.restaurantId)),
  );
}

/** `dietary=VEGAN,JAIN` means the same as `dietary=VEGAN&dietary=JAIN`. */
async function splitDietaryList(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown>;
  const value = query.dietary;
  if (typeof value === 'string' || Array.isArray(value)) {
    query.dietary = ([] as unknown[])
      .concat(value)
      .flatMap((entry) => (typeof entry === 'string' ? entry.split(',').map((t) => t.trim()) : [entry]))
      .filter((entry) => entry !== '');
  }
}
