import type { Sql, SqlExecutor } from '../../../platform/db/sql.js';
import type { DropOff } from '../contract.js';
import type { OfferStatus } from '../domain/offer-rules.js';
import type {
  AssignmentRecord,
  CourierRecord,
  DeliveryRepo,
  DeliveryStore,
  JobRecord,
  OfferRecord,
  TrackedOrder,
} from '../app/ports.js';

interface OfferRow {
  order_id: string;
  restaurant_id: string;
  status: OfferStatus;
  restaurant_name: string | null;
  pickup_lat: number | null;
  pickup_lng: number | null;
  drop_off: DropOff | null;
  resolved_at: Date | null;
  claimed_by: string | null;
  claimed_at: Date | null;
  withdrawn_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

interface AssignmentRow {
  order_id: string;
  courier_id: string;
  assigned_at: Date;
  last_lat: number | null;
  last_lng: number | null;
  last_at: Date | null;
}

interface JobRow extends AssignmentRow {
  restaurant_id: string;
  order_status: string;
  restaurant_name: string | null;
  pickup_lat: number | null;
  pickup_lng: number | null;
  drop_off: DropOff | null;
}

const OFFER_COLUMNS = `order_id, restaurant_id, status, restaurant_name, pickup_lat, pickup_lng, drop_off,
  resolved_at, claimed_by, claimed_at, withdrawn_reason, created_at, updated_at`;
const FINAL_STATUSES_SQL = `('DELIVERED', 'PICKED_UP', 'CANCELLED')`;
// The order's status may not be tracked yet when orders confirmed a courier before its first event arrived.
const JOB_SELECT = `SELECT a.order_id, a.courier_id, a.assigned_at, a.last_lat, a.last_lng, a.last_at,
    COALESCE(o.restaurant_id, f.restaurant_id) AS restaurant_id, COALESCE(o.status, 'READY') AS order_status,
    f.restaurant_name, f.pickup_lat, f.pickup_lng, f.drop_off
  FROM delivery.assignments a
  LEFT JOIN delivery.orders o ON o.order_id = a.order_id
  LEFT JOIN delivery.offers f ON f.order_id = a.order_id`;

/** The delivery store over the SQL port; every table is in the `delivery` schema. */
export function createDeliveryStore(sql: Sql): DeliveryStore {
  return {
    ...deliveryRepoOn(sql),
    transaction: (work) => sql.transaction((tx) => work(deliveryRepoOn(tx), tx)),
  };
}

/** The repo on a transaction someone else opened (a consumer's, with its inbox row). */
export function deliveryRepoOn(db: SqlExecutor): DeliveryRepo {
  return {
    async findCourier(courierId) {
      const { rows } = await db.query<{
        courier_id: string;
        online: boolean;
        latitude: number;
        longitude: number;
        located_at: Date;
        updated_at: Date;
      }>(
        `SELECT courier_id, online, latitude, longitude, located_at, updated_at
         FROM delivery.couriers WHERE courier_id = $1`,
        [courierId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const courier: CourierRecord = {
        courierId: row.courier_id,
        online: row.online,
        latitude: row.latitude,
        longitude: row.longitude,
        locatedAt: row.located_at,
        updatedAt: row.updated_at,
      };
      return courier;
    },

    async saveCourier(c) {
      await db.query(
        `INSERT INTO delivery.couriers (courier_id, online, latitude, longitude, located_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (courier_id) DO UPDATE SET online = EXCLUDED.online, latitude = EXCLUDED.latitude,
           longitude = EXCLUDED.longitude, located_at = EXCLUDED.located_at, updated_at = EXCLUDED.updated_at`,
        [c.courierId, c.online, c.latitude, c.longitude, c.locatedAt, c.updatedAt],
      );
    },

    async moveCourier(courierId, at, when) {
      await db.query(
        `UPDATE delivery.couriers SET latitude = $2, longitude = $3, located_at = $4 WHERE courier_id = $1`,
        [courierId, at.latitude, at.longitude, when],
      );
    },

    async countActiveJobs(courierId) {
      // NOT a.order_final leaves out, by the partial index, the jobs known to be done (migration 002); the
      // order's status decides the rest.
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM delivery.assignments a
         LEFT JOIN delivery.orders o ON o.order_id = a.order_id
         WHERE a.courier_id = $1 AND NOT a.order_final
           AND COALESCE(o.status, 'READY') NOT IN ${FINAL_STATUSES_SQL}`,
        [courierId],
      );
      return rows[0]?.n ?? 0;
    },

    async findTrackedOrder(orderId) {
      const { rows } = await db.query<{
        order_id: string;
        restaurant_id: string;
        status: string;
        courier_id: string | null;
        changed_at: Date;
      }>(
        `SELECT order_id, restaurant_id, status, courier_id, changed_at FROM delivery.orders WHERE order_id = $1`,
        [orderId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const order: TrackedOrder = {
        orderId: row.order_id,
        restaurantId: row.restaurant_id,
        status: row.status,
        courierId: row.courier_id,
        changedAt: row.changed_at,
      };
      return order;
    },

    async findOffer(orderId) {
      const { rows } = await db.query<OfferRow>(
        `SELECT ${OFFER_COLUMNS} FROM delivery.offers WHERE order_id = $1`,
        [orderId],
      );
      return rows[0] === undefined ? undefined : toOffer(rows[0]);
    },

    async listUnresolvedOffers(limit) {
      const { rows } = await db.query<OfferRow>(
        `SELECT ${OFFER_COLUMNS} FROM delivery.offers
         WHERE status IN ('OPEN', 'CLAIMED') AND resolved_at IS NULL ORDER BY created_at LIMIT $1`,
        [limit],
      );
      return rows.map(toOffer);
    },

    async resolveOffer(orderId, details, at) {
      await db.query(
        `UPDATE delivery.offers SET restaurant_name = $2, pickup_lat = $3, pickup_lng = $4, drop_off = $5::jsonb,
           resolved_at = $6, updated_at = $6
         WHERE order_id = $1`,
        [
          orderId,
          details.restaurantName,
          details.pickup.latitude,
          details.pickup.longitude,
          details.dropOff === null ? null : JSON.stringify(details.dropOff),
          at,
        ],
      );
    },

    async listOpenOffersIn(box) {
      const { rows } = await db.query<OfferRow>(
        `SELECT ${OFFER_COLUMNS} FROM delivery.offers
         WHERE status = 'OPEN' AND resolved_at IS NOT NULL
           AND pickup_lat BETWEEN $1 AND $2 AND pickup_lng BETWEEN $3 AND $4`,
        [box.minLat, box.maxLat, box.minLng, box.maxLng],
      );
      return rows.map(toOffer);
    },

    async claimOffer(orderId, courierId, at, staleBefore) {
      // One statement: the row lock makes concurrent claims queue, and each re-checks the condition on the
      // row as the winner left it, so exactly one of N concurrent claims on an OPEN offer matches.
      const { rows } = await db.query<OfferRow>(
        `UPDATE delivery.offers SET status = 'CLAIMED', claimed_by = $2, claimed_at = $3, updated_at = $3
         WHERE order_id = $1
           AND (status = 'OPEN' OR (status = 'CLAIMED' AND (claimed_by = $2 OR claimed_at <= $4)))
         RETURNING ${OFFER_COLUMNS}`,
        [orderId, courierId, at, staleBefore],
      );
      return rows[0] === undefined ? undefined : toOffer(rows[0]);
    },

    async reopenClaim(orderId, courierId, at) {
      await db.query(
        `UPDATE delivery.offers SET status = 'OPEN', claimed_by = NULL, claimed_at = NULL, updated_at = $3
         WHERE order_id = $1 AND status = 'CLAIMED' AND claimed_by = $2`,
        [orderId, courierId, at],
      );
    },

    async markOfferAssigned(orderId, courierId, at) {
      await db.query(
        `UPDATE delivery.offers SET status = 'ASSIGNED', claimed_by = $2, claimed_at = COALESCE(claimed_at, $3),
           updated_at = $3
         WHERE order_id = $1 AND status <> 'WITHDRAWN'`,
        [orderId, courierId, at],
      );
    },

    async withdrawOffer(orderId, reason, at) {
      await db.query(
        `UPDATE delivery.offers SET status = 'WITHDRAWN', withdrawn_reason = $2, updated_at = $3
         WHERE order_id = $1 AND status IN ('OPEN', 'CLAIMED')`,
        [orderId, reason, at],
      );
    },

    async upsertAssignment(a) {
      await db.query(
        `INSERT INTO delivery.assignments (order_id, courier_id, assigned_at) VALUES ($1, $2, $3)
         ON CONFLICT (order_id) DO UPDATE SET courier_id = EXCLUDED.courier_id,
           last_lat = NULL, last_lng = NULL, last_at = NULL
         WHERE delivery.assignments.courier_id <> EXCLUDED.courier_id`,
        [a.orderId, a.courierId, a.assignedAt],
      );
    },

    async findAssignment(orderId) {
      const { rows } = await db.query<AssignmentRow>(
        `SELECT order_id, courier_id, assigned_at, last_lat, last_lng, last_at
         FROM delivery.assignments WHERE order_id = $1`,
        [orderId],
      );
      return rows[0] === undefined ? undefined : toAssignment(rows[0]);
    },

    async recordAssignmentLocation(orderId, at, when) {
      await db.query(
        `UPDATE delivery.assignments SET last_lat = $2, last_lng = $3, last_at = $4 WHERE order_id = $1`,
        [orderId, at.latitude, at.longitude, when],
      );
    },

    async findJob(orderId) {
      const { rows } = await db.query<JobRow>(`${JOB_SELECT} WHERE a.order_id = $1`, [orderId]);
      return rows[0] === undefined ? undefined : toJob(rows[0]);
    },

    async listJobs(courierId, { limit, offset }) {
      const [page, count] = await Promise.all([
        db.query<JobRow>(
          `${JOB_SELECT} WHERE a.courier_id = $1
           ORDER BY (COALESCE(o.status, 'READY') IN ${FINAL_STATUSES_SQL}), a.assigned_at DESC, a.order_id
           LIMIT $2 OFFSET $3`,
          [courierId, limit, offset],
        ),
        db.query<{ n: number }>(`SELECT count(*)::int AS n FROM delivery.assignments WHERE courier_id = $1`, [
          courierId,
        ]),
      ]);
      return { rows: page.rows.map(toJob), total: count.rows[0]?.n ?? 0 };
    },
  };
}

function toOffer(row: OfferRow): OfferRecord {
  return {
    orderId: row.order_id,
    restaurantId: row.restaurant_id,
    status: row.status,
    details:
      row.resolved_at === null || row.pickup_lat === null || row.pickup_lng === null
        ? null
        : {
            restaurantName: row.restaurant_name ?? '',
            pickup: { latitude: row.pickup_lat, longitude: row.pickup_lng },
            dropOff: row.drop_off,
          },
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at,
    withdrawnReason: row.withdrawn_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toAssignment(row: AssignmentRow): AssignmentRecord {
  return {
    orderId: row.order_id,
    courierId: row.courier_id,
    assignedAt: row.assigned_at,
    lastLocation:
      row.last_lat === null || row.last_lng === null || row.last_at === null
        ? null
        : { latitude: row.last_lat, longitude: row.last_lng, at: row.last_at },
  };
}

function toJob(row: JobRow): JobRecord {
  return {
    ...toAssignment(row),
    restaurantId: row.restaurant_id,
    orderStatus: row.order_status,
    details:
      row.pickup_lat === null || row.pickup_lng === null
        ? null
        : {
            restaurantName: row.restaurant_name ?? '',
            pickup: { latitude: row.pickup_lat, longitude: row.pickup_lng },
            dropOff: row.drop_off,
          },
  };
}
