import type { EventEnvelope } from '../../../platform/messaging/index.js';
import {
  RestaurantEvents,
  type RestaurantProfile,
  type RestaurantProfileUpdatedV1,
  type RestaurantView,
} from '../contract.js';
import { isOpenAt } from '../domain/opening-hours.js';
import type { RestaurantsContext } from './context.js';
import type { RestaurantRecord } from './ports.js';

/** The public profile: everything but the applicant. */
export function toProfile(record: RestaurantRecord): RestaurantProfile {
  const { applicantId: _applicant, statusReason, ...profile } = record;
  return { ...profile, ...(statusReason === null ? {} : { statusReason }) };
}

/** The profile with openNow at `now`. */
export function toView(record: RestaurantRecord, now: Date): RestaurantView {
  return {
    ...toProfile(record),
    openNow: record.status === 'ACTIVE' && isOpenAt(record.hours, record.timeZone, record.open, now),
  };
}

/** RestaurantProfileUpdated for the record as it now is. */
export function profileUpdated(
  ctx: RestaurantsContext,
  record: RestaurantRecord,
): EventEnvelope<RestaurantProfileUpdatedV1> {
  return ctx.messaging.event<RestaurantProfileUpdatedV1>(RestaurantEvents.PROFILE_UPDATED, record.id, {
    restaurant: toProfile(record),
  });
}

/** Cuisines are matched exactly by the list filter: store them trimmed, lower-cased and once each. */
export function normalizeCuisines(cuisines: readonly string[]): string[] {
  return [...new Set(cuisines.map((cuisine) => cuisine.trim().toLowerCase()).filter((c) => c !== ''))];
}
