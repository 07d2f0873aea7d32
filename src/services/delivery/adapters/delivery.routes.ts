import type { FastifyPluginAsync } from 'fastify';
import type { DeliveryContext } from '../app/context.js';
import { courierRoutes } from './courier.routes.js';
import { offerRoutes } from './offer.routes.js';

/**
 * Every route of the delivery service. The static `/api/deliveries/me|offers|jobs` paths win over the
 * `:orderId` ones in Fastify's router.
 */
export function deliveryRoutes(ctx: DeliveryContext): FastifyPluginAsync {
  return async (app) => {
    await app.register(courierRoutes(ctx));
    await app.register(offerRoutes(ctx));
  };
}
