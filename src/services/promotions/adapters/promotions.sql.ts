import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { PromotionKind, PromotionSort } from '../contract.js';
import type { Promotion } from '../domain/promotion.js';

interface PromotionRow {
  id: string;
  restaurant_id: string | null;
  title: string;
  description: string;
  code: string | null;
  kind: PromotionKind;
  percent_off: number | null;
  amount_off: number | null;
  max_discount: number | null;
  minimum_order: number | null;
  starts_at: Date;
  ends_at: Date;
  max_redemptions: number | null;
  per_customer_limit: number | null;
  redeemed: number;
  active: boolean;
  announced_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, restaurant_id, title, description, code, kind, percent_off, amount_off, max_discount,
  minimum_order, starts_at, ends_at, max_redemptions, per_customer_limit, redeemed, active, announced_at,
  created_by, created_at, updated_at`;

// Ids reach SQL only in this shape: a malformed id is simply not found, never a cast error mid-transaction.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: unknown): id is string => typeof id === 'string' && UUID.test(id);

const ORDER_BY: Record<PromotionSort, string> = {
  endsAt: 'ends_at ASC, id ASC',
  '-endsAt': 'ends_at DESC, id DESC',
  startsAt: 'starts_at ASC, id ASC',
  '-startsAt': 'starts_at DESC, id DESC',
  createdAt: 'created_at ASC, id ASC',
  '-createdAt': 'created_at DESC, id DESC',
  title: 'title ASC, id ASC',
  '-title': 'title DESC, id DESC',
};

export interface PromotionFilter {
  restaurantId?: string;
  /** Only offers running at this instant (active, started, not ended). */
  runningAt?: Date;
  sort: PromotionSort;
  limit: number;
  offset: number;
}

/** The offers' SQL, on any executor (the Sql itself, or a transaction). Only the `promotions` schema. */
export function promotionsRepo(db: SqlExecutor) {
  return {
    async insert(promotion: Promotion): Promise<void> {
      await db.query(
        `INSERT INTO promotions.promotions (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
        [
          promotion.id,
          promotion.restaurantId,
          promotion.title,
          promotion.description,
          promotion.code,
          promotion.kind,
          promotion.percentOff,
          promotion.amountOff,
          promotion.maxDiscount,
          promotion.minimumOrder,
          promotion.startsAt,
          promotion.endsAt,
          promotion.maxRedemptions,
          promotion.perCustomerLimit,
          promotion.redeemed,
          promotion.active,
          promotion.announcedAt,
          promotion.createdBy,
          promotion.createdAt,
          promotion.updatedAt,
        ],
      );
    },

    /** Writes what a PATCH may change, and the announcement. */
    async update(promotion: Promotion): Promise<void> {
      await db.query(
        `UPDATE promotions.promotions SET title = $2, description = $3, ends_at = $4, max_redemptions = $5,
           active = $6, announced_at = $7, updated_at = $8
         WHERE id = $1`,
        [
          promotion.id,
          promotion.title,
          promotion.description,
          promotion.endsAt,
          promotion.maxRedemptions,
          promotion.active,
          promotion.announcedAt,
          promotion.updatedAt,
        ],
      );
    },

    /**
     * `forUpdate` takes NO KEY UPDATE, the lock of a change that leaves the id alone: redemptions being
     * inserted meanwhile (their foreign key takes KEY SHARE) need not wait for it.
     */
    async find(id: string, options: { forUpdate?: boolean } = {}): Promise<Promotion | undefined> {
      if (!isUuid(id)) return undefined;
      const lock = options.forUpdate ? ' FOR NO KEY UPDATE' : '';
      const { rows } = await db.query<PromotionRow>(
        `SELECT ${COLUMNS} FROM promotions.promotions WHERE id = $1${lock}`,
        [id],
      );
      return rows[0] === undefined ? undefined : toPromotion(rows[0]);
    },

    /** `code` upper-case, as stored. */
    async findByCode(code: string): Promise<Promotion | undefined> {
      const { rows } = await db.query<PromotionRow>(
        `SELECT ${COLUMNS} FROM promotions.promotions WHERE code = $1`,
        [code],
      );
      return rows[0] === undefined ? undefined : toPromotion(rows[0]);
    },

    async list(filter: PromotionFilter): Promise<{ promotions: Promotion[]; total: number }> {
      const params: unknown[] = [];
      const where: string[] = ['true'];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      if (filter.restaurantId !== undefined) where.push(`restaurant_id = ${param(filter.restaurantId)}`);
      if (filter.runningAt !== undefined) {
        const at = param(filter.runningAt);
        where.push(`active AND starts_at <= ${at} AND ends_at > ${at}`);
      }
      const clause = where.join(' AND ');
      const count = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM promotions.promotions WHERE ${clause}`,
        params,
      );
      const { rows } = await db.query<PromotionRow>(
        `SELECT ${COLUMNS} FROM promotions.promotions WHERE ${clause}
         ORDER BY ${ORDER_BY[filter.sort]} LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`,
        params,
      );
      return { promotions: rows.map(toPromotion), total: count.rows[0]?.n ?? 0 };
    },

    /**
     * Claims up to `limit` offers that are running at `now` and were never announced, setting
     * `announced_at`. Rows another instance is claiming are skipped, and the outer condition is checked
     * again on the locked row, so two instances never both claim one offer.
     */
    async claimDueAnnouncements(now: Date, limit: number): Promise<Promotion[]> {
      const { rows } = await db.query<PromotionRow>(
        `UPDATE promotions.promotions SET announced_at = $1
         WHERE announced_at IS NULL AND active AND starts_at <= $1 AND ends_at > $1
           AND id IN (SELECT id FROM promotions.promotions
                      WHERE announced_at IS NULL AND active AND starts_at <= $1 AND ends_at > $1
                      ORDER BY starts_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS}`,
        [now, limit],
      );
      return rows.map(toPromotion).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    },

    /**
     * Takes one redemption of the offer unless the cap is reached or the offer was deactivated: the single
     * conditional UPDATE that decides a race for the last one (the row lock makes the second wait, then
     * re-check `redeemed < max_redemptions` on the committed row). False when nothing was taken.
     */
    async takeRedemption(promotionId: string): Promise<boolean> {
      const { rows } = await db.query(
        `UPDATE promotions.promotions SET redeemed = redeemed + 1
         WHERE id = $1 AND active AND (max_redemptions IS NULL OR redeemed < max_redemptions)
         RETURNING redeemed`,
        [promotionId],
      );
      return rows.length === 1;
    },

    /**
     * The `redeemed` counters of these offers, their rows locked in id order (FOR NO KEY UPDATE, as an
     * UPDATE of the counter takes: a redemption's foreign key check still passes).
     */
    async lockRedeemed(promotionIds: readonly string[]): Promise<Map<string, number>> {
      if (promotionIds.length === 0) return new Map();
      const { rows } = await db.query<{ id: string; redeemed: number }>(
        `SELECT id, redeemed FROM promotions.promotions WHERE id = ANY($1::uuid[])
         ORDER BY id FOR NO KEY UPDATE`,
        [[...new Set(promotionIds)]],
      );
      return new Map(rows.map((row) => [row.id, row.redeemed]));
    },

    /** Writes counters of rows locked by `lockRedeemed`, in one statement. */
    async saveRedeemed(counts: ReadonlyMap<string, number>): Promise<void> {
      if (counts.size === 0) return;
      await db.query(
        `UPDATE promotions.promotions AS p SET redeemed = c.redeemed
           FROM unnest($1::uuid[], $2::int[]) AS c(id, redeemed) WHERE p.id = c.id`,
        [[...counts.keys()], [...counts.values()]],
      );
    },

    async giveBackRedemption(promotionId: string): Promise<void> {
      await db.query('UPDATE promotions.promotions SET redeemed = greatest(redeemed - 1, 0) WHERE id = $1', [
        promotionId,
      ]);
    },
  };
}

export type PromotionsRepo = ReturnType<typeof promotionsRepo>;

function toPromotion(row: PromotionRow): Promotion {
  return {
    id: row.id,
    restaurantId: row.restaurant_id,
    title: row.title,
    description: row.description,
    code: row.code,
    kind: row.kind,
    percentOff: row.percent_off,
    amountOff: row.amount_off,
    maxDiscount: row.max_discount,
    minimumOrder: row.minimum_order,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    maxRedemptions: row.max_redemptions,
    perCustomerLimit: row.per_customer_limit,
    redeemed: row.redeemed,
    active: row.active,
    announcedAt: row.announced_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
