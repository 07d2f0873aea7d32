import { AppError, hasCode } from '../../../platform/errors/app-error.js';
import { AuthErrors } from '../../auth/index.js';
import {
  UsersErrors,
  type AdminUserView,
  type ListUsersQuery,
  type SetStatusBody,
  type UserPage,
} from '../contract.js';
import type { UsersContext } from './context.js';
import { ensureProfile, loadAccount, toProfileView, userNotFound } from './profiles.js';

/** A page of accounts from auth, which owns email, roles and status. */
export async function listUsers(ctx: UsersContext, query: ListUsersQuery): Promise<UserPage> {
  return ctx.auth.listAccounts({
    page: query.page,
    size: query.size,
    ...(query.q === undefined ? {} : { q: query.q }),
    ...(query.role === undefined ? {} : { role: query.role }),
    ...(query.disabled === undefined ? {} : { disabled: query.disabled }),
  });
}

/** One user's profile with the last status an administrator set, and why. */
export async function getUser(ctx: UsersContext, userId: string): Promise<AdminUserView> {
  const account = await loadAccount(ctx, userId);
  const profile = await ensureProfile(ctx, account);
  const change = await ctx.store.lastStatusChange(userId);
  return {
    ...toProfileView(account, profile),
    lastStatusChange:
      change === undefined
        ? null
        : {
            disabled: change.disabled,
            reason: change.reason,
            changedBy: change.changedBy,
            changedAt: change.changedAt.toISOString(),
          },
  };
}

/**
 * Disables or re-enables an account. Auth is told first: it owns the flag and revokes the sessions. The
 * record of who did it and why is written after; if that write fails the caller gets an error and may
 * repeat the request, which auth applies idempotently.
 */
export async function setUserStatus(
  ctx: UsersContext,
  adminId: string,
  userId: string,
  input: SetStatusBody,
): Promise<AdminUserView> {
  if (input.disabled && userId === adminId) {
    throw new AppError(UsersErrors.CANNOT_DISABLE_SELF, 'You cannot disable your own account.');
  }
  try {
    await ctx.auth.setAccountDisabled({ accountId: userId, disabled: input.disabled });
  } catch (error) {
    if (hasCode(error, AuthErrors.ACCOUNT_NOT_FOUND)) throw userNotFound();
    throw error;
  }
  await ctx.store.insertStatusChange({
    id: ctx.ids.next(),
    userId,
    disabled: input.disabled,
    reason: input.reason?.trim() || null,
    changedBy: adminId,
    changedAt: ctx.clock.now(),
  });
  ctx.log.info({ userId, adminId, disabled: input.disabled }, 'account status set by an administrator');
  return getUser(ctx, userId);
}
