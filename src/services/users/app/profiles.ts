import { AppError, CommonErrors, hasCode } from '../../../platform/errors/app-error.js';
import { AuthErrors, type UserView } from '../../auth/index.js';
import {
  MAX_USERS_PER_LOOKUP,
  UsersErrors,
  type ProfileView,
  type UpdateProfileBody,
  type UserContact,
} from '../contract.js';
import { normalizePhone } from '../domain/phone.js';
import { isUuid, type UsersContext } from './context.js';
import type { ProfileRecord } from './ports.js';

/** The profile with email and roles fresh from auth; the profile row is made on first access. */
export async function getProfile(ctx: UsersContext, userId: string): Promise<ProfileView> {
  const account = await loadAccount(ctx, userId);
  return toProfileView(account, await ensureProfile(ctx, account));
}

/**
 * Many users' email (from auth) and phone in one call each: a consumer that writes to a batch of events'
 * people asked for each profile alone, four reads apiece. A user without a profile row yet has no phone.
 */
export async function getContacts(ctx: UsersContext, userIds: unknown): Promise<{ contacts: UserContact[] }> {
  if (!Array.isArray(userIds) || userIds.length > MAX_USERS_PER_LOOKUP) {
    throw new AppError(
      CommonErrors.VALIDATION,
      `userIds must be a list of at most ${MAX_USERS_PER_LOOKUP} ids.`,
    );
  }
  const ids = [...new Set(userIds.filter(isUuid))];
  if (ids.length === 0) return { contacts: [] };
  const [{ accounts }, phones] = await Promise.all([
    ctx.auth.getAccountEmails({ accountIds: ids }),
    ctx.store.findPhones(ids),
  ]);
  return {
    contacts: accounts.map((account) => ({
      userId: account.id,
      email: account.email,
      phone: phones.get(account.id) ?? null,
    })),
  };
}

/** Changes the name and/or the phone; the phone is validated and stored in E.164. */
export async function updateProfile(
  ctx: UsersContext,
  userId: string,
  changes: UpdateProfileBody,
): Promise<ProfileView> {
  if (changes.name === undefined && changes.phone === undefined) throw nothingToChange();
  // Validated before anything is read or written, so a bad number leaves no trace (not even a new profile).
  const phone =
    changes.phone === undefined || changes.phone === null ? changes.phone : normalizePhone(changes.phone);
  const name = changes.name?.trim();
  const account = await loadAccount(ctx, userId);
  await ensureProfile(ctx, account);
  await ctx.store.updateProfile(
    userId,
    { ...(name === undefined ? {} : { name }), ...(phone === undefined ? {} : { phone }) },
    ctx.clock.now(),
  );
  const profile = await ctx.store.findProfile(userId);
  if (profile === undefined) throw userNotFound();
  ctx.log.info({ userId, fields: Object.keys(changes) }, 'profile updated');
  return toProfileView(account, profile);
}

/** The auth account, or `USERS.USER_NOT_FOUND`. */
export async function loadAccount(ctx: UsersContext, userId: string): Promise<UserView> {
  if (!isUuid(userId)) throw userNotFound();
  try {
    return await ctx.auth.getAccount(userId);
  } catch (error) {
    if (hasCode(error, AuthErrors.ACCOUNT_NOT_FOUND)) throw userNotFound();
    throw error;
  }
}

export async function ensureProfile(ctx: UsersContext, account: UserView): Promise<ProfileRecord> {
  const existing = await ctx.store.findProfile(account.id);
  if (existing !== undefined) return existing;
  const now = ctx.clock.now();
  await ctx.store.insertProfileIfMissing({
    userId: account.id,
    name: account.name,
    phone: null,
    createdAt: now,
    updatedAt: now,
  });
  const created = await ctx.store.findProfile(account.id);
  if (created === undefined) throw userNotFound();
  return created;
}

export function toProfileView(account: UserView, profile: ProfileRecord): ProfileView {
  return {
    id: account.id,
    email: account.email,
    name: profile.name,
    phone: profile.phone,
    roles: account.roles,
    restaurantIds: account.restaurantIds,
    createdAt: profile.createdAt.toISOString(),
    updatedAt: profile.updatedAt.toISOString(),
  };
}

export function userNotFound(): AppError {
  return new AppError(UsersErrors.USER_NOT_FOUND, 'There is no such user.');
}

/**
 * The HTTP kernel drops unknown fields rather than refusing them, so a body of only unknown fields arrives
 * empty: say so instead of answering 200 for a change that did nothing.
 */
export function nothingToChange(): AppError {
  return new AppError(CommonErrors.VALIDATION, 'Nothing to change: give at least one known field.');
}
