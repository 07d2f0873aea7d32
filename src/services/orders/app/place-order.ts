import { createHash } from 'node:crypto';
import { AppError } from '../../../platform/errors/app-error.js';
import { OrdersErrors } from '../contract.js';
import type { OrderLine } from '../domain/order-events.js';
import { awaitingPayment, type Order } from '../domain/order-state.js';
import { deliveryFee, estimateDeliveryTime, inr, totalOf } from '../domain/pricing.js';
import type { OrderView, PlaceOrderBody } from '../orders.schemas.js';
import { countOrdersAhead, findOrderView } from '../read/order-queries.js';
import { toOrderView } from '../read/order-view.js';
import type { OrdersContext } from './context.js';
import { checkAddressShape, checkRestaurant, priceItems, resolveAddress } from './order-checks.js';
import { claimKey, markWritten, releaseKey, type KeyedRequest } from './idempotency-keys.js';
import { executeOrderCommand, loadOrder, type Executed } from './order-stream.js';
import { chargeOrder } from './payment-steps.js';

export interface PlacedOrder {
  /** 201 confirmed (or further along, on a repeat), 202 waiting for payments. */
  statusCode: 201 | 202;
  view: OrderView;
}

/**
 * Seed flow 1: validate the items with the catalog, check the restaurant, append OrderPlaced (PENDING)
 * with OrderCreated in the outbox, charge with the order id as the idempotency key, record the outcome.
 * A declined payment cancels the order and answers 402 `ORDERS.PAYMENT_DECLINED` naming the order; payments
 * unreachable leaves it PENDING (202) for PaymentProcessed or the sweeper to finish.
 */
export async function placeOrder(
  ctx: OrdersContext,
  customerId: string,
  body: PlaceOrderBody,
  idempotencyKey?: string,
): Promise<PlacedOrder> {
  checkAddressShape(body);
  const orderId = ctx.ids.next();
  if (idempotencyKey === undefined) return placeNew(ctx, customerId, body, orderId);
  const keyed = { customerId, key: idempotencyKey, requestHash: hashOf(body) };
  const claim = await claimKey(ctx.sql, ctx.clock, keyed, orderId);
  if (claim.kind === 'placed') return resume(ctx, claim.orderId);
  try {
    return await placeNew(ctx, customerId, body, orderId, keyed);
  } catch (error) {
    // A refused request leaves its key free for a corrected retry; an order that was written keeps it.
    await releaseKey(ctx.sql, keyed, orderId).catch((releaseError: unknown) =>
      ctx.log.warn({ err: releaseError, orderId }, 'Idempotency-Key not released; it frees itself later'),
    );
    throw error;
  }
}

