import { AppError } from '../../../platform/errors/app-error.js';
import {
  DeliveryErrors,
  DeliveryEvents,
  type CourierLocationUpdatedV1,
  type LocationAccepted,
  type LocationBody,
} from '../contract.js';
import type { DeliveryContext } from './context.js';

/**
 * The assigned courier's position while the order is OUT_FOR_DELIVERY: kept here (the job's last location
 * and the courier's position), published as CourierLocationUpdated with that change (realtime pushes it
 * live), and passed to orders, which shows it in the order detail.
 */
export async function reportLocation(
  ctx: DeliveryContext,
  courierId: string,
  orderId: string,
  at: LocationBody,
): Promise<LocationAccepted> {
  const assignment = await ctx.store.findAssignment(orderId);
  // Another courier's order answers like an order without a courier, so ids of others' jobs do not leak.
  if (assignment === undefined || assignment.courierId !== courierId) {
    throw new AppError(
      DeliveryErrors.NOT_ASSIGNED_COURIER,
      'Only the courier assigned to this order can report its location.',
      {
        details: { orderId },
      },
    );
  }
  await assertOutForDelivery(ctx, orderId);
  const now = ctx.clock.now();
  const located: CourierLocationUpdatedV1 = {
    orderId,
    courierId,
    latitude: at.latitude,
    longitude: at.longitude,
    recordedAt: now.toISOString(),
  };
  await ctx.store.transaction(async (repo, tx) => {
    await repo.recordAssignmentLocation(orderId, at, now);
    await repo.moveCourier(courierId, at, now);
    await ctx.messaging.publish(tx, [
      ctx.messaging.event(DeliveryEvents.COURIER_LOCATION_UPDATED, orderId, located),
    ]);
  });
  await ctx.orders.recordCourierLocation({
    orderId,
    courierId,
    latitude: at.latitude,
    longitude: at.longitude,
  });
  return { orderId, latitude: at.latitude, longitude: at.longitude, at: now.toISOString() };
}

/**
 * The tracked status comes from events and may lag the courier's own `PUT /api/orders/{id}/status` by a
 * moment; before refusing, ask orders, which is never behind.
 */
async function assertOutForDelivery(ctx: DeliveryContext, orderId: string): Promise<void> {
  const tracked = await ctx.store.findTrackedOrder(orderId);
  if (tracked?.status === 'OUT_FOR_DELIVERY') return;
  const status = (await ctx.orders.getOrder({ orderId })).status;
  if (status === 'OUT_FOR_DELIVERY') return;
  throw new AppError(
    DeliveryErrors.NOT_OUT_FOR_DELIVERY,
    'Locations are taken only while the order is out for delivery.',
    { details: { orderId, status } },
  );
}
