import { AppError, hasCode } from '../../../platform/errors/app-error.js';
import type { UserView } from '../../auth/index.js';
import { RestaurantsErrors, type AddStaffBody, type StaffMember } from '../contract.js';
import type { RestaurantsContext } from './context.js';
import { accountByEmail } from './create-restaurant.js';

export function listStaff(ctx: RestaurantsContext, restaurantId: string): Promise<StaffMember[]> {
  return ctx.store.listStaff(restaurantId);
}

/**
 * Grants the role in auth, then records the member here. Should the record fail, repeating the call
 * repairs it (the grant is idempotent). The member's current token lacks the restaurant until it refreshes;
 * this service honours the recorded membership at once.
 */
export async function addStaff(
  ctx: RestaurantsContext,
  restaurantId: string,
  body: AddStaffBody,
): Promise<StaffMember> {
  const account = await accountByEmail(ctx, body.email);
  await ctx.auth.setRestaurantRoles({ accountId: account.id, restaurantId, roles: [body.role] });
  const member: StaffMember = {
    accountId: account.id,
    email: account.email,
    name: account.name,
    role: body.role,
    grantedAt: ctx.clock.now().toISOString(),
  };
  await ctx.store.saveStaff(restaurantId, member);
  ctx.log.info({ restaurantId, accountId: account.id, role: body.role }, 'staff member added');
  return member;
}

/**
 * Revokes here first (refused at once by this service), then in auth. Should auth fail, repeating the call
 * finishes the job, since the account still shows the restaurant.
 */
export async function removeStaff(
  ctx: RestaurantsContext,
  restaurantId: string,
  accountId: string,
): Promise<void> {
  const account = await accountOrNull(ctx, accountId);
  const membership = await ctx.store.membership(restaurantId, accountId);
  const isMember =
    (membership !== undefined && !membership.revoked) ||
    (account?.restaurantIds.includes(restaurantId) ?? false);
  if (account === null || !isMember) {
    throw new AppError(RestaurantsErrors.STAFF_NOT_FOUND, 'This account is not a member of the restaurant.', {
      details: { accountId },
    });
  }
  await ctx.store.revokeStaff(
    restaurantId,
    { accountId, email: account.email, name: account.name },
    ctx.clock.now(),
  );
  await ctx.auth.setRestaurantRoles({ accountId, restaurantId, roles: [] });
  ctx.log.info({ restaurantId, accountId }, 'staff member removed');
}

async function accountOrNull(ctx: RestaurantsContext, accountId: string): Promise<UserView | null> {
  try {
    return await ctx.auth.getAccount(accountId);
  } catch (error) {
    if (hasCode(error, 'AUTH.ACCOUNT_NOT_FOUND')) return null;
    throw error;
  }
}
