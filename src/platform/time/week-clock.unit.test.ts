import { describe, expect, it } from 'vitest';
import {
  isKnownTimeZone,
  localMinuteOfWeek,
  minutesOfDay,
  spanCovers,
  WEEK_MINUTES,
  weekSpan,
} from './week-clock.js';

describe('the week clock', () => {
  it('reads HH:MM and spans past midnight into the next day', () => {
    expect(minutesOfDay('24:00')).toBe(1440);
    expect(weekSpan(0, '18:00', '02:00')).toEqual({ start: 1080, end: 1560 });
    expect(weekSpan(1, '09:00', '17:30')).toEqual({ start: 1440 + 540, end: 1440 + 1050 });
  });

  it("covers Monday morning with Sunday night's span", () => {
    const sundayNight = weekSpan(6, '22:00', '03:00');
    expect(sundayNight.end).toBeGreaterThan(WEEK_MINUTES);
    expect(spanCovers(sundayNight, 120)).toBe(true);
    expect(spanCovers(sundayNight, 180)).toBe(false);
  });

  it('reads the wall clock of a zone and refuses unknown zones', () => {
    // Monday 2026-03-02 09:00 UTC is 14:30 in Kolkata.
    const instant = new Date('2026-03-02T09:00:00Z');
    expect(localMinuteOfWeek('UTC', instant)).toBe(9 * 60);
    expect(localMinuteOfWeek('Asia/Kolkata', instant)).toBe(14 * 60 + 30);
    expect(localMinuteOfWeek('Mars/Olympus', instant)).toBeUndefined();
    expect(isKnownTimeZone('Asia/Kolkata')).toBe(true);
    expect(isKnownTimeZone('+05:30')).toBe(false);
  });
});
