import { AppError, CommonErrors } from '../../../platform/errors/app-error.js';
import { Roles } from '../../auth/index.js';

/** The roles that may change a menu at all; staff and restaurant admins only at their own restaurants. */
export const MENU_MANAGER_ROLES = [Roles.RESTAURANT_STAFF, Roles.RESTAURANT_ADMIN, Roles.SYSTEM_ADMIN];

export interface MenuActor {
  roles: readonly string[];
  restaurantIds: readonly string[];
}

/** A system admin manages every menu; restaurant staff and admins only those of their restaurants. */
export function canManageMenu(actor: MenuActor, restaurantId: string): boolean {
  if (actor.roles.includes(Roles.SYSTEM_ADMIN)) return true;
  const atRestaurant = actor.roles.some(
    (role) => role === Roles.RESTAURANT_STAFF || role === Roles.RESTAURANT_ADMIN,
  );
  return atRestaurant && actor.restaurantIds.includes(restaurantId);
}

export function assertCanManageMenu(actor: MenuActor, restaurantId: string): void {
  if (!canManageMenu(actor, restaurantId)) {
    throw new AppError(CommonErrors.FORBIDDEN, "Only this restaurant's staff can change its menu.", {
      details: { restaurantId },
    });
  }
}
