import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { SearchPage, SearchQuery, SuggestQuery, SuggestResponse } from '../contract.js';
import type { SearchContext } from '../app/context.js';
import { search } from '../app/search.js';
import { suggest } from '../app/suggest.js';
import { errorResponses } from '../../../platform/http/index.js';

const tags = ['search'];
const errors = errorResponses;

/** The public search routes: like the restaurant list, they need no sign-in. */
export function searchRoutes(ctx: SearchContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/search',
      {
        preValidation: splitLists,
        schema: {
          tags,
          summary:
            'Restaurants and dishes by relevance (typos tolerated), filtered by cuisine, dietary tags, ' +
            'allergens, price, open now, distance and rating; paged',
          querystring: SearchQuery,
          response: { 200: SearchPage, ...errors(400) },
        },
      },
      async (request) => search(ctx, request.query),
    );

    app.get(
      '/api/search/suggest',
      {
        schema: {
          tags,
          summary: 'Up to ten dish names, restaurant names and cuisines for what is being typed',
          querystring: SuggestQuery,
          response: { 200: SuggestResponse, ...errors(400) },
        },
      },
      async (request) => suggest(ctx, request.query),
    );
  };
}

const LIST_PARAMS = ['dietary', 'excludeAllergens'] as const;

/** `dietary=VEGAN,JAIN` means the same as `dietary=VEGAN&dietary=JAIN` (likewise excludeAllergens). */
async function splitLists(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown>;
  for (const name of LIST_PARAMS) {
    const value = query[name];
    if (typeof value === 'string' || Array.isArray(value)) {
      query[name] = ([] as unknown[])
        .concat(value)
        .flatMap((entry) => (typeof entry === 'string' ? entry.split(',').map((t) => t.trim()) : [entry]))
        .filter((entry) => entry !== '');
    }
  }
}
