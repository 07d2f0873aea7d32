import { AppError } from '../../../platform/errors/app-error.js';
import { ALL_ROLES, AuthErrors, RESTAURANT_ROLES, type RestaurantRole, type Role } from '../contract.js';

/** One role held at one restaurant. */
export interface RestaurantGrant {
  restaurantId: string;
  role: RestaurantRole;
}

/** An account's roles split the way they are stored: roles of the account, and roles held at restaurants. */
export interface RoleAssignment {
  accountRoles: Role[];
  grants: RestaurantGrant[];
}

export function isRestaurantRole(role: string): role is RestaurantRole {
  return (RESTAURANT_ROLES as readonly string[]).includes(role);
}

/**
 * Splits requested roles into account roles and restaurant grants. A restaurant role means nothing without
 * a restaurant, and restaurant ids without a restaurant role would grant nothing, so both are refused.
 */
export function assignRoles(roles: readonly string[], restaurantIds: readonly string[]): RoleAssignment {
  const unknown = roles.filter((role) => !(ALL_ROLES as readonly string[]).includes(role));
  if (unknown.length > 0) {
    throw new AppError(AuthErrors.INVALID_ROLES, `Unknown roles: ${unknown.join(', ')}.`);
  }
  if (roles.length === 0) throw new AppError(AuthErrors.INVALID_ROLES, 'An account needs at least one role.');
  const restaurantRoles = unique(roles.filter(isRestaurantRole));
  if (restaurantRoles.length > 0 && restaurantIds.length === 0) {
    throw new AppError(AuthErrors.INVALID_ROLES, 'Restaurant roles need at least one restaurant id.');
  }
  if (restaurantRoles.length === 0 && restaurantIds.length > 0) {
    throw new AppError(AuthErrors.INVALID_ROLES, 'Restaurant ids need a restaurant role to go with them.');
  }
  return {
    accountRoles: unique(roles.filter((role): role is Role => !isRestaurantRole(role))),
    grants: unique(restaurantIds).flatMap((restaurantId) =>
      restaurantRoles.map((role) => ({ restaurantId, role })),
    ),
  };
}

/** The roles and restaurant ids a token and /auth/me show: account roles plus every role held anywhere. */
export function effectiveAccess(
  accountRoles: readonly string[],
  grants: readonly RestaurantGrant[],
): { roles: string[]; restaurantIds: string[] } {
  return {
    roles: unique([...accountRoles, ...grants.map((grant) => grant.role)]),
    restaurantIds: unique(grants.map((grant) => grant.restaurantId)),
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
