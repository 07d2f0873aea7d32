import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { requirePrincipal } from '../../../platform/http/principal.js';
import { Recommendations, RecommendationsQuery } from '../contract.js';
import type { RecommendationsContext } from '../app/context.js';
import { recommend } from '../app/recommend.js';
import { errorResponses } from '../../../platform/http/index.js';

const errors = errorResponses;

export function recommendationsRoutes(ctx: RecommendationsContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/api/recommendations',
      {
        schema: {
          tags: ['recommendations'],
          summary: 'Restaurants and dishes for me, each with a reason',
          description:
            'Ranked from my preferences and from what customers who ordered what I ordered also ordered; ' +
            'popular near `lat`/`lng` (restaurants that deliver there), or in the whole city, when there is ' +
            'nothing personal to go on. Open restaurants first. `limit` (1-50, default 10) per list.',
          security: [{ bearerAuth: [] }, { cookieAuth: [] }],
          querystring: RecommendationsQuery,
          response: { 200: Recommendations, ...errors(400, 401) },
        },
      },
      async (request) => recommend(ctx, requirePrincipal(request).userId, request.query),
    );
  };
}
