import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { requirePrincipal } from '../../../platform/http/principal.js';
import { ReviewBody, ReviewPage, ReviewsQuery, ReviewView } from '../contract.js';
import type { RestaurantsContext } from '../app/context.js';
import { listReviews, postReview } from '../app/reviews.js';
import { errors, IdParams, security, tags } from './restaurants.routes.js';

/** A restaurant's reviews: public to read, written by the customers of its completed orders. */
export function reviewsRoutes(ctx: RestaurantsContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/restaurants/:id/reviews',
      {
        schema: {
          tags,
          summary: 'Reviews of a restaurant, newest first',
          params: IdParams,
          querystring: ReviewsQuery,
          response: { 200: ReviewPage, ...errors(400, 404) },
        },
      },
      async (request) => listReviews(ctx, request.principal, request.params.id, request.query),
    );

    app.post(
      '/api/restaurants/:id/reviews',
      {
        schema: {
          tags,
          summary: 'Review an order of mine from this restaurant, once it was delivered or picked up',
          security,
          params: IdParams,
          body: ReviewBody,
          response: { 201: ReviewView, ...errors(400, 401, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const review = await postReview(ctx, requirePrincipal(request), request.params.id, request.body);
        return reply.code(201).send(review);
      },
    );
  };
}
