/** A status change's courier: who the update names (null for none) on which order. */
export interface CourierSighting {
  orderId: string;
  courierId: string | null;
}

export interface FollowedCouriers {
  /** For each sighting, in order: the courier known on its order before it (null for none). */
  knownBefore: Array<string | null>;
  /** The orders whose courier changed, each with the last courier seen: what to remember. */
  changed: Map<string, string>;
}

/**
 * Walks an order's updates as they come, from the couriers remembered before them: an update naming a
 * courier other than the known one changes it for the updates after it (one naming none changes nothing).
 * The same for one update or a batch with several updates of one order.
 */
export function followCouriers(
  remembered: ReadonlyMap<string, string>,
  sightings: readonly CourierSighting[],
): FollowedCouriers {
  const known = new Map(remembered);
  const changed = new Map<string, string>();
  const knownBefore = sightings.map(({ orderId, courierId }) => {
    const before = known.get(orderId) ?? null;
    if (courierId !== null && courierId !== before) {
      known.set(orderId, courierId);
      changed.set(orderId, courierId);
    }
    return before;
  });
  return { knownBefore, changed };
}
