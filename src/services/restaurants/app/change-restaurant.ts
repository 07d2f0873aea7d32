import type { EventEnvelope } from '../../../platform/messaging/index.js';
import {
  RestaurantEvents,
  type PatchRestaurantBody,
  type RestaurantStatusChangedV1,
  type StatusBody,
  type WeeklyHours,
} from '../contract.js';
import { assertTimeZone, normalizeHours } from '../domain/opening-hours.js';
import { detailKey, type RestaurantsContext } from './context.js';
import type { RestaurantRecord, RestaurantsRepo } from './ports.js';
import { notFound } from './restaurant-access.js';
import { normalizeCuisines, profileUpdated } from './restaurant-views.js';

/** A change decided on the current record: the next record and its events, or undefined for no change. */
export type Change = (
  current: RestaurantRecord,
  now: Date,
  repo: RestaurantsRepo,
) => ChangeResult | Promise<ChangeResult>;
type ChangeResult = { record: RestaurantRecord; events: EventEnvelope[] } | undefined;

/**
 * Applies a change under a row lock: the update and its events commit together (outbox), and the detail
 * cache is invalidated on every instance once they have. A change that changes nothing writes nothing.
 */
export async function changeRestaurant(
  ctx: RestaurantsContext,
  id: string,
  change: Change,
): Promise<RestaurantRecord> {
  const now = ctx.clock.now();
  const { record, changed } = await ctx.store.transaction(async (repo, tx) => {
    const current = await repo.findById(id, { forUpdate: true });
    if (current === undefined) throw notFound(id);
    const result = await change(current, now, repo);
    if (result === undefined) return { record: current, changed: false };
    await repo.update(result.record);
    await ctx.messaging.publish(tx, result.events);
    return { record: result.record, changed: true };
  });
  if (changed) await ctx.cache.invalidate(detailKey(id));
  return record;
}

/** A profile change, published whole as RestaurantProfileUpdated. */
export function profileChange(
  ctx: RestaurantsContext,
  edit: (current: RestaurantRecord) => Partial<RestaurantRecord>,
): Change {
  return (current, now) => {
    const record: RestaurantRecord = { ...current, ...edit(current), updatedAt: now.toISOString() };
    return { record, events: [profileUpdated(ctx, record)] };
  };
}

export async function patchRestaurant(
  ctx: RestaurantsContext,
  id: string,
  patch: PatchRestaurantBody,
): Promise<RestaurantRecord> {
  if (patch.timeZone !== undefined) assertTimeZone(patch.timeZone);
  const { cuisines, ...rest } = patch;
  return changeRestaurant(
    ctx,
    id,
    profileChange(ctx, () => ({
      ...rest,
      ...(cuisines === undefined ? {} : { cuisines: normalizeCuisines(cuisines) }),
    })),
  );
}

export async function setHours(
  ctx: RestaurantsContext,
  id: string,
  hours: WeeklyHours,
): Promise<RestaurantRecord> {
  const normalized = normalizeHours(hours);
  return changeRestaurant(
    ctx,
    id,
    profileChange(ctx, () => ({ hours: normalized })),
  );
}

/** Flips the manual switch; flipping it to where it already is publishes nothing. */
export async function setOpen(
  ctx: RestaurantsContext,
  id: string,
  body: StatusBody,
  changedBy: string,
): Promise<RestaurantRecord> {
  return changeRestaurant(ctx, id, (current, now) => {
    if (current.open === body.open) return undefined;
    const data: RestaurantStatusChangedV1 = {
      restaurantId: id,
      open: body.open,
      ...(body.reason === undefined ? {} : { reason: body.reason }),
      changedBy,
    };
    return {
      record: { ...current, open: body.open, updatedAt: now.toISOString() },
      events: [ctx.messaging.event(RestaurantEvents.STATUS_CHANGED, id, data)],
    };
  });
}

export async function updateRating(
  ctx: RestaurantsContext,
  input: { restaurantId: string; average: number; count: number },
): Promise<RestaurantRecord> {
  return changeRestaurant(ctx, input.restaurantId, (current, now, repo) => {
    if (current.rating.average === input.average && current.rating.count === input.count) return undefined;
    return profileChange(ctx, () => ({ rating: { average: input.average, count: input.count } }))(
      current,
      now,
      repo,
    );
  });
}
