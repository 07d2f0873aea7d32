import type { Channels, NotificationChannels, NotificationKind, PreferencesView } from '../contract.js';
import { DIETARY_RESTRICTIONS, NOTIFICATION_KINDS } from '../contract.js';

const IN_APP_ONLY: Channels = { inApp: true, email: false, sms: false };

/**
 * What a user who never chose gets: everything in the app, order updates by email too (they are receipts),
 * and no SMS, which costs money and which nobody asked for yet.
 */
export function defaultPreferences(): PreferencesView {
  return {
    cuisines: [],
    dietaryRestrictions: [],
    notificationChannels: {
      ORDER_UPDATES: { inApp: true, email: true, sms: false },
      PROMOTIONS: { ...IN_APP_ONLY },
      ACCOUNT: { ...IN_APP_ONLY },
      RESTAURANT_UPDATES: { ...IN_APP_ONLY },
    },
  };
}

/**
 * One spelling per preference set, so that "no change" can be told apart from a change: cuisines trimmed and
 * without repeats in any letter case (the first spelling wins), restrictions without repeats in a fixed order.
 */
export function normalizePreferences(input: PreferencesView): PreferencesView {
  const seen = new Set<string>();
  const cuisines: string[] = [];
  for (const raw of input.cuisines) {
    const cuisine = raw.trim();
    const key = cuisine.toLowerCase();
    if (cuisine === '' || seen.has(key)) continue;
    seen.add(key);
    cuisines.push(cuisine);
  }
  const chosen = new Set(input.dietaryRestrictions);
  return {
    cuisines,
    dietaryRestrictions: DIETARY_RESTRICTIONS.filter((restriction) => chosen.has(restriction)),
    notificationChannels: Object.fromEntries(
      NOTIFICATION_KINDS.map((kind) => [kind, channelsOf(input.notificationChannels, kind)]),
    ) as NotificationChannels,
  };
}

/** True when two normalized preference sets say the same thing. */
export function samePreferences(a: PreferencesView, b: PreferencesView): boolean {
  return (
    sameList(a.cuisines, b.cuisines) &&
    sameList(a.dietaryRestrictions, b.dietaryRestrictions) &&
    NOTIFICATION_KINDS.every((kind) => {
      const x = a.notificationChannels[kind];
      const y = b.notificationChannels[kind];
      return x.inApp === y.inApp && x.email === y.email && x.sms === y.sms;
    })
  );
}

function channelsOf(channels: NotificationChannels, kind: NotificationKind): Channels {
  const { inApp, email, sms } = channels[kind];
  return { inApp, email, sms };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
