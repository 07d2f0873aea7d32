import { AppError } from '../../../platform/errors/app-error.js';
import {
  RestaurantsErrors,
  WEEKDAYS,
  type OpeningInterval,
  type Weekday,
  type WeeklyHours,
} from '../contract.js';

/** All seven days, each with its intervals sorted by opening time. */
export type FullWeeklyHours = Record<Weekday, OpeningInterval[]>;

const DAY = 24 * 60;
const WEEK = 7 * DAY;

/** Minutes since midnight of 'HH:MM' (24:00 → 1440). Inputs are checked by the route schema's pattern. */
function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** An interval as minutes of the week from Monday 00:00; `end` may pass the week's end (Sunday night). */
interface WeekRange {
  day: Weekday;
  interval: OpeningInterval;
  start: number;
  end: number;
}

function weekRanges(hours: FullWeeklyHours): WeekRange[] {
  return WEEKDAYS.flatMap((day, index) =>
    hours[day].map((interval) => {
      const open = minutesOf(interval.open);
      const close = minutesOf(interval.close);
      // A close at or before the open belongs to the next day: 18:00-02:00 is an evening into the night.
      const length = close > open ? close - open : close + DAY - open;
      return { day, interval, start: index * DAY + open, end: index * DAY + open + length };
    }),
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
export function isValidTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new AppError(RestaurantsErrors.INVALID_TIME_ZONE, `${timeZone} is not a known IANA time zone.`, {
      details: { timeZone },
    });
  }
}

// Building a DateTimeFormat costs far more than using one, and a list of thousands of restaurants shares a
// handful of zones: keep one per zone. It holds no state beyond the zone, so sharing it is safe.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
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

/** The instant's minute of the week (Monday 00:00 = 0) on the wall clock of `timeZone`. */
export function localMinuteOfWeek(timeZone: string, instant: Date): number {
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type === 'weekday') weekday = WEEKDAY_INDEX[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return weekday * DAY + hour * 60 + minute;
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
    (hours[day] ?? []).some((interval) => {
      const open = minutesOf(interval.open);
      const close = minutesOf(interval.close);
      const start = index * DAY + open;
      const end = start + (close > open ? close - open : close + DAY - open);
      return (
        (minuteOfWeek >= start && minuteOfWeek < end) ||
        (minuteOfWeek + WEEK >= start && minuteOfWeek + WEEK < end)
      );
    }),
  );
}
