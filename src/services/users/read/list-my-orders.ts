import type { OrderHistoryPage, OrderHistoryQuery, OrderHistoryView } from '../contract.js';
import { itemSummary } from '../domain/order-history.js';
import type { OrderHistoryEntry, OrderHistoryStore } from './order-history.sql.js';

/** The caller's own orders, newest first; nobody else's can be asked for. */
export async function listMyOrders(
  store: OrderHistoryStore,
  customerId: string,
  query: OrderHistoryQuery,
): Promise<OrderHistoryPage> {
  const { page, size } = query;
  const { entries, total } = await store.list(
    customerId,
    query.status === undefined ? {} : { status: query.status },
    { offset: page * size, limit: size },
  );
  return {
    content: entries.map(toHistoryView),
    page,
    size,
    totalElements: total,
    totalPages: Math.ceil(total / size),
  };
}

function toHistoryView(entry: OrderHistoryEntry): OrderHistoryView {
  return {
    orderId: entry.orderId,
    restaurantId: entry.restaurantId,
    status: entry.status,
    fulfillment: entry.fulfillment,
    totalAmount: entry.totalAmount,
    items: entry.items,
    itemSummary: itemSummary(entry.items),
    refunded: entry.refunded,
    promotionCode: entry.promotionCode,
    discount: { amount: entry.discount, currency: entry.totalAmount.currency },
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  };
}
