import { AppError } from '../../../platform/errors/app-error.js';
import {
  WEEK_MINUTES,
  isKnownTimeZone,
  localMinuteOfWeek as zoneMinuteOfWeek,
  minutesOfDay,
  spanCovers,
  weekSpan,
} from '../../../platform/time/week-clock.js';
import {
  RestaurantsErrors,
  WEEKDAYS,
  type OpeningInterval,
  type Weekday,
  type WeeklyHours,
} from '../contract.js';

/** All seven days, each with its intervals sorted by opening time. */
export type FullWeeklyHours = Record<Weekday, OpeningInterval[]>;

// Inputs are checked by the route schema's pattern before they reach these rules.
const minutesOf = minutesOfDay;
const WEEK = WEEK_MINUTES;

/** An interval as minutes of the week from Monday 00:00; `end` may pass the week's end (Sunday night). */
interface WeekRange {
  day: Weekday;
  interval: OpeningInterval;
  start: number;
  end: number;
}

function weekRanges(hours: FullWeeklyHours): WeekRange[] {
  return WEEKDAYS.flatMap((day, index) =>
    // A close at or before the open belongs to the next day: 18:00-02:00 is an evening into the night.
    hours[day].map((interval) => ({ day, interval, ...weekSpan(index, interval.open, interval.close) })),
  );
}

/**
 * Checks and normalises weekly hours: every day present, intervals sorted, no zero-length interval, no two
 * intervals overlapping (also across midnight and from Sunday night into Monday). Throws
 * `RESTAURANTS.INVALID_HOURS` listing every problem.
 */
export function normalizeHours(input: WeeklyHours): FullWeeklyHours {
  const errors: string[] = [];
  const hours = Object.fromEntries(
    WEEKDAYS.map((day) => [
      day,
      [...(input[day] ?? [])].sort((a, b) => minutesOf(a.open) - minutesOf(b.open)),
    ]),
  ) as FullWeeklyHours;
  for (const day of WEEKDAYS) {
    for (const interval of hours[day]) {
      if (!/^\d\d:\d\d$/.test(interval.open) || !/^\d\d:\d\d$/.test(interval.close)) {
        errors.push(`${day} ${interval.open}-${interval.close} is not HH:MM-HH:MM`);
      } else if (minutesOf(interval.open) === minutesOf(interval.close)) {
        errors.push(`${day} ${interval.open}-${interval.close} opens and closes at the same time`);
      }
    }
  }
  if (errors.length === 0) {
    const ranges = weekRanges(hours).sort((a, b) => a.start - b.start);
    ranges.forEach((range, i) => {
      // The last range is compared with the first one shifted a week on: Sunday night into Monday morning.
      const next = i + 1 < ranges.length ? ranges[i + 1] : ranges[0];
      if (next === undefined || (next === range && ranges.length === 1)) return;
      const nextStart = i + 1 < ranges.length ? next.start : next.start + WEEK;
      if (range.end > nextStart) {
        errors.push(
          `${range.day} ${range.interval.open}-${range.interval.close} overlaps ` +
            `${next.day} ${next.interval.open}-${next.interval.close}`,
        );
      }
    });
  }
  if (errors.length > 0) {
    throw new AppError(RestaurantsErrors.INVALID_HOURS, `The opening hours are not valid: ${errors[0]}.`, {
      details: { errors },
    });
  }
  return hours;
}

/** True when the runtime knows the IANA zone (`Asia/Kolkata`, `UTC`); offsets and abbreviations are refused. */
export const isValidTimeZone = isKnownTimeZone;

export function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new AppError(RestaurantsErrors.INVALID_TIME_ZONE, `${timeZone} is not a known IANA time zone.`, {
      details: { timeZone },
    });
  }
}

/** The instant's minute of the week (Monday 00:00 = 0) on the wall clock of a zone already checked. */
export function localMinuteOfWeek(timeZone: string, instant: Date): number {
  return zoneMinuteOfWeek(timeZone, instant) ?? 0;
}

/**
 * Whether the restaurant is open at `instant`: its manual switch is on and the instant falls inside one of
 * its intervals on its own wall clock. An interval past midnight counts for the day it opened: Monday's
 * 18:00-02:00 covers Tuesday 01:00, and Sunday's runs on into Monday morning.
 */
export function isOpenAt(hours: WeeklyHours, timeZone: string, manualOpen: boolean, instant: Date): boolean {
  return manualOpen && isOpenAtMinute(hours, localMinuteOfWeek(timeZone, instant));
}

/** Whether the hours cover a local minute of the week (Monday 00:00 = 0); see {@link isOpenAt}. */
export function isOpenAtMinute(hours: WeeklyHours, minuteOfWeek: number): boolean {
  return WEEKDAYS.some((day, index) =>
    (hours[day] ?? []).some((interval) =>
      spanCovers(weekSpan(index, interval.open, interval.close), minuteOfWeek),
    ),
  );
}
