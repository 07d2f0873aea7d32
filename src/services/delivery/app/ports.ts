import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { DropOff } from '../contract.js';
import type { GeoPoint } from '../../../platform/geo/distance.js';
import type { OfferStatus } from '../domain/offer-rules.js';

export interface CourierRecord {
  courierId: string;
  online: boolean;
  latitude: number;
  longitude: number;
  locatedAt: Date;
  updatedAt: Date;
}

/** A delivery order as last seen in OrderStatusUpdated. */
export interface TrackedOrder {
  orderId: string;
  restaurantId: string;
  status: string;
  courierId: string | null;
  changedAt: Date;
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

  /** Writes the order unless a later change is already stored; false when the change was older. */
  trackOrder(order: TrackedOrder): Promise<boolean>;
  findTrackedOrder(orderId: string): Promise<TrackedOrder | undefined>;

  /** False when the order already has an offer (a redelivered READY). */
  insertOfferIfMissing(offer: { orderId: string; restaurantId: string; at: Date }): Promise<boolean>;
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

export interface DeliveryStore extends DeliveryRepo {
  /**
   * Runs `work` in one transaction; a throw rolls everything back. `tx` is the same transaction, for the
   * outbox (events commit with the change they describe).
   */
  transaction<T>(work: (repo: DeliveryRepo, tx: SqlExecutor) => Promise<T>): Promise<T>;
}
