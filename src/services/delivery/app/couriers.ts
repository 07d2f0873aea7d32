import { AppError } from '../../../platform/errors/app-error.js';
import { DeliveryErrors, type CourierStatusView, type SetAvailabilityBody } from '../contract.js';
import { isUuid, type DeliveryContext } from './context.js';
import type { CourierRecord } from './ports.js';

/** Goes online or offline; the position is always given, so an online courier always has one. */
export async function setAvailability(
  ctx: DeliveryContext,
  courierId: string,
  input: SetAvailabilityBody,
): Promise<CourierStatusView> {
  const now = ctx.clock.now();
  const courier: CourierRecord = {
    courierId,
    online: input.online,
    latitude: input.latitude,
    longitude: input.longitude,
    locatedAt: now,
    updatedAt: now,
  };
  await ctx.store.saveCourier(courier);
  ctx.log.info({ courierId, online: input.online }, 'courier availability set');
  return toCourierStatus(courierId, courier, await ctx.store.countActiveJobs(courierId));
}

export async function getCourierStatus(ctx: DeliveryContext, courierId: string): Promise<CourierStatusView> {
  if (!isUuid(courierId)) {
    throw new AppError(DeliveryErrors.INVALID_INPUT, 'courierId must be a UUID.', { details: { courierId } });
  }
  const [courier, activeJobs] = await Promise.all([
    ctx.store.findCourier(courierId),
    ctx.store.countActiveJobs(courierId),
  ]);
  return toCourierStatus(courierId, courier, activeJobs);
}

/** The courier, when online; offers are for couriers who said they are working and where they are. */
export async function requireOnlineCourier(ctx: DeliveryContext, courierId: string): Promise<CourierRecord> {
  const courier = await ctx.store.findCourier(courierId);
  if (courier === undefined || !courier.online) {
    throw new AppError(
      DeliveryErrors.COURIER_OFFLINE,
      'Go online first: PUT /api/deliveries/me with { online: true, latitude, longitude }.',
    );
  }
  return courier;
}

function toCourierStatus(
  courierId: string,
  courier: CourierRecord | undefined,
  activeJobs: number,
): CourierStatusView {
  return {
    courierId,
    online: courier?.online ?? false,
    latitude: courier?.latitude ?? null,
    longitude: courier?.longitude ?? null,
    locatedAt: courier?.locatedAt.toISOString() ?? null,
    activeJobs,
  };
}
