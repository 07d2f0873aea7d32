import type { OfferEffect, OfferStatus } from './offer-rules.js';

/** A delivery order as last seen in OrderStatusUpdated. */
export interface TrackedOrder {
  orderId: string;
  restaurantId: string;
  status: string;
  courierId: string | null;
  changedAt: Date;
}

/** What the order's status changes read and write of its offer (the details are resolved elsewhere). */
export interface OfferState {
  orderId: string;
  restaurantId: string;
  status: OfferStatus;
  claimedBy: string | null;
  claimedAt: Date | null;
  withdrawnReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the order's status changes read and write of its assignment. */
export interface AssignmentState {
  orderId: string;
  courierId: string;
  assignedAt: Date;
}

/**
 * The order after a status change, or undefined when a later change is stored: the change is then ignored
 * whole, since an older change redelivered after a newer one must not reopen or reassign anything. An
 * equal instant applies (a repeat). The restaurant is the first change's; a courier, once known, stays
 * until a change names another.
 */
export function trackChange(
  stored: TrackedOrder | undefined,
  change: TrackedOrder,
): TrackedOrder | undefined {
  if (stored === undefined) return change;
  if (stored.changedAt.getTime() > change.changedAt.getTime()) return undefined;
  return {
    ...stored,
    status: change.status,
    courierId: change.courierId ?? stored.courierId,
    changedAt: change.changedAt,
  };
}

/**
 * The offer after a change's effect (offerEffectOf), the same object when the effect changes nothing:
 * `open` makes an OPEN offer unless the order has one (a redelivered READY); `assigned` records the courier
 * orders knows on an offer that was not withdrawn, keeping the first claim's instant; `withdraw` ends an
 * OPEN or CLAIMED offer.
 */
export function offerAfter(
  offer: OfferState | undefined,
  effect: OfferEffect,
  change: { orderId: string; restaurantId: string; at: Date },
): OfferState | undefined {
  switch (effect.kind) {
    case 'open':
      return (
        offer ?? {
          orderId: change.orderId,
          restaurantId: change.restaurantId,
          status: 'OPEN',
          claimedBy: null,
          claimedAt: null,
          withdrawnReason: null,
          createdAt: change.at,
          updatedAt: change.at,
        }
      );
    case 'assigned':
      if (offer === undefined || offer.status === 'WITHDRAWN') return offer;
      return {
        ...offer,
        status: 'ASSIGNED',
        claimedBy: effect.courierId,
        claimedAt: offer.claimedAt ?? change.at,
        updatedAt: change.at,
      };
    case 'withdraw':
      if (offer === undefined || (offer.status !== 'OPEN' && offer.status !== 'CLAIMED')) return offer;
      return { ...offer, status: 'WITHDRAWN', withdrawnReason: effect.reason, updatedAt: change.at };
    case 'none':
      return offer;
  }
}

/**
 * The assignment after orders named its courier, the same object when it already had that courier: made at
 * the first assignment, then moved to whichever courier orders knows (the first assignment's instant kept).
 */
export function assignmentAfter(
  assignment: AssignmentState | undefined,
  change: { orderId: string; courierId: string; at: Date },
): AssignmentState {
  if (assignment === undefined) {
    return { orderId: change.orderId, courierId: change.courierId, assignedAt: change.at };
  }
  return assignment.courierId === change.courierId
    ? assignment
    : { ...assignment, courierId: change.courierId };
}
