import { Type } from 'typebox';
import { AppError } from '../../../platform/errors/app-error.js';
import { PublishedEventsInput } from '../../../platform/messaging/index.js';
import {
  RestaurantImport,
  RestaurantsErrors,
  type OrderableCheck,
  type RestaurantsClient,
} from '../contract.js';
import { distanceKm, roundKm } from '../../../platform/geo/distance.js';
import { assertTimeZone, normalizeHours, type FullWeeklyHours } from '../domain/opening-hours.js';
import { updateRating } from './change-restaurant.js';
import type { RestaurantsContext } from './context.js';
import type { RestaurantRecord } from './ports.js';
import { requireRecord } from './restaurant-access.js';
import { normalizeCuisines, profileUpdated, toView } from './restaurant-views.js';
import { assertInput } from './validate-input.js';

const Uuid = Type.String({ format: 'uuid' });
const GetInput = Type.Object({ id: Uuid });
const GetManyInput = Type.Object({ ids: Type.Array(Uuid, { maxItems: 500 }) });
const CheckInput = Type.Object({
  restaurantId: Uuid,
  latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  fulfillment: Type.Union([Type.Literal('DELIVERY'), Type.Literal('PICKUP')]),
});
const ImportInput = Type.Object({ restaurants: Type.Array(RestaurantImport, { maxItems: 20_000 }) });
const RatingInput = Type.Object({
  restaurantId: Uuid,
  average: Type.Number({ minimum: 0, maximum: 5 }),
  count: Type.Integer({ minimum: 0 }),
});

/** The client other services call, over the same use cases as the routes. */
export function restaurantsClient(ctx: RestaurantsContext): RestaurantsClient {
  return {
    async getRestaurant(input) {
      assertInput<typeof input>(GetInput, input, 'getRestaurant');
      return toView(await requireRecord(ctx, input.id), ctx.clock.now());
    },

    async getRestaurants(input) {
      assertInput<typeof input>(GetManyInput, input, 'getRestaurants');
      const now = ctx.clock.now();
      const byId = new Map((await ctx.store.findByIds(input.ids)).map((r) => [r.id, r]));
      return input.ids.flatMap((id) => {
        const record = byId.get(id);
        return record === undefined ? [] : [toView(record, now)];
      });
    },

    async checkOrderable(input) {
      assertInput<typeof input>(CheckInput, input, 'checkOrderable');
      const hasPoint = input.latitude !== undefined && input.longitude !== undefined;
      if (input.fulfillment === 'DELIVERY' && !hasPoint) {
        throw new AppError(RestaurantsErrors.LOCATION_REQUIRED, 'A delivery needs the delivery point.');
      }
      const restaurant = toView(await requireRecord(ctx, input.restaurantId), ctx.clock.now());
      const distance = hasPoint
        ? roundKm(
            distanceKm(
              { latitude: input.latitude as number, longitude: input.longitude as number },
              restaurant.address,
            ),
          )
        : undefined;
      const withinDeliveryRadius =
        input.fulfillment === 'PICKUP' || (distance !== undefined && distance <= restaurant.deliveryRadiusKm);
      const reason: OrderableCheck['reason'] =
        restaurant.status !== 'ACTIVE'
          ? 'NOT_ACTIVE'
          : !restaurant.openNow
            ? 'CLOSED'
            : !withinDeliveryRadius
              ? 'OUT_OF_RANGE'
              : undefined;
      return {
        restaurant,
        openNow: restaurant.openNow,
        ...(distance === undefined ? {} : { distanceKm: distance }),
        withinDeliveryRadius,
        orderable: reason === undefined,
        ...(reason === undefined ? {} : { reason }),
      };
    },

    async importRestaurants(input) {
      assertInput<typeof input>(ImportInput, input, 'importRestaurants');
      return importRestaurants(ctx, input.restaurants);
    },

    async updateRating(input) {
      assertInput<typeof input>(RatingInput, input, 'updateRating');
      return toView(await updateRating(ctx, input), ctx.clock.now());
    },

    async publishedEvents(input) {
      assertInput<typeof input>(PublishedEventsInput, input, 'publishedEvents');
      return ctx.messaging.publishedEvents(input);
    },
  };
}

/**
 * The demo seed's bulk load: everything is checked first, then one transaction inserts in multi-row
 * batches (skipping ids that exist) and puts RestaurantProfileUpdated for each created restaurant in the
 * outbox beside it.
 */
async function importRestaurants(
  ctx: RestaurantsContext,
  restaurants: readonly RestaurantImport[],
): Promise<{ created: number }> {
  const now = ctx.clock.now().toISOString();
  const records = restaurants.map((r): RestaurantRecord => {
    let hours: FullWeeklyHours;
    try {
      assertTimeZone(r.timeZone);
      hours = normalizeHours(r.hours);
    } catch (error) {
      throw withRestaurantId(error, r.id);
    }
    return {
      id: r.id,
      name: r.name,
      description: r.description ?? '',
      cuisines: normalizeCuisines(r.cuisines ?? []),
      address: r.address,
      contact: r.contact,
      imageUrls: r.imageUrls ?? [],
      deliveryRadiusKm: r.deliveryRadiusKm,
      averagePreparationMinutes: r.averagePreparationMinutes ?? 20,
      timeZone: r.timeZone,
      hours,
      rating: r.rating ?? { average: 0, count: 0 },
      status: 'ACTIVE',
      open: true,
      statusReason: null,
      applicantId: null,
      createdAt: now,
      updatedAt: now,
    };
  });
  const unique = [...new Map(records.map((record) => [record.id, record])).values()];
  const created = await ctx.store.transaction(async (repo, tx) => {
    const ids = new Set(await repo.insertMany(unique));
    const events = unique.filter((record) => ids.has(record.id)).map((record) => profileUpdated(ctx, record));
    // The outbox writes one multi-row insert per call: keep each within the parameter limit.
    for (let at = 0; at < events.length; at += 1000) {
      await ctx.messaging.publish(tx, events.slice(at, at + 1000));
    }
    return ids.size;
  });
  ctx.log.info({ requested: restaurants.length, created }, 'restaurants imported');
  return { created };
}

/** Which of thousands of restaurants was refused, in the error's message and details. */
function withRestaurantId(error: unknown, id: string): unknown {
  if (!(error instanceof AppError)) return error;
  return new AppError(error.code, `Restaurant ${id}: ${error.message}`, {
    details: { ...error.details, restaurantId: id },
  });
}
