import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { PromotionKind } from '../contract.js';
import type { RedemptionState } from '../domain/redemption-moves.js';

export type RedemptionStatus = 'RESERVED' | 'CONFIRMED' | 'RELEASED';

/** Why a redemption was given back. */
export type ReleaseReason = 'RELEASED_BY_ORDERS' | 'ORDER_CANCELLED' | 'UNCONFIRMED';

/** One order's hold on one offer; amounts in paise. */
export interface Redemption {
  orderId: string;
  promotionId: string;
  code: string;
  title: string;
  kind: PromotionKind;
  customerId: string;
  restaurantId: string;
  subtotal: number;
  discount: number;
  status: RedemptionStatus;
  reservedAt: Date;
  confirmedAt: Date | null;
  releasedAt: Date | null;
  releaseReason: ReleaseReason | null;
}

/** A customer's count of redemptions held of one offer. */
export interface CustomerUseKey {
  promotionId: string;
  customerId: string;
}
export interface CustomerUse extends CustomerUseKey {
  uses: number;
}

interface RedemptionRow {
  order_id: string;
  promotion_id: string;
  code: string;
  title: string;
  kind: PromotionKind;
  customer_id: string;
  restaurant_id: string;
  subtotal: number;
  discount: number;
  status: RedemptionStatus;
  reserved_at: Date;
  confirmed_at: Date | null;
  released_at: Date | null;
  release_reason: ReleaseReason | null;
}

const COLUMNS = `order_id, promotion_id, code, title, kind, customer_id, restaurant_id, subtotal, discount,
  status, reserved_at, confirmed_at, released_at, release_reason`;

/**
 * The redemptions' SQL. Every transaction that changes counters locks in one order — the redemption row,
 * then the offer's row, then the customer's use count — so reservations and releases never deadlock.
 */
