/** What the order events read and change of a redemption (adapters/redemptions.sql.ts holds the rest). */
export interface RedemptionState {
  orderId: string;
  promotionId: string;
  customerId: string;
  status: 'RESERVED' | 'CONFIRMED' | 'RELEASED';
  confirmedAt: Date | null;
  releasedAt: Date | null;
  releaseReason: string | null;
}

/** A change to an offer's `redeemed` counter and, with it, the customer's use count. */
export interface CounterMove {
  promotionId: string;
  customerId: string;
  /** take: one more, whatever the cap says; giveBack: one less, never below zero. */
  change: 'take' | 'giveBack';
}

export interface RedemptionMove {
  redemption: RedemptionState;
  counters: CounterMove[];
}

/**
 * The order was placed: its reservation is confirmed. A reservation the timer released before the order
 * arrived (its OrderCreated came late) is taken back and counted again, whatever the cap: the order has the
 * discount. Undefined when there is nothing to confirm (confirmed already, or released for another reason).
 */
export function confirmPlaced(redemption: RedemptionState, at: Date): RedemptionMove | undefined {
  if (redemption.status === 'RESERVED') {
    return { redemption: { ...redemption, status: 'CONFIRMED', confirmedAt: at }, counters: [] };
  }
  if (redemption.status === 'RELEASED' && redemption.releaseReason === 'UNCONFIRMED') {
    return {
      redemption: {
        ...redemption,
        status: 'CONFIRMED',
        confirmedAt: at,
        releasedAt: null,
        releaseReason: null,
      },
      counters: [counterMove(redemption, 'take')],
    };
  }
  return undefined;
}

/**
 * The order was cancelled: a held redemption (reserved or confirmed) is given back, with its counters, as
 * `releaseRedemption` does. Undefined when it was released already.
 */
export function releaseCancelled(redemption: RedemptionState, at: Date): RedemptionMove | undefined {
  if (redemption.status === 'RELEASED') return undefined;
  return {
    redemption: { ...redemption, status: 'RELEASED', releasedAt: at, releaseReason: 'ORDER_CANCELLED' },
    counters: [counterMove(redemption, 'giveBack')],
  };
}

/** An offer's `redeemed` after a move. */
export function redeemedAfter(redeemed: number, change: CounterMove['change']): number {
  return change === 'take' ? redeemed + 1 : Math.max(redeemed - 1, 0);
}

/**
 * A customer's use count after a move; undefined while the customer has no row: a take makes it (at one),
 * a give-back finds nothing to lower.
 */
export function usesAfter(uses: number | undefined, change: CounterMove['change']): number | undefined {
  if (change === 'take') return (uses ?? 0) + 1;
  return uses === undefined ? undefined : Math.max(uses - 1, 0);
}

function counterMove(redemption: RedemptionState, change: CounterMove['change']): CounterMove {
  return { promotionId: redemption.promotionId, customerId: redemption.customerId, change };
}
