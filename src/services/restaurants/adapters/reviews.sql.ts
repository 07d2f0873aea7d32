import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { ReviewRecord, ReviewsRepo } from '../app/ports.js';

interface ReviewRow {
  id: string;
  restaurant_id: string;
  order_id: string;
  customer_id: string;
  reviewer_name: string | null;
  rating: number;
  comment: string | null;
  created_at: Date;
}

const REVIEW_COLUMNS = 'id, restaurant_id, order_id, customer_id, reviewer_name, rating, comment, created_at';

/** Reviews and review eligibility over the SQL port, in the `restaurants` schema. */
export function reviewsRepoOn(db: SqlExecutor): ReviewsRepo {
  return {
    async recordEligibility(record) {
      await db.query(
        `INSERT INTO restaurants.review_eligibility (order_id, customer_id, restaurant_id, completed_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (order_id) DO NOTHING`,
        [record.orderId, record.customerId, record.restaurantId, record.completedAt],
      );
    },

    async findEligibility(orderId) {
      const { rows } = await db.query<{
        order_id: string;
        customer_id: string;
        restaurant_id: string;
        completed_at: Date;
      }>(
        `SELECT order_id, customer_id, restaurant_id, completed_at FROM restaurants.review_eligibility
         WHERE order_id = $1`,
        [orderId],
      );
      const row = rows[0];
      return row === undefined
        ? undefined
        : {
            orderId: row.order_id,
            customerId: row.customer_id,
            restaurantId: row.restaurant_id,
            completedAt: row.completed_at,
          };
    },

    async hasReview(orderId) {
      const { rows } = await db.query(`SELECT 1 FROM restaurants.reviews WHERE order_id = $1`, [orderId]);
      return rows.length > 0;
    },

    async insertReview(r) {
      await db.query(
        `INSERT INTO restaurants.reviews (${REVIEW_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [r.id, r.restaurantId, r.orderId, r.customerId, r.reviewerName, r.rating, r.comment, r.createdAt],
      );
    },

    async listReviews(restaurantId, page) {
      const { rows } = await db.query<ReviewRow>(
        `SELECT ${REVIEW_COLUMNS} FROM restaurants.reviews WHERE restaurant_id = $1
         ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
        [restaurantId, page.limit, page.offset],
      );
      const counted = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM restaurants.reviews WHERE restaurant_id = $1`,
        [restaurantId],
      );
      return { reviews: rows.map(toReview), total: counted.rows[0]?.n ?? 0 };
    },
  };
}

function toReview(row: ReviewRow): ReviewRecord {
  return {
    id: row.id,
    restaurantId: row.restaurant_id,
    orderId: row.order_id,
    customerId: row.customer_id,
    reviewerName: row.reviewer_name,
    rating: row.rating,
    comment: row.comment,
    createdAt: row.created_at,
  };
}
