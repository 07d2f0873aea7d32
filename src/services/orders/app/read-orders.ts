import { AppError, CommonErrors } from '../../../platform/errors/app-error.js';
import { OrdersErrors } from '../contract.js';
import { canView, Roles, type Actor } from '../domain/actor.js';
import type { ListOrdersQuery, OrderPage, OrderView, TimelineView } from '../orders.schemas.js';
import { findOrderView, findTimeline, listOrderViews, type OrderScope } from '../read/order-queries.js';
import type { OrdersContext } from './context.js';

const notFound = (orderId: string) =>
  new AppError(OrdersErrors.NOT_FOUND, 'No such order.', { details: { orderId } });

/** The detail, for its customer, its restaurant's staff, its courier or an admin; 404 for anyone else. */
export async function orderDetail(ctx: OrdersContext, orderId: string, actor: Actor): Promise<OrderView> {
  const view = await findOrderView(ctx.sql, orderId);
  if (view === null || !canView(actor, view)) throw notFound(orderId);
  return view;
}

export async function orderTimeline(
  ctx: OrdersContext,
  orderId: string,
  actor: Actor,
): Promise<TimelineView> {
  await orderDetail(ctx, orderId, actor);
  return { orderId, entries: await findTimeline(ctx.sql, orderId) };
}

/**
 * Whose orders a list shows: an admin all of them; restaurant staff their restaurants' (optionally one of
 * them); a courier their jobs; a customer their own history. The strongest role a caller holds decides.
 */
export function scopeFor(actor: Actor, query: ListOrdersQuery): OrderScope {
  if (actor.kind === 'system' || actor.roles.includes(Roles.SYSTEM_ADMIN)) return { kind: 'all' };
  const isStaff =
    actor.roles.includes(Roles.RESTAURANT_STAFF) || actor.roles.includes(Roles.RESTAURANT_ADMIN);
  if (isStaff && actor.restaurantIds.length > 0) {
    if (query.restaurantId !== undefined && !actor.restaurantIds.includes(query.restaurantId)) {
      throw new AppError(CommonErrors.FORBIDDEN, 'You do not work for this restaurant.', {
        details: { restaurantId: query.restaurantId },
      });
    }
    return { kind: 'restaurants', restaurantIds: [...actor.restaurantIds] };
  }
  if (actor.roles.includes(Roles.DELIVERY_PARTNER)) return { kind: 'courier', courierId: actor.userId };
  if (actor.roles.includes(Roles.CUSTOMER)) return { kind: 'customer', customerId: actor.userId };
  throw new AppError(CommonErrors.FORBIDDEN, 'Your roles have no orders to list.');
}

export function listOrders(ctx: OrdersContext, actor: Actor, query: ListOrdersQuery): Promise<OrderPage> {
  return listOrderViews(ctx.sql, scopeFor(actor, query), query);
}