async function placeNew(
  ctx: OrdersContext,
  customerId: string,
  body: PlaceOrderBody,
  orderId: string,
  keyed?: KeyedRequest,
): Promise<PlacedOrder> {
  const address = await resolveAddress(ctx, customerId, body);
  const priced = await priceItems(ctx, body);
  const orderable = await checkRestaurant(ctx, body, address);

  const now = ctx.clock.now();
  const distanceKm = body.fulfillment === 'DELIVERY' ? (orderable.distanceKm ?? 0) : null;
  const fee = deliveryFee(body.fulfillment, distanceKm);
  // The catalog answers a valid request with its lines in request order.
  const items: OrderLine[] = priced.items.map((line, i) => {
    const instructions = body.items[i]?.specialInstructions;
    return {
      menuItemId: line.menuItemId,
      name: line.name,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      lineTotal: line.lineTotal,
      ...(instructions === undefined ? {} : { specialInstructions: instructions }),
    };
  });

  // The redemption is reserved last before the order is written (nothing that can fail comes between),
  // so the last one of a limited code goes to exactly one order; an order that then fails to be written
  // gives it back (or the promotions service's timer does, if this process dies first). A refused code
  // refuses the order with promotions' own code.
  const promotion =
    body.promotionCode === undefined
      ? undefined
      : await ctx.promotions.redeem({
          code: body.promotionCode,
          orderId,
          restaurantId: body.restaurantId,
          customerId,
          subtotal: priced.subtotal,
        });
  const discount = promotion?.discount ?? inr(0);
  let placed: Executed;
  try {
    // The queue is counted in the order's own transaction: one commit for both, and the estimate sees
    // the queue the order joins.
    placed = await ctx.sql.transaction(async (tx) => {
      const eta = estimateDeliveryTime({
        now,
        preparationMinutes: orderable.restaurant.averagePreparationMinutes,
        ordersAhead: await countOrdersAhead(tx, body.restaurantId),
        fulfillment: body.fulfillment,
        distanceKm,
      });
      return executeOrderCommand(
        ctx,
        orderId,
        {
          type: 'PlaceOrder',
          order: {
            orderId,
            customerId,
            restaurantId: body.restaurantId,
            fulfillment: body.fulfillment,
            items,
            subtotal: priced.subtotal,
            deliveryFee: fee,
            discount,
            ...(promotion === undefined
              ? {}
              : {
                  promotion: {
                    promotionId: promotion.promotionId,
                    code: promotion.code,
                    title: promotion.title,
                    discount: promotion.discount,
                  },
                }),
            totalAmount: totalOf(priced.subtotal, fee, discount),
            paymentMethod: body.payment.method,
            deliveryAddress: address,
            distanceKm,
            estimatedDeliveryTime: eta.toISOString(),
          },
        },
        {
          tx,
          // A new id has no stream yet: nothing to read (were it taken, the append's version check refuses).
          known: { state: null, version: 0, correlationId: orderId, lastEventId: null },
          alsoWrite: async (t) => {
            await t.query(
              'INSERT INTO orders.payment_requests (order_id, payment, created_at) VALUES ($1, $2::jsonb, $3)',
              [orderId, JSON.stringify(body.payment), now],
            );
            // The key's claim turns written with the order, unless a repeat took it over meanwhile.
            if (keyed !== undefined) await markWritten(t, keyed, orderId);
          },
        },
      );
    });
  } catch (error) {
    if (promotion !== undefined) await giveBackRedemption(ctx, orderId);
    throw error;
  }
  const charged = await chargeOrder(ctx, placed.order, body.payment, placed.position);
  return answer(ctx, charged.order, charged.version);
}

async function giveBackRedemption(ctx: OrdersContext, orderId: string): Promise<void> {
  try {
    await ctx.promotions.release({ orderId });
  } catch (error) {
    ctx.log.warn({ err: error, orderId }, 'redemption not released; the promotions timer will release it');
  }
}

/** A repeat of a placement: finishes the payment step if a crash left it, and answers as the first time. */
async function resume(ctx: OrdersContext, orderId: string): Promise<PlacedOrder> {
  const { state } = await loadOrder(ctx, orderId);
  if (state === null) throw new AppError(OrdersErrors.NOT_FOUND, 'No such order.');
  const order =
    awaitingPayment(state) && state.payment.state === 'REQUESTED'
      ? (await chargeOrder(ctx, state)).order
      : state;
  return answer(ctx, order);
}

/**
 * The placement's answer. With the stream version this request's own last write left, the view is the
 * one that write projected (a new order has no courier position yet); a repeat reads the stored view.
 */
async function answer(ctx: OrdersContext, order: Order, version?: number): Promise<PlacedOrder> {
  const view =
    version === undefined
      ? await findOrderView(ctx.sql, order.orderId)
      : { ...toOrderView(order, version), courierLocation: null };
  if (view === null) throw new Error(`order ${order.orderId} has no detail row`);
  if (order.status === 'CANCELLED' && order.payment.state === 'FAILED') {
    throw new AppError(OrdersErrors.PAYMENT_DECLINED, 'The payment was declined; the order is cancelled.', {
      details: {
        orderId: order.orderId,
        status: order.status,
        reason: order.cancellation?.reason ?? null,
        failureCode: order.payment.failureCode,
      },
    });
  }
  return { statusCode: order.status === 'PENDING' ? 202 : 201, view };
}

/** A hash of the body that does not depend on the order of its keys. */
function hashOf(body: PlaceOrderBody): string {
  return createHash('sha256').update(stableJson(body)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
