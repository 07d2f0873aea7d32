import { describe, expect, it } from 'vitest';
import { defaultPreferences, normalizePreferences, samePreferences } from './preferences.js';

describe('preferences', () => {
  it('defaults to in-app everywhere, email for order updates only, and no SMS', () => {
    const { notificationChannels } = defaultPreferences();
    expect(Object.values(notificationChannels).every((channels) => channels.inApp && !channels.sms)).toBe(
      true,
    );
    expect(
      Object.entries(notificationChannels)
        .filter(([, channels]) => channels.email)
        .map(([kind]) => kind),
    ).toEqual(['ORDER_UPDATES']);
  });

  it('normalizes cuisines (trimmed, first spelling wins) and restrictions (no repeats, fixed order)', () => {
    const normalized = normalizePreferences({
      ...defaultPreferences(),
      cuisines: [' Thai ', 'thai', '  ', 'Mughlai'],
      dietaryRestrictions: ['NUT_FREE', 'VEGAN', 'NUT_FREE'],
    });
    expect(normalized.cuisines).toEqual(['Thai', 'Mughlai']);
    expect(normalized.dietaryRestrictions).toEqual(['VEGAN', 'NUT_FREE']);
  });

  it('tells a change from the same choices', () => {
    const base = normalizePreferences(defaultPreferences());
    expect(samePreferences(base, normalizePreferences(defaultPreferences()))).toBe(true);
    const sms = normalizePreferences({
      ...defaultPreferences(),
      notificationChannels: {
        ...defaultPreferences().notificationChannels,
        ACCOUNT: { inApp: true, email: false, sms: true },
      },
    });
    expect(samePreferences(base, sms)).toBe(false);
    expect(samePreferences(base, { ...base, cuisines: ['Thai'] })).toBe(false);
  });
});
