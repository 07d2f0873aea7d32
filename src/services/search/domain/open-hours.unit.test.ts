import { describe, expect, it } from 'vitest';
import {
  isOpenAtMinute,
  localMinuteOfWeek,
  minutesByZone,
  multirangeLiteral,
  parseMultirange,
  WEEK_MINUTES,
  weekRanges,
} from './open-hours.js';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** The restaurants service's rule, written out independently: the interval counts for the day it opened. */
function reference(
  hours: Partial<Record<(typeof DAYS)[number], Array<{ open: string; close: string }>>>,
  minute: number,
) {
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  return DAYS.some((day, i) =>
    (hours[day] ?? []).some(({ open, close }) => {
      const start = i * 1440 + m(open);
      const end = start + (m(close) > m(open) ? m(close) - m(open) : m(close) + 1440 - m(open));
      return (
        (minute >= start && minute < end) || (minute + WEEK_MINUTES >= start && minute + WEEK_MINUTES < end)
      );
    }),
  );
}

describe('weekly hours as week ranges', () => {
  const hours = {
    monday: [
      { open: '11:30', close: '15:30' },
      { open: '18:30', close: '01:00' },
    ],
    wednesday: [{ open: '00:00', close: '24:00' }],
    saturday: [{ open: '07:00', close: '23:00' }],
    sunday: [{ open: '22:00', close: '10:00' }],
  };

  it('agrees with the restaurants rule at every quarter hour of the week', () => {
    const ranges = weekRanges(hours);
    for (let minute = 0; minute < WEEK_MINUTES; minute += 15) {
      expect(isOpenAtMinute(ranges, minute), `minute ${minute}`).toBe(reference(hours, minute));
    }
  });

  it('splits Sunday night at the end of the week and round-trips through the SQL literal', () => {
    const ranges = weekRanges({ sunday: [{ open: '22:00', close: '10:00' }] });
    expect(ranges).toEqual([
      [0, 600],
      [6 * 1440 + 1320, WEEK_MINUTES],
    ]);
    expect(multirangeLiteral(ranges)).toBe('{[0,600),[9960,10080)}');
    expect(parseMultirange('{[0,600),[9960,10080)}')).toEqual(ranges);
    expect(multirangeLiteral(weekRanges({}))).toBe('{}');
    expect(parseMultirange('{}')).toEqual([]);
  });
});

describe('the local minute of the week', () => {
  it('reads the wall clock of the zone', () => {
    // Monday 09:00 UTC is Monday 14:30 in Kolkata, and Sunday 23:00 UTC is Monday 04:30 there.
    expect(localMinuteOfWeek('UTC', new Date('2026-03-02T09:00:00Z'))).toBe(540);
    expect(localMinuteOfWeek('Asia/Kolkata', new Date('2026-03-02T09:00:00Z'))).toBe(870);
    expect(localMinuteOfWeek('Asia/Kolkata', new Date('2026-03-01T23:00:00Z'))).toBe(270);
  });

  it('leaves out a zone this runtime does not know', () => {
    expect(localMinuteOfWeek('Mars/Olympus', new Date())).toBeUndefined();
    expect(minutesByZone(['UTC', 'Mars/Olympus'], new Date('2026-03-02T00:00:00Z'))).toEqual({
      zones: ['UTC'],
      minutes: [0],
    });
  });
});
