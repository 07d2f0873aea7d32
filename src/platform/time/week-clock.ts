/**
 * Weekly schedules on a local wall clock: minutes of the week from Monday 00:00 in an IANA time zone, and
 * 'HH:MM' intervals where a close at or before the open runs past midnight into the next day.
 */
export const DAY_MINUTES = 24 * 60;
export const WEEK_MINUTES = 7 * DAY_MINUTES;

/** Minutes since midnight of 'HH:MM' ('24:00' → 1440). */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** A day's interval (Monday = 0) as minutes of the week; `end` passes the week's end for Sunday nights. */
export function weekSpan(dayIndex: number, open: string, close: string): { start: number; end: number } {
  const from = minutesOfDay(open);
  const to = minutesOfDay(close);
  const start = dayIndex * DAY_MINUTES + from;
  return { start, end: start + (to > from ? to - from : to + DAY_MINUTES - from) };
}

/** Whether a span covers a minute of the week, also a span running from Sunday night into Monday. */
export function spanCovers(span: { start: number; end: number }, minuteOfWeek: number): boolean {
  return (
    (minuteOfWeek >= span.start && minuteOfWeek < span.end) ||
    (minuteOfWeek + WEEK_MINUTES >= span.start && minuteOfWeek + WEEK_MINUTES < span.end)
  );
}

// Building a DateTimeFormat costs far more than using one, and many schedules share a handful of zones:
// keep one per zone (null for a zone this runtime does not know). It holds no state beyond the zone.
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

/** True when the runtime knows the IANA zone (`Asia/Kolkata`, `UTC`); offsets and abbreviations are refused. */
export function isKnownTimeZone(timeZone: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(timeZone) && formatterFor(timeZone) !== null;
}

/** The instant's minute of the week (Monday 00:00 = 0) on the wall clock of `timeZone`; undefined for an unknown zone. */
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
