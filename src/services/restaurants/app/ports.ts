import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { Address, Contact, RestaurantStatus, StaffMember } from '../contract.js';
import type { Membership } from '../domain/access.js';
import type { FullWeeklyHours } from '../domain/opening-hours.js';

/**
 * A restaurant as stored, with what the public view leaves out (the applicant). JSON-safe (instants as ISO
 * strings) because it is what the cache holds, and a shared cache tier stores JSON.
 */
export interface RestaurantRecord {
  id: string;
  name: string;
  description: string;
  cuisines: string[];
  address: Address;
  contact: Contact;
  imageUrls: string[];
  deliveryRadiusKm: number;
  averagePreparationMinutes: number;
  timeZone: string;
  hours: FullWeeklyHours;
  rating: { average: number; count: number };
  status: RestaurantStatus;
  open: boolean;
  statusReason: string | null;
  applicantId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What the list query filters on; all optional, and `statuses` is never empty. */
export interface RestaurantFilter {
  statuses: RestaurantStatus[];
  cuisine?: string;
  minRating?: number;
  nameContains?: string;
  /** Only restaurants whose manual switch is on (a prefilter of openNow). */
  switchedOn?: boolean;
  near?: { latitude: number; longitude: number; radiusKm?: number };
  sort: 'name' | 'rating' | 'distance';
}

/** An order that may be reviewed: it was DELIVERED or PICKED_UP. */
export interface EligibilityRecord {
  orderId: string;
  customerId: string;
  restaurantId: string;
  completedAt: Date;
}

export interface ReviewRecord {
  id: string;
  restaurantId: string;
  orderId: string;
  customerId: string;
  reviewerName: string | null;
  rating: number;
  comment: string | null;
  createdAt: Date;
}

/** Reviews and review eligibility, on the same executor as the restaurant they belong to. */
export interface ReviewsRepo {
  /** Idempotent: a completed order stays completed, so a second record of it changes nothing. */
  recordEligibility(record: EligibilityRecord): Promise<void>;
  findEligibility(orderId: string): Promise<EligibilityRecord | undefined>;
  hasReview(orderId: string): Promise<boolean>;
  insertReview(review: ReviewRecord): Promise<void>;
  /** One page of a restaurant's reviews, newest first, and how many there are in all. */
  listReviews(
    restaurantId: string,
    page: { offset: number; limit: number },
  ): Promise<{ reviews: ReviewRecord[]; total: number }>;
}

export interface RestaurantsRepo extends ReviewsRepo {
  findById(id: string, options?: { forUpdate?: boolean }): Promise<RestaurantRecord | undefined>;
  findByIds(ids: readonly string[]): Promise<RestaurantRecord[]>;
  insert(record: RestaurantRecord): Promise<void>;
  /** Writes every mutable column of the record. */
  update(record: RestaurantRecord): Promise<void>;
  /** Inserts in multi-row batches, skipping ids that exist; returns the ids created. */
  insertMany(records: readonly RestaurantRecord[]): Promise<string[]>;
  membership(restaurantId: string, accountId: string): Promise<Membership>;
  listStaff(restaurantId: string): Promise<StaffMember[]>;
  /** Adds or replaces a member (clearing an earlier revocation). */
  saveStaff(restaurantId: string, member: StaffMember): Promise<void>;
  /** Marks the account revoked at the restaurant, whether or not this service granted it. */
  revokeStaff(
    restaurantId: string,
    account: { accountId: string; email: string; name: string },
    at: Date,
  ): Promise<void>;
}

export interface RestaurantsStore extends RestaurantsRepo {
  transaction<T>(work: (repo: RestaurantsRepo, tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Ids of one page in order, and the total; the page is `offset`/`limit` in that order. */
  search(
    filter: RestaurantFilter,
    page: { offset: number; limit: number },
  ): Promise<{ ids: string[]; total: number }>;
  /** Every candidate in order, with what openNow needs, for filtering on the hour in TypeScript. */
  searchCandidates(
    filter: RestaurantFilter,
  ): Promise<Array<{ id: string; timeZone: string; hours: FullWeeklyHours; open: boolean }>>;
}
