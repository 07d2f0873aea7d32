import type { Principal } from '../../../platform/http/principal.js';
import type { StaffRole } from '../contract.js';

/** What a caller may do at one restaurant, strongest first. */
export type RestaurantAccess = 'SYSTEM_ADMIN' | 'RESTAURANT_ADMIN' | 'RESTAURANT_STAFF' | 'NONE';

/** This service's own record of a member: the role it granted, or that it revoked the member. */
export type Membership = { role: StaffRole; revoked: boolean } | undefined;

/**
 * The caller's access to a restaurant. A membership this service recorded decides (so a grant or a
 * revocation takes effect here at once, whatever the token says); otherwise the token's restaurant roles
 * count only when its `rid` names this restaurant. The token's roles are not per restaurant, which is why
 * the recorded membership comes first: staff at A and admin at B is only staff at A.
 */
export function accessTo(
  principal: Principal,
  restaurantId: string,
  membership: Membership,
): RestaurantAccess {
  if (principal.roles.includes('SYSTEM_ADMIN')) return 'SYSTEM_ADMIN';
  if (membership !== undefined) return membership.revoked ? 'NONE' : membership.role;
  if (!principal.restaurantIds.includes(restaurantId)) return 'NONE';
  if (principal.roles.includes('RESTAURANT_ADMIN')) return 'RESTAURANT_ADMIN';
  if (principal.roles.includes('RESTAURANT_STAFF')) return 'RESTAURANT_STAFF';
  return 'NONE';
}

/** Profile, hours and staff: the restaurant's admins and system admins. */
export function canManage(access: RestaurantAccess): boolean {
  return access === 'SYSTEM_ADMIN' || access === 'RESTAURANT_ADMIN';
}

/** The open/closed switch: anyone working there. */
export function canOperate(access: RestaurantAccess): boolean {
  return access !== 'NONE';
}
