import { AppError, CommonErrors } from '../../../platform/errors/app-error.js';
import {
  ALL_ROLES,
  AuthErrors,
  MAX_ACCOUNTS_PER_LOOKUP,
  MAX_PAGE_SIZE,
  type AccountEmail,
  type AccountPage,
  type ListAccountsInput,
  type RestaurantRole,
  type UserView,
} from '../contract.js';
import { isRestaurantRole } from '../domain/account-roles.js';
import { normalizeEmail, type AuthContext } from './context.js';
import { toUserView } from './session.js';

export async function getAccount(ctx: AuthContext, accountId: string): Promise<UserView> {
  const account = await ctx.store.findAccountById(accountId);
  if (account === undefined) throw notFound();
  return toUserView(account);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Many accounts' emails in one read, for a consumer that writes to a batch of events' people. */
export async function getAccountEmails(
  ctx: AuthContext,
  accountIds: unknown,
): Promise<{ accounts: AccountEmail[] }> {
  if (!Array.isArray(accountIds) || accountIds.length > MAX_ACCOUNTS_PER_LOOKUP) {
    throw new AppError(
      CommonErrors.VALIDATION,
      `accountIds must be a list of at most ${MAX_ACCOUNTS_PER_LOOKUP} ids.`,
    );
  }
  const ids = [...new Set(accountIds.filter((id): id is string => typeof id === 'string' && UUID.test(id)))];
  return { accounts: ids.length === 0 ? [] : await ctx.store.findAccountEmails(ids) };
}

export async function findAccountByEmail(ctx: AuthContext, email: string): Promise<UserView | null> {
  const account = await ctx.store.findAccountByEmail(normalizeEmail(email));
  return account === undefined ? null : toUserView(account);
}

/** A page of accounts for administrators, oldest first. Checked here too: callers may be remote. */
export async function listAccounts(ctx: AuthContext, input: ListAccountsInput): Promise<AccountPage> {
  const { page, size } = input;
  if (!Number.isInteger(page) || page < 0) throw invalidList('page must be an integer of 0 or more.');
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw invalidList(`size must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
  }
  if (input.role !== undefined && !(ALL_ROLES as readonly string[]).includes(input.role)) {
    throw invalidList(`role must be one of ${ALL_ROLES.join(', ')}.`);
  }
  const q = input.q?.trim();
  const { accounts, total } = await ctx.store.listAccounts({
    ...(q === undefined || q === '' ? {} : { q }),
    ...(input.role === undefined ? {} : { role: input.role }),
    ...(input.disabled === undefined ? {} : { disabled: input.disabled }),
    limit: size,
    offset: page * size,
  });
  return {
    content: accounts.map((account) => ({
      ...toUserView(account),
      disabled: account.disabled,
      createdAt: account.createdAt.toISOString(),
    })),
    page,
    size,
    totalElements: total,
    totalPages: Math.ceil(total / size),
  };
}

/** Disabling also revokes every refresh token, so no new access token is issued to the account. */
export async function setAccountDisabled(
  ctx: AuthContext,
  input: { accountId: string; disabled: boolean },
): Promise<void> {
  await ctx.store.transaction(async (repo) => {
    if (!(await repo.setDisabled(input.accountId, input.disabled))) throw notFound();
    if (input.disabled) await repo.revokeAccountTokens(input.accountId, ctx.clock.now());
  });
  ctx.log.info({ accountId: input.accountId, disabled: input.disabled }, 'account status changed');
}

/** Replaces the roles the account holds at one restaurant; `[]` takes the restaurant away. */
export async function setRestaurantRoles(
  ctx: AuthContext,
  input: { accountId: string; restaurantId: string; roles: RestaurantRole[] },
): Promise<UserView> {
  const wrong = input.roles.filter((role) => !isRestaurantRole(role));
  if (wrong.length > 0) {
    throw new AppError(AuthErrors.INVALID_ROLES, `Not restaurant roles: ${wrong.join(', ')}.`);
  }
  const account = await ctx.store.transaction(async (repo) => {
    if ((await repo.findAccountById(input.accountId, { forUpdate: true })) === undefined) throw notFound();
    await repo.replaceRestaurantRoles(input.accountId, input.restaurantId, input.roles, ctx.clock.now());
    return repo.findAccountById(input.accountId);
  });
  if (account === undefined) throw notFound();
  ctx.log.info(
    { accountId: input.accountId, restaurantId: input.restaurantId, roles: input.roles },
    'restaurant roles set',
  );
  return toUserView(account);
}

function notFound(): AppError {
  return new AppError(AuthErrors.ACCOUNT_NOT_FOUND, 'There is no such account.');
}

function invalidList(message: string): AppError {
  return new AppError(CommonErrors.VALIDATION, message);
}
