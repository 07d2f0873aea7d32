import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { requirePrincipal } from '../../../platform/http/principal.js';
import { ListPaymentsQuery, PaymentPage, PaymentView } from '../contract.js';
import type { PaymentsContext } from '../app/context.js';
import { getPayment, listOrderPayments } from '../app/read-payments.js';
import { errorResponses } from '../../../platform/http/index.js';

const tags = ['payments'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];
const errors = errorResponses;
const PaymentParams = Type.Object({ paymentId: Type.String({ format: 'uuid' }) });

/**
 * Reading payments: the paying customer and SYSTEM_ADMIN only. Anyone else gets 404, exactly as for an
 * unknown id, so the routes never confirm that an order or payment exists. Charging and refunding are not
 * HTTP routes: only the orders saga does them, through the client.
 */
export function paymentsRoutes(ctx: PaymentsContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/payments',
      {
        schema: {
          tags,
          summary: "An order's payments, card data masked (the paying customer or SYSTEM_ADMIN)",
          security,
          querystring: ListPaymentsQuery,
          response: { 200: PaymentPage, ...errors(400, 401, 404) },
        },
      },
      async (request) => listOrderPayments(ctx, requirePrincipal(request), request.query),
    );

    app.get(
      '/api/payments/:paymentId',
      {
        schema: {
          tags,
          summary: 'One payment, card data masked (the paying customer or SYSTEM_ADMIN)',
          security,
          params: PaymentParams,
          response: { 200: PaymentView, ...errors(400, 401, 404) },
        },
      },
      async (request) => getPayment(ctx, requirePrincipal(request), request.params.paymentId),
    );
  };
}
