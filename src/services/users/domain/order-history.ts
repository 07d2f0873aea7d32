import type { OrderStatus } from '../../orders/index.js';

/**
 * Where each status sits in an order's life. Statuses only move forward, so when two changes carry the same
 * instant the later rank is the later change; the ends (DELIVERED, PICKED_UP, CANCELLED) rank last.
 */
const STATUS_RANK: Record<OrderStatus, number> = {
  PENDING: 0,
  CONFIRMED: 1,
  PREPARING: 2,
  READY: 3,
  OUT_FOR_DELIVERY: 4,
  DELIVERED: 5,
  PICKED_UP: 5,
  CANCELLED: 6,
};

export function statusRank(status: OrderStatus): number {
  return STATUS_RANK[status];
}

export interface HistoryItem {
  name: string;
  quantity: number;
}

/** `Masala Dosa × 2, Filter Coffee × 1`: what a list row shows of the order's lines. */
export function itemSummary(items: readonly HistoryItem[]): string {
  return items.map((item) => `${item.name} × ${item.quantity}`).join(', ');
}
