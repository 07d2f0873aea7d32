import type { OrderStatus } from '../contract.js';
import type { Actor } from '../domain/actor.js';
import type { OrderCommand } from '../domain/decide-order.js';
import { awaitingRefund } from '../domain/order-state.js';
import type { OrderView } from '../orders.schemas.js';
import type { OrdersContext } from './context.js';
import { executeOrderCommand } from './order-stream.js';
import { refundOrder } from './payment-steps.js';
import { orderDetail } from './read-orders.js';

/** `PUT /api/orders/{id}/status`: a move along DESIGN §3's table; CANCELLED is a cancellation. */
export function changeStatus(
  ctx: OrdersContext,
  orderId: string,
  actor: Actor,
  to: OrderStatus,
  reason?: string,
): Promise<OrderView> {
  return run(ctx, orderId, actor, {
    type: 'ChangeStatus',
    to,
    actor,
    ...(reason === undefined ? {} : { reason }),
  });
}

/**
 * `POST /api/orders/{id}/cancel`. A paid order runs the compensation before it is CANCELLED:
 * CancellationRequested → refund → RefundCompleted → OrderCancelled { refunded: true }.
 */
export function cancelOrder(
  ctx: OrdersContext,
  orderId: string,
  actor: Actor,
  reason: string,
): Promise<OrderView> {
  return run(ctx, orderId, actor, { type: 'CancelOrder', actor, reason });
}

async function run(
  ctx: OrdersContext,
  orderId: string,
  actor: Actor,
  command: OrderCommand,
): Promise<OrderView> {
  const { order } = await executeOrderCommand(ctx, orderId, command);
  // Also when the command was a repeat: a crash may have left the refund undone.
  if (awaitingRefund(order) && order.refund === 'REQUESTED') await refundOrder(ctx, order);
  return orderDetail(ctx, orderId, actor);
}
