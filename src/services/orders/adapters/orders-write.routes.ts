import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError, CommonErrors } from '../../../platform/errors/app-error.js';
import { requirePrincipal, requireRole } from '../../../platform/http/principal.js';
import { cancelOrder, changeStatus } from '../app/change-status.js';
import type { OrdersContext } from '../app/context.js';
import { placeOrder } from '../app/place-order.js';
import {
  CancelOrderBody,
  ChangeStatusBody,
  OrderIdParams,
  OrderView,
  PlaceOrderBody,
} from '../orders.schemas.js';
import { actorOf, errors, security, tags } from './route-kit.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Placing orders and moving them through their life. */
export function ordersWriteRoutes(plugin: FastifyInstance, ctx: OrdersContext): void {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/orders',
    {
      schema: {
        tags,
        security,
        summary:
          'Place an order (CUSTOMER). 201 paid and CONFIRMED; 202 PENDING while payments cannot be reached; ' +
          '402 ORDERS.PAYMENT_DECLINED when the card is declined (the order is CANCELLED). Honours Idempotency-Key.',
        body: PlaceOrderBody,
        response: { 201: OrderView, 202: OrderView, ...errors(400, 401, 402, 403, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'CUSTOMER');
      const header = request.headers['idempotency-key'];
      const key = Array.isArray(header) ? header[0] : header;
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new AppError(CommonErrors.VALIDATION, 'Idempotency-Key must be 1..200 printable characters.');
      }
      const placed = await placeOrder(ctx, principal.userId, request.body, key);
      return reply
        .code(placed.statusCode)
        .header('location', `/api/orders/${placed.view.orderId}`)
        .send(placed.view);
    },
  );

  app.put(
    '/api/orders/:id/status',
    {
      schema: {
        tags,
        security,
        summary:
          'Move an order on: staff of its restaurant (PREPARING, READY, PICKED_UP), its courier (OUT_FOR_DELIVERY, DELIVERED); CANCELLED cancels',
        params: OrderIdParams,
        body: ChangeStatusBody,
        response: { 200: OrderView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = actorOf(requirePrincipal(request));
      return changeStatus(ctx, request.params.id, actor, request.body.status, request.body.reason);
    },
  );

  app.post(
    '/api/orders/:id/cancel',
    {
      schema: {
        tags,
        security,
        summary:
          'Cancel an order: its customer before PREPARING, its restaurant (CONFIRMED, PREPARING), an admin; a paid order is refunded',
        params: OrderIdParams,
        body: CancelOrderBody,
        response: { 200: OrderView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = actorOf(requirePrincipal(request));
      return cancelOrder(ctx, request.params.id, actor, request.body.reason);
    },
  );
}
