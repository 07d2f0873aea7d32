import type { Sql, SqlExecutor } from '../../../platform/db/sql.js';
import type { Fulfillment, OrderStatus } from '../../orders/index.js';
import type { HistoryItem } from '../domain/order-history.js';
import type { OrderHistoryWrite } from './order-history.fold.js';

/** One row of `users.order_history`, as the projection writes it. */
export interface OrderHistoryEntry {
  orderId: string;
  customerId: string;
  restaurantId: string;
  status: OrderStatus;
  statusRank: number;
  totalAmount: { amount: number; currency: string };
  items: HistoryItem[];
  fulfillment: Fulfillment;
  refunded: boolean;
  /** The promotion code applied at checkout; null without one (or before OrderCreated arrived). */
  promotionCode: string | null;
  /** The discount taken off the total, in the total's currency (0 without a promotion). */
  discount: number;
  createdAt: Date;
  /** When `status` took effect. */
  updatedAt: Date;
}

interface HistoryRow {
  order_id: string;
  customer_id: string;
  restaurant_id: string;
  status: OrderStatus;
  status_rank: number;
  total_amount: number;
  currency: string;
  items: HistoryItem[];
  fulfillment: Fulfillment;
  refunded: boolean;
  promotion_code: string | null;
  discount: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'order_id, customer_id, restaurant_id, status, status_rank, total_amount, currency, items, fulfillment, refunded, created_at, updated_at, promotion_code, discount';

/** The projection's writes, on the consumer's transaction (the one that records the events in the inbox). */
export function orderHistoryWriter(tx: SqlExecutor) {
  return {
    /**
     * Writes some orders' events in one statement, rows in order id order (two batches sharing orders wait
     * for each other instead of deadlocking), one write per order (foldOrderHistory). A new order's row is
     * `write.entry`. On a stored row, as each event in turn would:
     * - OrderCreated replaces only the creation instant and the promotion: a row already there came from a
     *   status change that overtook it, and holds a later status;
     * - a status change moves the status only forward, by (changedAt, rank), so an older or repeated
     *   change never undoes a newer one (nor does OrderCreated's PENDING); a refund is never undone either.
     */
    async recordOrders(writes: readonly OrderHistoryWrite[]): Promise<void> {
      if (writes.length === 0) return;
      const byOrder: Record<string, unknown> = {};
      for (const { entry: e, created, newestChange: change } of writes) {
        byOrder[e.orderId] = {
          customer_id: e.customerId,
          restaurant_id: e.restaurantId,
          status: e.status,
          status_rank: e.statusRank,
          total_amount: e.totalAmount.amount,
          currency: e.totalAmount.currency,
          items: e.items,
          fulfillment: e.fulfillment,
          refunded: e.refunded,
          created_at: e.createdAt,
          updated_at: e.updatedAt,
          promotion_code: e.promotionCode,
          discount: e.discount,
          created,
          change_status: change?.status ?? null,
          change_rank: change?.statusRank ?? null,
          change_at: change?.at ?? null,
        };
      }
      // One parameter, an object keyed by order id: the rows come from it, and the conflict path looks
      // up what the batch changes on a stored row (EXCLUDED holds only the new row) in O(log n).
      await tx.query(
        `INSERT INTO users.order_history AS h (${COLUMNS})
         SELECT w.key, r.customer_id, r.restaurant_id, r.status, r.status_rank, r.total_amount, r.currency,
                r.items, r.fulfillment, r.refunded, r.created_at, r.updated_at, r.promotion_code, r.discount
           FROM jsonb_each($1::jsonb) AS w
          CROSS JOIN LATERAL jsonb_to_record(w.value) AS r(customer_id text, restaurant_id text, status text,
                status_rank smallint, total_amount bigint, currency text, items jsonb, fulfillment text,
                refunded boolean, created_at timestamptz, updated_at timestamptz, promotion_code text,
                discount bigint)
          ORDER BY w.key
         ON CONFLICT (order_id) DO UPDATE SET
           (status, status_rank, updated_at, refunded, created_at, promotion_code, discount) = (
             SELECT CASE WHEN n.newer THEN c.change_status ELSE h.status END,
                    CASE WHEN n.newer THEN c.change_rank ELSE h.status_rank END,
                    GREATEST(h.updated_at, c.change_at),
                    h.refunded OR EXCLUDED.refunded,
                    CASE WHEN c.created THEN EXCLUDED.created_at ELSE h.created_at END,
                    CASE WHEN c.created THEN EXCLUDED.promotion_code ELSE h.promotion_code END,
                    CASE WHEN c.created THEN EXCLUDED.discount ELSE h.discount END
               FROM jsonb_to_record($1::jsonb -> EXCLUDED.order_id)
                      AS c(created boolean, change_status text, change_rank smallint, change_at timestamptz)
              CROSS JOIN LATERAL (SELECT (c.change_at, c.change_rank) > (h.updated_at, h.status_rank)
                                    IS TRUE AS newer) AS n)`,
        [JSON.stringify(byOrder)],
      );
    },
  };
}

export interface OrderHistoryStore {
  /** One page of a customer's orders, newest first, and how many there are in all. */
  list(
    customerId: string,
    filter: { status?: OrderStatus },
    page: { offset: number; limit: number },
  ): Promise<{ entries: OrderHistoryEntry[]; total: number }>;
}

export function createOrderHistoryStore(sql: Sql): OrderHistoryStore {
  return {
    async list(customerId, filter, page) {
      const where = `customer_id = $1 AND ($2::text IS NULL OR status = $2)`;
      const params = [customerId, filter.status ?? null];
      const { rows } = await sql.query<HistoryRow>(
        `SELECT ${COLUMNS} FROM users.order_history WHERE ${where}
         ORDER BY created_at DESC, order_id DESC LIMIT $3 OFFSET $4`,
        [...params, page.limit, page.offset],
      );
      const counted = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM users.order_history WHERE ${where}`,
        params,
      );
      return { entries: rows.map(toEntry), total: counted.rows[0]?.n ?? 0 };
    },
  };
}

function toEntry(row: HistoryRow): OrderHistoryEntry {
  return {
    orderId: row.order_id,
    customerId: row.customer_id,
    restaurantId: row.restaurant_id,
    status: row.status,
    statusRank: row.status_rank,
    // bigint arrives as a number from both adapters; Number() guards a driver that sends text.
    totalAmount: { amount: Number(row.total_amount), currency: row.currency },
    items: row.items,
    fulfillment: row.fulfillment,
    refunded: row.refunded,
    promotionCode: row.promotion_code,
    discount: Number(row.discount),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
