import { describe, expect, it } from 'vitest';
import { isOpenAt, isValidTimeZone, normalizeHours } from './opening-hours.js';

const weekdays9to17 = {
  monday: [{ open: '09:00', close: '17:00' }],
  tuesday: [{ open: '09:00', close: '17:00' }],
  wednesday: [{ open: '09:00', close: '17:00' }],
  thursday: [{ open: '09:00', close: '17:00' }],
  friday: [{ open: '09:00', close: '17:00' }],
};

describe('isOpenAt', () => {
  // 2026-03-02 is a Monday.
  it('reads the hours on the restaurant’s own wall clock (Asia/Kolkata is UTC+05:30)', () => {
    // 03:29 UTC is 08:59 in Kolkata, 03:30 is 09:00.
    expect(isOpenAt(weekdays9to17, 'Asia/Kolkata', true, new Date('2026-03-02T03:29:00Z'))).toBe(false);
    expect(isOpenAt(weekdays9to17, 'Asia/Kolkata', true, new Date('2026-03-02T03:30:00Z'))).toBe(true);
    // 12:00 UTC: open in UTC, but 17:30 in Kolkata, so closed there.
    expect(isOpenAt(weekdays9to17, 'UTC', true, new Date('2026-03-02T12:00:00Z'))).toBe(true);
    expect(isOpenAt(weekdays9to17, 'Asia/Kolkata', true, new Date('2026-03-02T12:00:00Z'))).toBe(false);
  });

  it('takes the local weekday, which may differ from the UTC one', () => {
    // Friday 20:00 UTC is Saturday 01:30 in Kolkata: no Saturday hours.
    const lateFriday = { friday: [{ open: '18:00', close: '23:59' }] };
    expect(isOpenAt(lateFriday, 'UTC', true, new Date('2026-03-06T20:00:00Z'))).toBe(true);
    expect(isOpenAt(lateFriday, 'Asia/Kolkata', true, new Date('2026-03-06T20:00:00Z'))).toBe(false);
  });

  it('counts the part of an interval past midnight for the day it opened', () => {
    const lateMonday = { monday: [{ open: '18:00', close: '02:00' }] };
    expect(isOpenAt(lateMonday, 'UTC', true, new Date('2026-03-02T23:30:00Z'))).toBe(true);
    expect(isOpenAt(lateMonday, 'UTC', true, new Date('2026-03-03T01:59:00Z'))).toBe(true);
    expect(isOpenAt(lateMonday, 'UTC', true, new Date('2026-03-03T02:00:00Z'))).toBe(false);
    // Monday 01:00 is not covered by Monday's own evening.
    expect(isOpenAt(lateMonday, 'UTC', true, new Date('2026-03-02T01:00:00Z'))).toBe(false);
  });

  it('carries Sunday night into Monday morning', () => {
    const lateSunday = { sunday: [{ open: '20:00', close: '03:00' }] };
    expect(isOpenAt(lateSunday, 'UTC', true, new Date('2026-03-02T02:30:00Z'))).toBe(true);
    expect(isOpenAt(lateSunday, 'UTC', true, new Date('2026-03-02T03:30:00Z'))).toBe(false);
  });

  it('is closed on a day without hours', () => {
    expect(isOpenAt(weekdays9to17, 'UTC', true, new Date('2026-03-07T12:00:00Z'))).toBe(false);
    expect(isOpenAt({}, 'UTC', true, new Date('2026-03-02T12:00:00Z'))).toBe(false);
  });

  it('is closed whenever the manual switch is off', () => {
    expect(isOpenAt(weekdays9to17, 'UTC', false, new Date('2026-03-02T12:00:00Z'))).toBe(false);
  });

  it('treats 00:00-24:00 as the whole day, and close is exclusive', () => {
    const allMonday = { monday: [{ open: '00:00', close: '24:00' }] };
    expect(isOpenAt(allMonday, 'UTC', true, new Date('2026-03-02T00:00:00Z'))).toBe(true);
    expect(isOpenAt(allMonday, 'UTC', true, new Date('2026-03-02T23:59:00Z'))).toBe(true);
    expect(isOpenAt(allMonday, 'UTC', true, new Date('2026-03-03T00:00:00Z'))).toBe(false);
    expect(isOpenAt(weekdays9to17, 'UTC', true, new Date('2026-03-02T17:00:00Z'))).toBe(false);
  });
});

describe('normalizeHours', () => {
  it('fills every day and sorts the intervals', () => {
    const hours = normalizeHours({
      monday: [
        { open: '18:00', close: '22:00' },
        { open: '11:00', close: '14:00' },
      ],
    });
    expect(hours.monday.map((i) => i.open)).toEqual(['11:00', '18:00']);
    expect(hours.sunday).toEqual([]);
  });

  it('refuses overlapping intervals of one day', () => {
    expect(() =>
      normalizeHours({
        monday: [
          { open: '11:00', close: '15:00' },
          { open: '14:00', close: '22:00' },
        ],
      }),
    ).toThrowCode('RESTAURANTS.INVALID_HOURS');
  });

  it('refuses a past-midnight interval running into the next day’s first one', () => {
    expect(() =>
      normalizeHours({
        monday: [{ open: '18:00', close: '02:00' }],
        tuesday: [{ open: '01:00', close: '05:00' }],
      }),
    ).toThrowCode('RESTAURANTS.INVALID_HOURS');
    expect(() =>
      normalizeHours({
        sunday: [{ open: '22:00', close: '03:00' }],
        monday: [{ open: '02:00', close: '05:00' }],
      }),
    ).toThrowCode('RESTAURANTS.INVALID_HOURS');
  });

  it('accepts touching intervals and refuses zero-length ones', () => {
    expect(() =>
      normalizeHours({
        monday: [{ open: '18:00', close: '02:00' }],
        tuesday: [{ open: '02:00', close: '05:00' }],
      }),
    ).not.toThrow();
    expect(() => normalizeHours({ monday: [{ open: '10:00', close: '10:00' }] })).toThrowCode(
      'RESTAURANTS.INVALID_HOURS',
    );
  });
});

describe('isValidTimeZone', () => {
  it('knows IANA zones and refuses the rest', () => {
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('+05:30')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
