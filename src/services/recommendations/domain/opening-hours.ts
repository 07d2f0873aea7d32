/**
 * Whether a restaurant is open at an instant, from the facts in RestaurantProfileUpdated: its manual switch,
 * its weekly hours and its time zone. The restaurants service has the same rule; a service may not import
 * another's domain, so this is the reader's copy of the published meaning of those fields: intervals are
 * local wall-clock 'HH:MM', a close at or before the open runs past midnight into the next day.
 */
export type WeeklyHours = Partial<Record<string, Array<{ open: string; close: string }>>>;

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const DAY = 24 * 60;
const WEEK = 7 * DAY;
const WEEKDAY_INDEX: Readonly<Record<string, number>> = {
  Mon: 0,
  Tue: 1,
  Wed: 2,
  Thu: 3,
  Fri: 4,
  Sat: 5,
  Sun: 6,
};

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

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** The instant's minute of the week (Monday 00:00 = 0) in `timeZone`; null for a zone the runtime lacks. */
function localMinuteOfWeek(timeZone: string, instant: Date): number | null {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatterFor(timeZone).formatToParts(instant);
  } catch {
    return null;
  }
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of parts) {
    if (part.type === 'weekday') weekday = WEEKDAY_INDEX[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return weekday * DAY + hour * 60 + minute;
}

export function isOpenAt(
  restaurant: { open: boolean; hours: WeeklyHours; timeZone: string },
  instant: Date,
): boolean {
  if (!restaurant.open) return false;
  const now = localMinuteOfWeek(restaurant.timeZone, instant);
  if (now === null) return false;
  return WEEKDAYS.some((day, index) =>
    (restaurant.hours[day] ?? []).some((interval) => {
      const open = minutesOf(interval.open);
      const close = minutesOf(interval.close);
      const start = index * DAY + open;
      const end = start + (close > open ? close - open : close + DAY - open);
      return (now >= start && now < end) || (now + WEEK >= start && now + WEEK < end);
    }),
  );
}