export function redemptionsRepo(db: SqlExecutor) {
  return {
    async find(orderId: string, options: { forUpdate?: boolean } = {}): Promise<Redemption | undefined> {
      const { rows } = await db.query<RedemptionRow>(
        `SELECT ${COLUMNS} FROM promotions.redemptions WHERE order_id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
        [orderId],
      );
      return rows[0] === undefined ? undefined : toRedemption(rows[0]);
    },

    /**
     * Inserts a RESERVED redemption; false when the order already has one (a concurrent redeem of the same
     * order committed first: its unique key made this insert wait, then skip).
     */
    async insertReserved(r: Redemption): Promise<boolean> {
      const { rows } = await db.query(
        `INSERT INTO promotions.redemptions (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'RESERVED', $10, NULL, NULL, NULL)
         ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
        [
          r.orderId,
          r.promotionId,
          r.code,
          r.title,
          r.kind,
          r.customerId,
          r.restaurantId,
          r.subtotal,
          r.discount,
          r.reservedAt,
        ],
      );
      return rows.length === 1;
    },

    /** Reserves again for an order whose earlier redemption was released (the caller holds its row lock). */
    async reReserve(r: Redemption): Promise<void> {
      await db.query(
        `UPDATE promotions.redemptions SET promotion_id = $2, code = $3, title = $4, kind = $5, customer_id = $6,
           restaurant_id = $7, subtotal = $8, discount = $9, status = 'RESERVED', reserved_at = $10,
           confirmed_at = NULL, released_at = NULL, release_reason = NULL
         WHERE order_id = $1 AND status = 'RELEASED'`,
        [
          r.orderId,
          r.promotionId,
          r.code,
          r.title,
          r.kind,
          r.customerId,
          r.restaurantId,
          r.subtotal,
          r.discount,
          r.reservedAt,
        ],
      );
    },

    /**
     * Releases the order's redemption when it is held (and, with `reservedBefore`, only a RESERVED one
     * reserved before then). Returns the released redemption, or undefined when nothing was released here.
     */
    async release(
      orderId: string,
      reason: ReleaseReason,
      at: Date,
      options: { reservedBefore?: Date } = {},
    ): Promise<Redemption | undefined> {
      const params: unknown[] = [orderId, at, reason];
      let condition = `status <> 'RELEASED'`;
      if (options.reservedBefore !== undefined) {
        params.push(options.reservedBefore);
        condition = `status = 'RESERVED' AND reserved_at < $4`;
      }
      const { rows } = await db.query<RedemptionRow>(
        `UPDATE promotions.redemptions SET status = 'RELEASED', released_at = $2, release_reason = $3
         WHERE order_id = $1 AND ${condition}
         RETURNING ${COLUMNS}`,
        params,
      );
      return rows[0] === undefined ? undefined : toRedemption(rows[0]);
    },

    /**
     * The redemptions of these orders (those without one are absent), locked until the transaction ends,
     * in order id order: two batches sharing orders wait for each other instead of deadlocking.
     */
    async lockForOrders(orderIds: readonly string[]): Promise<Map<string, Redemption>> {
      if (orderIds.length === 0) return new Map();
      const { rows } = await db.query<RedemptionRow>(
        `SELECT ${COLUMNS} FROM promotions.redemptions WHERE order_id = ANY($1::uuid[])
         ORDER BY order_id FOR NO KEY UPDATE`,
        [[...new Set(orderIds)]],
      );
      return new Map(rows.map((row) => [row.order_id, toRedemption(row)]));
    },

    /** Writes the status and its instants of redemptions locked by `lockForOrders`, in one statement. */
    async saveStates(states: readonly RedemptionState[]): Promise<void> {
      if (states.length === 0) return;
      await db.query(
        `UPDATE promotions.redemptions AS r
            SET status = c.status, confirmed_at = c.confirmed_at, released_at = c.released_at,
                release_reason = c.release_reason
           FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[])
             AS c(order_id, status, confirmed_at, released_at, release_reason)
          WHERE r.order_id = c.order_id`,
        [
          states.map((s) => s.orderId),
          states.map((s) => s.status),
          states.map((s) => s.confirmedAt?.toISOString() ?? null),
          states.map((s) => s.releasedAt?.toISOString() ?? null),
          states.map((s) => s.releaseReason),
        ],
      );
    },

    /** Orders whose reservation is older than `before` and still unconfirmed, oldest first. */
    async listLapsed(before: Date, limit: number): Promise<string[]> {
      const { rows } = await db.query<{ order_id: string }>(
        `SELECT order_id FROM promotions.redemptions WHERE status = 'RESERVED' AND reserved_at < $1
         ORDER BY reserved_at, order_id LIMIT $2`,
        [before, limit],
      );
      return rows.map((row) => row.order_id);
    },

    async customerUses(promotionId: string, customerId: string): Promise<number> {
      const { rows } = await db.query<{ uses: number }>(
        'SELECT uses FROM promotions.customer_uses WHERE promotion_id = $1 AND customer_id = $2',
        [promotionId, customerId],
      );
      return rows[0]?.uses ?? 0;
    },

    /**
     * Takes one of the customer's uses unless `limit` is reached (null: no limit, counted anyway); the
     * upsert locks the count row, so two orders of one customer racing for the last use cannot both win.
     */
    async takeCustomerUse(promotionId: string, customerId: string, limit: number | null): Promise<boolean> {
      const { rows } = await db.query(
        `INSERT INTO promotions.customer_uses (promotion_id, customer_id, uses) VALUES ($1, $2, 1)
         ON CONFLICT (promotion_id, customer_id) DO UPDATE SET uses = promotions.customer_uses.uses + 1
           WHERE $3::int IS NULL OR promotions.customer_uses.uses < $3::int
         RETURNING uses`,
        [promotionId, customerId, limit],
      );
      return rows.length === 1;
    },

    async giveBackCustomerUse(promotionId: string, customerId: string): Promise<void> {
      await db.query(
        `UPDATE promotions.customer_uses SET uses = greatest(uses - 1, 0)
         WHERE promotion_id = $1 AND customer_id = $2`,
        [promotionId, customerId],
      );
    },

    /**
     * The use counts of these customers of these offers (absent without a row), locked in key order. The
     * caller holds the offers' rows: every writer of a count locks its offer's row first.
     */
    async lockCustomerUses(keys: readonly CustomerUseKey[]): Promise<CustomerUse[]> {
      if (keys.length === 0) return [];
      const { rows } = await db.query<{ promotion_id: string; customer_id: string; uses: number }>(
        `SELECT promotion_id, customer_id, uses FROM promotions.customer_uses
          WHERE (promotion_id, customer_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
          ORDER BY promotion_id, customer_id FOR NO KEY UPDATE`,
        [keys.map((k) => k.promotionId), keys.map((k) => k.customerId)],
      );
      return rows.map((row) => ({
        promotionId: row.promotion_id,
        customerId: row.customer_id,
        uses: row.uses,
      }));
    },

    /** Writes use counts (made where missing) in one statement, in key order. */
    async saveCustomerUses(counts: readonly CustomerUse[]): Promise<void> {
      if (counts.length === 0) return;
      await db.query(
        `INSERT INTO promotions.customer_uses (promotion_id, customer_id, uses)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS c(promotion_id, customer_id, uses)
          ORDER BY promotion_id, customer_id
         ON CONFLICT (promotion_id, customer_id) DO UPDATE SET uses = EXCLUDED.uses`,
        [counts.map((c) => c.promotionId), counts.map((c) => c.customerId), counts.map((c) => c.uses)],
      );
    },
  };
}

export type RedemptionsRepo = ReturnType<typeof redemptionsRepo>;

function toRedemption(row: RedemptionRow): Redemption {
  return {
    orderId: row.order_id,
    promotionId: row.promotion_id,
    code: row.code,
    title: row.title,
    kind: row.kind,
    customerId: row.customer_id,
    restaurantId: row.restaurant_id,
    subtotal: row.subtotal,
    discount: row.discount,
    status: row.status,
    reservedAt: row.reserved_at,
    confirmedAt: row.confirmed_at,
    releasedAt: row.released_at,
    releaseReason: row.release_reason,
  };
}
