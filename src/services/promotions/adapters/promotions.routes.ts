import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { requirePrincipal } from '../../../platform/http/principal.js';
import {
  CreatePromotionBody,
  ListPromotionsQuery,
  PatchPromotionBody,
  PromotionPage,
  PromotionParams,
  PromotionQuoteView,
  PromotionView,
  QuoteBody,
} from '../contract.js';
import type { PromotionsContext } from '../app/context.js';
import { createPromotion, deactivatePromotion, patchPromotion } from '../app/manage-promotions.js';
import { getPromotion, listPromotions } from '../app/read-promotions.js';
import { quote } from '../app/redemptions.js';
import { errorResponses } from '../../../platform/http/index.js';

const tags = ['promotions'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];
const errors = errorResponses;

/** `/api/promotions`: reads of running offers are public; changes need an admin of the offer. */
export function promotionsRoutes(ctx: PromotionsContext): FastifyPluginAsync {
  return async (plugin: FastifyInstance) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/promotions',
      {
        schema: {
          tags,
          security,
          summary: 'Create an offer (its restaurant’s admins; system admins for any, or platform-wide)',
          body: CreatePromotionBody,
          response: { 201: PromotionView, ...errors(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => {
        const actor = requirePrincipal(request);
        const created = await createPromotion(ctx, actor, request.body);
        return reply.code(201).header('location', `/api/promotions/${created.id}`).send(created);
      },
    );

    app.get(
      '/api/promotions',
      {
        schema: {
          tags,
          summary:
            'A page of offers running now; `includeInactive` (admins) adds scheduled, expired and ended ones',
          querystring: ListPromotionsQuery,
          response: { 200: PromotionPage, ...errors(400, 401, 403) },
        },
      },
      async (request) => listPromotions(ctx, request.principal, request.query),
    );

    app.post(
      '/api/promotions/quote',
      {
        schema: {
          tags,
          security,
          summary: 'Price a code for the signed-in customer’s cart, reserving nothing',
          body: QuoteBody,
          response: { 200: PromotionQuoteView, ...errors(400, 401, 422) },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request);
        return quote(ctx, { ...request.body, customerId: principal.userId });
      },
    );

    app.get(
      '/api/promotions/:id',
      {
        schema: {
          tags,
          summary: 'One offer (scheduled and deactivated ones only for its admins)',
          params: PromotionParams,
          response: { 200: PromotionView, ...errors(400, 404) },
        },
      },
      async (request) => getPromotion(ctx, request.principal, request.params.id),
    );

    app.patch(
      '/api/promotions/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Change the title, description, end, cap or active switch of an offer',
          params: PromotionParams,
          body: PatchPromotionBody,
          response: { 200: PromotionView, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => patchPromotion(ctx, requirePrincipal(request), request.params.id, request.body),
    );

    app.delete(
      '/api/promotions/:id',
      {
        schema: {
          tags,
          security,
          summary: 'End an offer now (deactivate; kept for the orders that used it)',
          params: PromotionParams,
          response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await deactivatePromotion(ctx, requirePrincipal(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
