import { AppError } from '../../../platform/errors/app-error.js';
import type { Principal } from '../../../platform/http/principal.js';
import { AnalyticsErrors } from '../contract.js';

const STAFF_ROLES = ['RESTAURANT_STAFF', 'RESTAURANT_ADMIN'];

/** Staff and admins of the restaurant (the token's restaurantIds) and system admins; others get 403. */
export function assertMayReadRestaurant(principal: Principal, restaurantId: string): void {
  if (principal.roles.includes('SYSTEM_ADMIN')) return;
  const isStaff = principal.roles.some((role) => STAFF_ROLES.includes(role));
  if (isStaff && principal.restaurantIds.includes(restaurantId)) return;
  throw new AppError(
    AnalyticsErrors.NOT_YOUR_RESTAURANT,
    "Only this restaurant's staff may read its analytics.",
    {
      details: { restaurantId },
    },
  );
}
