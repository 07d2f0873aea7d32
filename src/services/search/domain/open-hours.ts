import { WEEKDAYS, type OpeningInterval, type Weekday } from '../../restaurants/index.js';

/**
 * Open-now from a restaurant's weekly hours, its time zone and its manual switch: the restaurants
 * service's rule (an interval past midnight counts for the day it opened; Sunday night runs into Monday),
 * replicated from what its events carry so that search never asks it.
 *
 * The index stores each restaurant's hours as ranges of local minutes of the week (Monday 00:00 = 0), so
 * SQL filters with `open_week @> <minute>`, the minute being computed here once per time zone.
 */

export const DAY_MINUTES = 24 * 60;
export const WEEK_MINUTES = 7 * DAY_MINUTES;

/** A half-open range of local minutes of the week, inside [0, WEEK_MINUTES). */
export type WeekRange = readonly [start: number, end: number];

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** The hours as week ranges; an interval running past Sunday midnight is split at the week's end. */
export function weekRanges(hours: Partial<Record<Weekday, readonly OpeningInterval[]>>): WeekRange[] {
  const ranges: WeekRange[] = [];
  WEEKDAYS.forEach((day, index) => {
    for (const interval of hours[day] ?? []) {
      const open = minutesOf(interval.open);
      const close = minutesOf(interval.close);
      if (!Number.isFinite(open) || !Number.isFinite(close) || open === close) continue;
      const start = index * DAY_MINUTES + open;
      const end = start + (close > open ? close - open : close + DAY_MINUTES - open);
      if (end <= WEEK_MINUTES) ranges.push([start, end]);
      else ranges.push([start, WEEK_MINUTES], [0, end - WEEK_MINUTES]);
    }
  });
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** The ranges as a PostgreSQL int4multirange literal (overlaps are merged by PostgreSQL). */
export function multirangeLiteral(ranges: readonly WeekRange[]): string {
  return `{${ranges.map(([start, end]) => `[${start},${end})`).join(',')}}`;
}

/** Reads PostgreSQL's text form of an int4multirange (`{[0,1440),[2000,2600)}`, `{}`). */
export function parseMultirange(text: string): WeekRange[] {
  return [...text.matchAll(/\[(\d+),(\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
}

export function isOpenAtMinute(ranges: readonly WeekRange[], minuteOfWeek: number): boolean {
  return ranges.some(([start, end]) => minuteOfWeek >= start && minuteOfWeek < end);
}

// One formatter per zone: building one costs far more than using it, and restaurants share few zones.
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      // The restaurants service refuses unknown zones; one it knew and this runtime does not is closed here.
      formatter = null;
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAY_INDEX: Readonly<Record<string, number>> = {
  Mon: 0,
  Tue: 1,
  Wed: 2,
  Thu: 3,
  Fri: 4,
  Sat: 5,
  Sun: 6,
};

/** The instant's minute of the week on the wall clock of `timeZone`; undefined for a zone unknown here. */
export function localMinuteOfWeek(timeZone: string, instant: Date): number | undefined {
  const formatter = formatterFor(timeZone);
  if (formatter === null) return undefined;
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatter.formatToParts(instant)) {
    if (part.type === 'weekday') weekday = WEEKDAY_INDEX[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return weekday * DAY_MINUTES + hour * 60 + minute;
}

/** Each zone's current minute of the week, for the SQL filter; zones unknown here are left out (closed). */
export function minutesByZone(
  zones: readonly string[],
  instant: Date,
): { zones: string[]; minutes: number[] } {
  const known: string[] = [];
  const minutes: number[] = [];
  for (const zone of zones) {
    const minute = localMinuteOfWeek(zone, instant);
    if (minute === undefined) continue;
    known.push(zone);
    minutes.push(minute);
  }
  return { zones: known, minutes };
}
