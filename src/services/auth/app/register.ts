import { AppError, CommonErrors } from '../../../platform/errors/app-error.js';
import { Roles, type CreateAccountInput, type RegisterBody, type UserView } from '../contract.js';
import { assignRoles } from '../domain/account-roles.js';
import { checkPasswordPolicy } from '../domain/password-policy.js';
import { normalizeEmail, type AuthContext } from './context.js';
import { toUserView } from './session.js';

/** Self-service sign-up: always a CUSTOMER, whatever the body says. */
export function register(ctx: AuthContext, input: RegisterBody): Promise<UserView> {
  return createAccount(ctx, { ...input, roles: [Roles.CUSTOMER] });
}

/**
 * Creates an account with any roles (demo seeding, operators). The account and its restaurant grants are
 * written in one transaction, so a clash on the email leaves nothing behind.
 */
export async function createAccount(ctx: AuthContext, input: CreateAccountInput): Promise<UserView> {
  const name = input.name.trim();
  if (name === '') throw new AppError(CommonErrors.VALIDATION, 'A name is required.');
  checkPasswordPolicy(input.password);
  const { accountRoles, grants } = assignRoles(input.roles, input.restaurantIds ?? []);
  const passwordHash = await ctx.hasher.hash(input.password);
  const account = {
    id: ctx.ids.next(),
    email: normalizeEmail(input.email),
    name,
    passwordHash,
    roles: accountRoles,
    grants,
    createdAt: ctx.clock.now(),
  };
  await ctx.store.transaction((repo) => repo.insertAccount(account));
  ctx.log.info({ accountId: account.id, roles: input.roles }, 'account created');
  return toUserView({ ...account, disabled: false, failedLogins: 0, lockedUntil: null });
}
