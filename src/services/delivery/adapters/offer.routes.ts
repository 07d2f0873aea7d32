import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { requireRole } from '../../../platform/http/principal.js';
import { JobView, LocationAccepted, LocationBody, OfferPage, OrderParams, PageQuery } from '../contract.js';
import { acceptOffer } from '../app/accept-offer.js';
import type { DeliveryContext } from '../app/context.js';
import { reportLocation } from '../app/courier-location.js';
import { listOffers } from '../app/offers.js';
import { COURIER_ROLE, errors, security, tags } from './route-kit.js';

/** Offers for online couriers, accepting one, and the assigned courier's location reports. */
export function offerRoutes(ctx: DeliveryContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/deliveries/offers',
      {
        schema: {
          tags,
          summary: 'Open offers near me (online couriers only), nearest restaurant first',
          security,
          querystring: PageQuery,
          response: { 200: OfferPage, ...errors(400, 401, 403, 409) },
        },
      },
      async (request) => listOffers(ctx, requireRole(request, COURIER_ROLE).userId, request.query),
    );

    app.post(
      '/api/deliveries/:orderId/accept',
      {
        schema: {
          tags,
          summary: 'Accept an offer; the first courier wins, the others get 409 DELIVERY.OFFER_TAKEN',
          description:
            '201 when this call assigned me; 200 when I already had the order (a repeated accept).',
          security,
          params: OrderParams,
          response: { 200: JobView, 201: JobView, ...errors(400, 401, 403, 404, 409, 503) },
        },
      },
      async (request, reply) => {
        const courierId = requireRole(request, COURIER_ROLE).userId;
        const { job, created } = await acceptOffer(ctx, courierId, request.params.orderId);
        return reply.code(created ? 201 : 200).send(job);
      },
    );

    app.post(
      '/api/deliveries/:orderId/location',
      {
        schema: {
          tags,
          summary: "Report my position on an order I'm delivering (OUT_FOR_DELIVERY only)",
          security,
          params: OrderParams,
          body: LocationBody,
          response: { 200: LocationAccepted, ...errors(400, 401, 403, 409) },
        },
      },
      async (request) =>
        reportLocation(ctx, requireRole(request, COURIER_ROLE).userId, request.params.orderId, request.body),
    );
  };
}
