import { AppError } from '../../../platform/errors/app-error.js';
import { AnalyticsErrors, DEFAULT_RANGE_HOURS, MAX_RANGE_DAYS, MINUTES_SERIES_LENGTH } from '../contract.js';
import { HOUR_MS, MINUTE_MS, truncate } from './contribution.js';

/** The instants a report covers; buckets are selected by the start of their hour or minute. */
export interface ReportRange {
  from: string;
  to: string;
  /** The start of the hour holding `from`: the first hourly bucket counted. */
  firstHour: string;
  /** Every hour of the series, oldest first: from `firstHour` to the last hour starting before `to`. */
  hours: string[];
  /** The minutes of the live series: the minute holding `to` and the 59 before it. */
  minutes: string[];
}

/**
 * The range of a report from the query: `to` defaults to now and `from` to 24 hours before `to`.
 * `from` must come before `to` (`ANALYTICS.INVALID_RANGE`) and the range may not pass
 * MAX_RANGE_DAYS (`ANALYTICS.RANGE_TOO_LONG`). The format itself is checked by the route schema.
 */
export function resolveRange(query: { from?: string; to?: string }, now: Date): ReportRange {
  const to = query.to === undefined ? now.getTime() : Date.parse(query.to);
  const from = query.from === undefined ? to - DEFAULT_RANGE_HOURS * HOUR_MS : Date.parse(query.from);
  if (Number.isNaN(from) || Number.isNaN(to)) {
    throw new AppError(AnalyticsErrors.INVALID_RANGE, '`from` and `to` must be ISO-8601 instants.');
  }
  if (from >= to) {
    throw new AppError(AnalyticsErrors.INVALID_RANGE, '`from` must be before `to`.', {
      details: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    });
  }
  if (to - from > MAX_RANGE_DAYS * 24 * HOUR_MS) {
    throw new AppError(AnalyticsErrors.RANGE_TOO_LONG, `A report covers at most ${MAX_RANGE_DAYS} days.`, {
      details: { maxDays: MAX_RANGE_DAYS },
    });
  }
  const fromIso = new Date(from).toISOString();
  const toIso = new Date(to).toISOString();
  const firstHour = truncate(fromIso, HOUR_MS);
  const hours: string[] = [];
  for (let hour = Date.parse(firstHour); hour < to; hour += HOUR_MS) hours.push(new Date(hour).toISOString());
  // `to` is exclusive for hours but its own minute is the live one, so the series ends with it.
  const lastMinute = Date.parse(truncate(toIso, MINUTE_MS));
  const minutes: string[] = [];
  for (let i = MINUTES_SERIES_LENGTH - 1; i >= 0; i -= 1) {
    minutes.push(new Date(lastMinute - i * MINUTE_MS).toISOString());
  }
  return { from: fromIso, to: toIso, firstHour, hours, minutes };
}
