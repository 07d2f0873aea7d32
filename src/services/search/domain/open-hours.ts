import {
  DAY_MINUTES,
  WEEK_MINUTES,
  localMinuteOfWeek,
  minutesOfDay,
  weekSpan,
} from '../../../platform/time/week-clock.js';
import { WEEKDAYS, type OpeningInterval, type Weekday } from '../../restaurants/index.js';

export { DAY_MINUTES, WEEK_MINUTES, localMinuteOfWeek };

/**
 * Open-now from a restaurant's weekly hours, its time zone and its manual switch: the restaurants
 * service's rule (an interval past midnight counts for the day it opened; Sunday night runs into Monday),
 * replicated from what its events carry so that search never asks it.
 *
 * The index stores each restaurant's hours as ranges of local minutes of the week (Monday 00:00 = 0), so
 * SQL filters with `open_week @> <minute>`, the minute being computed here once per time zone.
 */

/** A half-open range of local minutes of the week, inside [0, WEEK_MINUTES). */
export type WeekRange = readonly [start: number, end: number];

/** The hours as week ranges; an interval running past Sunday midnight is split at the week's end. */
export function weekRanges(hours: Partial<Record<Weekday, readonly OpeningInterval[]>>): WeekRange[] {
  const ranges: WeekRange[] = [];
  WEEKDAYS.forEach((day, index) => {
    for (const interval of hours[day] ?? []) {
      const open = minutesOfDay(interval.open);
      const close = minutesOfDay(interval.close);
      if (!Number.isFinite(open) || !Number.isFinite(close) || open === close) continue;
      const { start, end } = weekSpan(index, interval.open, interval.close);
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
