import { AppError, hasCode } from '../../../platform/errors/app-error.js';
import { OrdersErrors, type OrdersClient } from '../../orders/index.js';
import { RealtimeErrors } from '../contract.js';
import {
  canViewOrder,
  subscriptionKeys,
  type Destination,
  type OrderParties,
  type Viewer,
} from '../domain/destinations.js';

/** The order's parties from the orders service; undefined for an unknown order. */
async function findOrder(
  orders: Pick<OrdersClient, 'getOrder'>,
  orderId: string,
): Promise<OrderParties | undefined> {
  try {
    const order = await orders.getOrder({ orderId });
    return { customerId: order.customerId, restaurantId: order.restaurantId, courierId: order.courierId };
  } catch (error) {
    if (hasCode(error, OrdersErrors.NOT_FOUND)) return undefined;
    throw error;
  }
}

/**
 * The keys a SUBSCRIBE listens on, asking orders for an order topic. An unknown order and another's order
 * are refused alike, so that order ids cannot be probed.
 */
export async function authorizeSubscription(
  orders: Pick<OrdersClient, 'getOrder'>,
  viewer: Viewer,
  destination: Destination,
): Promise<string[]> {
  const order = destination.kind === 'order' ? await findOrder(orders, destination.orderId) : undefined;
  const keys = subscriptionKeys(viewer, destination, order);
  if (keys === null) {
    throw new AppError(RealtimeErrors.SUBSCRIPTION_FORBIDDEN, 'You may not subscribe to this destination.');
  }
  return keys;
}

/** The order stream's gate: the same people who may GET the order; 404 for anyone else. */
export async function assertCanStreamOrder(
  orders: Pick<OrdersClient, 'getOrder'>,
  viewer: Viewer,
  orderId: string,
): Promise<void> {
  const order = await findOrder(orders, orderId);
  if (order === undefined || !canViewOrder(viewer, order)) {
    throw new AppError(RealtimeErrors.ORDER_NOT_FOUND, 'No such order.', { details: { orderId } });
  }
}
