import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { DropOff } from '../contract.js';
import type { GeoPoint } from '../../../platform/geo/distance.js';
import type { OfferStatus } from '../domain/offer-rules.js';
import type { AssignmentState, OfferState, TrackedOrder } from '../domain/order-tracking.js';

export type { TrackedOrder } from '../domain/order-tracking.js';

export interface CourierRecord {
  courierId: string;
  online: boolean;
  latitude: number;
  longitude: number;
  locatedAt: Date;
  updatedAt: Date;
}

export interface OfferDetails {
  restaurantName: string;
  pickup: GeoPoint;
  dropOff: DropOff | null;
}

export interface OfferRecord {
  orderId: string;
  restaurantId: string;
  status: OfferStatus;
  /** Null until resolved from restaurants and orders. */
  details: OfferDetails | null;
  claimedBy: string | null;
  claimedAt: Date | null;
  withdrawnReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AssignmentRecord {
  orderId: string;
  courierId: string;
  assignedAt: Date;
  lastLocation: (GeoPoint & { at: Date }) | null;
}

/** An assignment with what the jobs list shows of its order and offer. */
export interface JobRecord extends AssignmentRecord {
  restaurantId: string;
  orderStatus: string;
  details: OfferDetails | null;
}

/** The delivery service's storage, on one executor (the pool, or one transaction). */
export interface DeliveryRepo {
  findCourier(courierId: string): Promise<CourierRecord | undefined>;
  saveCourier(courier: CourierRecord): Promise<void>;
  /** Moves a known courier's position (a delivery location); does nothing for an unknown courier. */
  moveCourier(courierId: string, at: GeoPoint, when: Date): Promise<void>;
  /** Assignments whose order is not final yet. */
  countActiveJobs(courierId: string): Promise<number>;

  findTrackedOrder(orderId: string): Promise<TrackedOrder | undefined>;

  findOffer(orderId: string): Promise<OfferRecord | undefined>;
  /** OPEN or CLAIMED offers whose details are missing, oldest first. */
  listUnresolvedOffers(limit: number): Promise<OfferRecord[]>;
  resolveOffer(orderId: string, details: OfferDetails, at: Date): Promise<void>;
  /** Resolved OPEN offers whose pickup is inside the box (the caller checks the exact distance). */
  listOpenOffersIn(box: {
    minLat: number;
    maxLat: number;
    minLng: number;
    maxLng: number;
  }): Promise<OfferRecord[]>;
  /**
   * The single conditional UPDATE that decides a race: takes an OPEN offer, renews this courier's own claim,
   * or takes over a claim made before `staleBefore`. Undefined when the offer could not be claimed.
   */
  claimOffer(
    orderId: string,
    courierId: string,
    at: Date,
    staleBefore: Date,
  ): Promise<OfferRecord | undefined>;
  /** Puts this courier's claim back to OPEN (orders refused without recording anything). */
  reopenClaim(orderId: string, courierId: string, at: Date): Promise<void>;
  /** Records the courier orders knows; a withdrawn offer stays withdrawn. */
  markOfferAssigned(orderId: string, courierId: string, at: Date): Promise<void>;
  /** Withdraws an OPEN or CLAIMED offer. */
  withdrawOffer(orderId: string, reason: string, at: Date): Promise<void>;

  /** Inserts the assignment, or moves it to the courier orders knows; the first assignment time is kept. */
  upsertAssignment(assignment: { orderId: string; courierId: string; assignedAt: Date }): Promise<void>;
  findAssignment(orderId: string): Promise<AssignmentRecord | undefined>;
  recordAssignmentLocation(orderId: string, at: GeoPoint, when: Date): Promise<void>;
  findJob(orderId: string): Promise<JobRecord | undefined>;
  /** Active jobs first, then the newest. */
  listJobs(
    courierId: string,
    page: { limit: number; offset: number },
  ): Promise<{ rows: JobRecord[]; total: number }>;
}

/**
 * The reads and writes of the OrderStatusUpdated consumer, many orders at a time, on its transaction. Each
 * `lock` reads rows (absent: none yet) locked until the transaction ends, in order id order, and each
 * `save` writes in one statement, in order id order: two batches sharing orders wait for each other
 * instead of deadlocking. Tables in the order they are locked: orders, offers, assignments.
 */
export interface OrderUpdatesRepo {
  lockTrackedOrders(orderIds: readonly string[]): Promise<Map<string, TrackedOrder>>;
  /**
   * Writes orders as they are after changes, each with the rule of one change (a later change stored
   * wins; a courier, once known, stays): for a row locked when read, that is the row given.
   */
  saveTrackedOrders(orders: readonly TrackedOrder[]): Promise<void>;
  lockOffers(orderIds: readonly string[]): Promise<Map<string, OfferState>>;
  /** Makes missing offers; on offers there, writes the status, the claim, the reason and `updated_at`. */
  saveOffers(offers: readonly OfferState[]): Promise<void>;
  lockAssignments(orderIds: readonly string[]): Promise<Map<string, AssignmentState>>;
  /**
   * Makes missing assignments; moves those there to the courier given and drops their last location (the
   * previous courier's): pass only assignments whose courier changed.
   */
  saveAssignments(assignments: readonly AssignmentState[]): Promise<void>;
}

export interface DeliveryStore extends DeliveryRepo {
  /**
   * Runs `work` in one transaction; a throw rolls everything back. `tx` is the same transaction, for the
   * outbox (events commit with the change they describe).
   */
  transaction<T>(work: (repo: DeliveryRepo, tx: SqlExecutor) => Promise<T>): Promise<T>;
}
