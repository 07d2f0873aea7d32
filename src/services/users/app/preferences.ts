import { AppError, CommonErrors } from '../../../platform/errors/app-error.js';
import {
  MAX_USERS_PER_LOOKUP,
  UserEvents,
  type PreferencesView,
  type UserChannels,
  type UserPreferenceUpdatedV1,
} from '../contract.js';
import { defaultPreferences, normalizePreferences, samePreferences } from '../domain/preferences.js';
import { isUuid, type UsersContext } from './context.js';
import { userNotFound } from './profiles.js';

/** The stored preferences, or the defaults for a user who never chose. */
export async function getPreferences(ctx: UsersContext, userId: string): Promise<PreferencesView> {
  if (!isUuid(userId)) throw userNotFound();
  return (await ctx.store.findPreferences(userId)) ?? defaultPreferences();
}

/**
 * Many users' notification channels in one read, for a consumer that notifies a batch of events' people
 * (one look-up per person was a round trip per notification).
 */
export async function getNotificationChannels(
  ctx: UsersContext,
  userIds: unknown,
): Promise<{ channels: UserChannels[] }> {
  if (!Array.isArray(userIds) || userIds.length > MAX_USERS_PER_LOOKUP) {
    throw new AppError(
      CommonErrors.VALIDATION,
      `userIds must be a list of at most ${MAX_USERS_PER_LOOKUP} ids.`,
    );
  }
  const ids = [...new Set(userIds.filter(isUuid))];
  const stored = await ctx.store.findNotificationChannels(ids);
  const defaults = defaultPreferences().notificationChannels;
  return {
    channels: ids.map((userId) => ({ userId, notificationChannels: stored.get(userId) ?? defaults })),
  };
}

/**
 * Replaces the preferences. Only a real change is written, and its `UserPreferenceUpdated` goes to the
 * outbox in the same transaction, so consumers see every change once and never a change that rolled back.
 */
export async function replacePreferences(
  ctx: UsersContext,
  userId: string,
  input: PreferencesView,
): Promise<{ preferences: PreferencesView; changed: boolean }> {
  const next = normalizePreferences(input);
  const changed = await ctx.store.transaction(async (repo, tx) => {
    await repo.lockUser(userId, 'preferences');
    const current = (await repo.findPreferences(userId)) ?? defaultPreferences();
    if (samePreferences(normalizePreferences(current), next)) return false;
    await repo.savePreferences(userId, next, ctx.clock.now());
    const data: UserPreferenceUpdatedV1 = { userId, ...next };
    await ctx.messaging.publish(tx, [ctx.messaging.event(UserEvents.PREFERENCE_UPDATED, userId, data)]);
    return true;
  });
  if (changed) ctx.log.info({ userId }, 'preferences updated');
  return { preferences: next, changed };
}
