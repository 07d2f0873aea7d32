import type { Sql, SqlExecutor } from '../../../platform/db/sql.js';
import type { Fulfillment, OrderStatus } from '../../orders/index.js';
import type { HistoryItem } from '../domain/order-history.js';

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
const VALUES = '$1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14';

function toParams(e: OrderHistoryEntry): unknown[] {
  return [
    e.orderId,
    e.customerId,
    e.restaurantId,
    e.status,
    e.statusRank,
    e.totalAmount.amount,
    e.totalAmount.currency,
    JSON.stringify(e.items),
    e.fulfillment,
    e.refunded,
    e.createdAt,
    e.updatedAt,
    e.promotionCode,
    e.discount,
  ];
}

/** The projection's writes, on the consumer's transaction (the one that records the event in the inbox). */
export function orderHistoryWriter(tx: SqlExecutor) {
  return {
    /**
     * The order as created. A row already there came from a status change that overtook OrderCreated: it
     * holds a later status, so only the creation instant and the promotion are taken from here.
     */
    async recordCreated(entry: OrderHistoryEntry): Promise<void> {
      await tx.query(
        `INSERT INTO users.order_history (${COLUMNS}) VALUES (${VALUES})
         ON CONFLICT (order_id) DO UPDATE SET created_at = EXCLUDED.created_at,
           promotion_code = EXCLUDED.promotion_code, discount = EXCLUDED.discount`,
        toParams(entry),
      );
    },

    /**
     * A status change: creates the row when it is the first event seen of the order, and otherwise moves
     * the status only forward, by (changedAt, rank), so an older or repeated change never undoes a newer
     * one. A refund is never undone either.
     */
    async recordStatus(entry: OrderHistoryEntry): Promise<void> {
      const newer = `(EXCLUDED.updated_at, EXCLUDED.status_rank) > (h.updated_at, h.status_rank)`;
      await tx.query(
        `INSERT INTO users.order_history AS h (${COLUMNS}) VALUES (${VALUES})
         ON CONFLICT (order_id) DO UPDATE SET
           status = CASE WHEN ${newer} THEN EXCLUDED.status ELSE h.status END,
           status_rank = CASE WHEN ${newer} THEN EXCLUDED.status_rank ELSE h.status_rank END,
           updated_at = GREATEST(h.updated_at, EXCLUDED.updated_at),
           refunded = h.refunded OR EXCLUDED.refunded`,
        toParams(entry),
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
