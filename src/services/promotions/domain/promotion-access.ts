import { AppError } from '../../../platform/errors/app-error.js';
import { Roles } from '../../auth/index.js';
import { PromotionsErrors } from '../contract.js';

/** The roles that may manage offers at all; restaurant admins only at their own restaurants. */
export const PROMOTION_MANAGER_ROLES: readonly string[] = [Roles.RESTAURANT_ADMIN, Roles.SYSTEM_ADMIN];

export interface PromotionActor {
  userId: string;
  roles: readonly string[];
  restaurantIds: readonly string[];
}

/**
 * A system admin manages every offer, platform-wide ones (restaurantId null) included; a restaurant admin
 * only the offers of the restaurants in their token. Staff run the kitchen, not the prices: they do not.
 */
export function canManagePromotions(actor: PromotionActor | undefined, restaurantId: string | null): boolean {
  if (actor === undefined) return false;
  if (actor.roles.includes(Roles.SYSTEM_ADMIN)) return true;
  if (restaurantId === null) return false;
  return actor.roles.includes(Roles.RESTAURANT_ADMIN) && actor.restaurantIds.includes(restaurantId);
}

export function assertCanManagePromotions(actor: PromotionActor, restaurantId: string | null): void {
  if (!canManagePromotions(actor, restaurantId)) {
    throw new AppError(
      PromotionsErrors.FORBIDDEN,
      restaurantId === null
        ? 'Only system admins manage platform-wide offers.'
        : "Only this restaurant's admins manage its offers.",
      { details: { restaurantId } },
    );
  }
}

/** Refuses callers without a manager role before anything is looked up. */
export function assertPromotionManager(actor: PromotionActor): void {
  if (!actor.roles.some((role) => PROMOTION_MANAGER_ROLES.includes(role))) {
    throw new AppError(PromotionsErrors.FORBIDDEN, 'Only restaurant admins and system admins manage offers.');
  }
}
