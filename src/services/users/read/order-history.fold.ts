import type { OrderStatus } from '../../orders/index.js';
import type { OrderHistoryEntry } from './order-history.sql.js';

/** One event of an order, as the projection reads it. */
export type OrderHistoryFact =
  { kind: 'created'; entry: OrderHistoryEntry } | { kind: 'status'; entry: OrderHistoryEntry };

/** A status change, placed in the order's life by (instant, rank). */
export interface StatusChange {
  status: OrderStatus;
  statusRank: number;
  at: Date;
}

/**
 * What some events of one order write, in one statement (order-history.sql.ts `recordOrders`): the row
 * they leave when the order is new, and what they change on a row already stored.
 */
export interface OrderHistoryWrite {
  /**
   * The row these events leave on their own, each applied in turn: the first one makes it (the order as
   * created, or as the status change tells it), the others apply as on a stored row. Its refund is the OR
   * of theirs; with an OrderCreated among them, its creation instant, promotion code and discount are the
   * last OrderCreated's.
   */
  entry: OrderHistoryEntry;
  /** Whether an OrderCreated is among them: only then are a stored row's creation and promotion replaced. */
  created: boolean;
  /**
   * The newest status change among them by (instant, rank), the first of equals; null without one. A
   * stored row takes it only if it is newer than the row's own, as each change in turn would have. An
   * OrderCreated never moves a stored status: it is not a change.
   */
  newestChange: StatusChange | null;
}

/**
 * Folds events (in the order they came) into one write per order, following the rules of the projection's
 * SQL exactly, so that the writes leave what the events one by one would have left. An order appears once:
 * one statement may not upsert a row twice.
 */
export function foldOrderHistory(facts: readonly OrderHistoryFact[]): OrderHistoryWrite[] {
  const writes = new Map<string, OrderHistoryWrite>();
  for (const fact of facts) {
    const { entry } = fact;
    const write = writes.get(entry.orderId);
    if (write === undefined) {
      writes.set(entry.orderId, {
        entry,
        created: fact.kind === 'created',
        newestChange: fact.kind === 'status' ? changeOf(entry) : null,
      });
    } else if (fact.kind === 'created') {
      write.entry = {
        ...write.entry,
        createdAt: entry.createdAt,
        promotionCode: entry.promotionCode,
        discount: entry.discount,
      };
      write.created = true;
    } else {
      const change = changeOf(entry);
      const newer = isNewer(change, { ...write.entry, at: write.entry.updatedAt });
      write.entry = {
        ...write.entry,
        status: newer ? change.status : write.entry.status,
        statusRank: newer ? change.statusRank : write.entry.statusRank,
        updatedAt: newer ? change.at : write.entry.updatedAt,
        refunded: write.entry.refunded || entry.refunded,
      };
      if (write.newestChange === null || isNewer(change, write.newestChange)) write.newestChange = change;
    }
  }
  return [...writes.values()];
}

function changeOf(entry: OrderHistoryEntry): StatusChange {
  return { status: entry.status, statusRank: entry.statusRank, at: entry.updatedAt };
}

/** `(changedAt, rank) > (stored changedAt, stored rank)`: strictly, so that the first of equals stays. */
function isNewer(change: StatusChange, than: { at: Date; statusRank: number }): boolean {
  const a = change.at.getTime();
  const b = than.at.getTime();
  return a > b || (a === b && change.statusRank > than.statusRank);
}
