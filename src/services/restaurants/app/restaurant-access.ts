import { AppError, CommonErrors } from '../../../platform/errors/app-error.js';
import type { Principal } from '../../../platform/http/principal.js';
import { RestaurantsErrors } from '../contract.js';
import { accessTo, type RestaurantAccess } from '../domain/access.js';
import { detailKey, type RestaurantsContext } from './context.js';
import type { RestaurantRecord } from './ports.js';

export function notFound(id: string): AppError {
  return new AppError(RestaurantsErrors.NOT_FOUND, 'There is no such restaurant.', { details: { id } });
}

/** The restaurant through the detail cache; a miss is not cached, so a restaurant created later is found. */
export async function loadRecord(ctx: RestaurantsContext, id: string): Promise<RestaurantRecord | undefined> {
  return ctx.cache.getOrLoad(detailKey(id), () => ctx.store.findById(id), { ttlMs: ctx.detailTtlMs });
}

export async function requireRecord(ctx: RestaurantsContext, id: string): Promise<RestaurantRecord> {
  const record = await loadRecord(ctx, id);
  if (record === undefined) throw notFound(id);
  return record;
}

/** The caller's access to the restaurant, from this service's membership record and the token. */
export async function accessOf(
  ctx: RestaurantsContext,
  principal: Principal,
  restaurantId: string,
): Promise<RestaurantAccess> {
  if (principal.roles.includes('SYSTEM_ADMIN')) return 'SYSTEM_ADMIN';
  return accessTo(principal, restaurantId, await ctx.store.membership(restaurantId, principal.userId));
}

/**
 * Only ACTIVE restaurants are public; the others are shown to their applicant, their members and system
 * admins. Anyone else is told there is no such restaurant, so applications are not discoverable by id.
 */
export async function requireVisible(
  ctx: RestaurantsContext,
  principal: Principal | undefined,
  id: string,
): Promise<RestaurantRecord> {
  const record = await requireRecord(ctx, id);
  if (record.status === 'ACTIVE') return record;
  if (principal === undefined) throw notFound(id);
  if (record.applicantId === principal.userId) return record;
  if ((await accessOf(ctx, principal, id)) === 'NONE') throw notFound(id);
  return record;
}

/**
 * The restaurant, when the caller's access passes `allowed`: 404 when they may not even see it, 403 when
 * they see it but may not do this.
 */
export async function requireAccess(
  ctx: RestaurantsContext,
  principal: Principal,
  id: string,
  allowed: (access: RestaurantAccess) => boolean,
  action: string,
): Promise<RestaurantRecord> {
  const record = await requireVisible(ctx, principal, id);
  if (!allowed(await accessOf(ctx, principal, id))) {
    throw new AppError(CommonErrors.FORBIDDEN, `You may not ${action} of this restaurant.`);
  }
  return record;
}
