import { MAX_USERS_PER_LOOKUP, type NotificationChannels } from '../../users/index.js';
import type { NotificationsContext } from './context.js';

/**
 * The restaurant's name for a friendlier text. It is decoration: when the restaurants service cannot
 * answer, the notification still goes out without the name rather than waiting for it.
 */
export async function lookUpRestaurantName(
  ctx: NotificationsContext,
  restaurantId: string | undefined,
): Promise<string | null> {
  if (restaurantId === undefined || ctx.restaurants === undefined) return null;
  try {
    return (await ctx.restaurants.getRestaurant({ id: restaurantId })).name;
  } catch (error) {
    ctx.log.warn({ err: error, restaurantId }, 'restaurant name unavailable; notifying without it');
    return null;
  }
}

/**
 * Each user's channel choices, asked for all of a batch's people in one call (per chunk of the users
 * service's limit); null for an id the users service leaves out (that user gets in-app only). A failure
 * is thrown, so the event is retried rather than sent on the wrong channels.
 */
export async function lookUpChannels(
  ctx: NotificationsContext,
  userIds: Iterable<string>,
): Promise<Map<string, NotificationChannels | null>> {
  const wanted = [...new Set(userIds)];
  const channels = new Map<string, NotificationChannels | null>(wanted.map((id) => [id, null]));
  for (let start = 0; start < wanted.length; start += MAX_USERS_PER_LOOKUP) {
    const chunk = wanted.slice(start, start + MAX_USERS_PER_LOOKUP);
    const answer = await ctx.users.getNotificationChannels({ userIds: chunk });
    for (const { userId, notificationChannels } of answer.channels) {
      channels.set(userId, notificationChannels);
    }
  }
  return channels;
}

export interface Contact {
  email: string;
  phone: string | null;
}

/** Where to reach a user; null when the users service does not know them. */
export async function lookUpContact(ctx: NotificationsContext, userId: string): Promise<Contact | null> {
  return (await lookUpContacts(ctx, [userId])).get(userId) ?? null;
}

/**
 * Where to reach each of a batch's people, asked in one call per chunk of the users service's limit;
 * null for a user it does not know.
 */
export async function lookUpContacts(
  ctx: NotificationsContext,
  userIds: Iterable<string>,
): Promise<Map<string, Contact | null>> {
  const wanted = [...new Set(userIds)];
  const contacts = new Map<string, Contact | null>(wanted.map((id) => [id, null]));
  for (let start = 0; start < wanted.length; start += MAX_USERS_PER_LOOKUP) {
    const chunk = wanted.slice(start, start + MAX_USERS_PER_LOOKUP);
    for (const contact of (await ctx.users.getContacts({ userIds: chunk })).contacts) {
      contacts.set(contact.userId, { email: contact.email, phone: contact.phone });
    }
  }
  return contacts;
}

/**
 * Look-ups a batch needs at the same time. One after another, a batch naming a dozen people waited a dozen
 * round trips before its transaction, and under load a round trip is tens of milliseconds. A few at once
 * keeps the other service (or the pool) from being flooded by one batch.
 */
const LOOKUPS_AT_ONCE = 8;

export async function forEachAtOnce<T>(items: Iterable<T>, look: (item: T) => Promise<void>): Promise<void> {
  const all = [...items];
  for (let start = 0; start < all.length; start += LOOKUPS_AT_ONCE) {
    await Promise.all(all.slice(start, start + LOOKUPS_AT_ONCE).map(look));
  }
}
