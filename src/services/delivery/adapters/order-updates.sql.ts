import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { OrderUpdatesRepo } from '../app/ports.js';
import type { OfferStatus } from '../domain/offer-rules.js';

const iso = (at: Date | null) => at?.toISOString() ?? null;
const unique = (ids: readonly string[]) => [...new Set(ids)];

/**
 * The OrderStatusUpdated consumer's SQL on its transaction (the one that records the events in the inbox).
 * Locks are FOR NO KEY UPDATE, the lock the UPDATEs take.
 */
export function orderUpdatesRepoOn(db: SqlExecutor): OrderUpdatesRepo {
  return {
    async lockTrackedOrders(orderIds) {
      if (orderIds.length === 0) return new Map();
      const { rows } = await db.query<{
        order_id: string;
        restaurant_id: string;
        status: string;
        courier_id: string | null;
        changed_at: Date;
      }>(
        `SELECT order_id, restaurant_id, status, courier_id, changed_at FROM delivery.orders
          WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR NO KEY UPDATE`,
        [unique(orderIds)],
      );
      return new Map(
        rows.map((row) => [
          row.order_id,
          {
            orderId: row.order_id,
            restaurantId: row.restaurant_id,
            status: row.status,
            courierId: row.courier_id,
            changedAt: row.changed_at,
          },
        ]),
      );
    },

    async saveTrackedOrders(orders) {
      if (orders.length === 0) return;
      // The guard and COALESCE change nothing on a row locked when read (the row given is its future); they
      // keep the rule for a row another transaction made in between, which takes these as one change.
      await db.query(
        `INSERT INTO delivery.orders AS o (order_id, restaurant_id, status, courier_id, changed_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::timestamptz[])
             AS t(order_id, restaurant_id, status, courier_id, changed_at)
          ORDER BY order_id
         ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status,
           courier_id = COALESCE(EXCLUDED.courier_id, o.courier_id), changed_at = EXCLUDED.changed_at
         WHERE o.changed_at <= EXCLUDED.changed_at`,
        [
          orders.map((o) => o.orderId),
          orders.map((o) => o.restaurantId),
          orders.map((o) => o.status),
          orders.map((o) => o.courierId),
          orders.map((o) => iso(o.changedAt)),
        ],
      );
    },

    async lockOffers(orderIds) {
      if (orderIds.length === 0) return new Map();
      const { rows } = await db.query<{
        order_id: string;
        restaurant_id: string;
        status: OfferStatus;
        claimed_by: string | null;
        claimed_at: Date | null;
        withdrawn_reason: string | null;
        created_at: Date;
        updated_at: Date;
      }>(
        `SELECT order_id, restaurant_id, status, claimed_by, claimed_at, withdrawn_reason, created_at, updated_at
           FROM delivery.offers WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR NO KEY UPDATE`,
        [unique(orderIds)],
      );
      return new Map(
        rows.map((row) => [
          row.order_id,
          {
            orderId: row.order_id,
            restaurantId: row.restaurant_id,
            status: row.status,
            claimedBy: row.claimed_by,
            claimedAt: row.claimed_at,
            withdrawnReason: row.withdrawn_reason,
            createdAt: row.created_at,
            updatedAt: row.updated_at,
          },
        ]),
      );
    },

    async saveOffers(offers) {
      if (offers.length === 0) return;
      await db.query(
        `INSERT INTO delivery.offers (order_id, restaurant_id, status, claimed_by, claimed_at, withdrawn_reason,
           created_at, updated_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::timestamptz[], $6::text[],
             $7::timestamptz[], $8::timestamptz[])
             AS f(order_id, restaurant_id, status, claimed_by, claimed_at, withdrawn_reason, created_at, updated_at)
          ORDER BY order_id
         ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, claimed_by = EXCLUDED.claimed_by,
           claimed_at = EXCLUDED.claimed_at, withdrawn_reason = EXCLUDED.withdrawn_reason,
           updated_at = EXCLUDED.updated_at`,
        [
          offers.map((f) => f.orderId),
          offers.map((f) => f.restaurantId),
          offers.map((f) => f.status),
          offers.map((f) => f.claimedBy),
          offers.map((f) => iso(f.claimedAt)),
          offers.map((f) => f.withdrawnReason),
          offers.map((f) => iso(f.createdAt)),
          offers.map((f) => iso(f.updatedAt)),
        ],
      );
    },

    async lockAssignments(orderIds) {
      if (orderIds.length === 0) return new Map();
      const { rows } = await db.query<{ order_id: string; courier_id: string; assigned_at: Date }>(
        `SELECT order_id, courier_id, assigned_at FROM delivery.assignments
          WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR NO KEY UPDATE`,
        [unique(orderIds)],
      );
      return new Map(
        rows.map((row) => [
          row.order_id,
          { orderId: row.order_id, courierId: row.courier_id, assignedAt: row.assigned_at },
        ]),
      );
    },

    async saveAssignments(assignments) {
      if (assignments.length === 0) return;
      // Unconditional on conflict: a row locked when read is given only when its courier changed. One the
      // courier's accept made in between has no location yet to drop.
      await db.query(
        `INSERT INTO delivery.assignments (order_id, courier_id, assigned_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS a(order_id, courier_id, assigned_at)
          ORDER BY order_id
         ON CONFLICT (order_id) DO UPDATE SET courier_id = EXCLUDED.courier_id,
           last_lat = NULL, last_lng = NULL, last_at = NULL`,
        [
          assignments.map((a) => a.orderId),
          assignments.map((a) => a.courierId),
          assignments.map((a) => iso(a.assignedAt)),
        ],
      );
    },
  };
}
