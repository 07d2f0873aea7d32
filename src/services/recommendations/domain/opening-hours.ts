import { localMinuteOfWeek, spanCovers, weekSpan } from '../../../platform/time/week-clock.js';

/**
 * Whether a restaurant is open at an instant, from the facts in RestaurantProfileUpdated: its manual switch,
 * its weekly hours and its time zone, read with the platform's week clock (intervals are local wall-clock
 * 'HH:MM'; a close at or before the open runs past midnight into the next day).
 */
export type WeeklyHours = Partial<Record<string, Array<{ open: string; close: string }>>>;

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export function isOpenAt(
  restaurant: { open: boolean; hours: WeeklyHours; timeZone: string },
  instant: Date,
): boolean {
  if (!restaurant.open) return false;
  const now = localMinuteOfWeek(restaurant.timeZone, instant);
  if (now === undefined) return false;
  return WEEKDAYS.some((day, index) =>
    (restaurant.hours[day] ?? []).some((interval) =>
      spanCovers(weekSpan(index, interval.open, interval.close), now),
    ),
  );
}
