import { distanceKm, boundingBox, roundKm } from '../../../platform/geo/distance.js';
import type { OfferView, Page, PageQuery } from '../contract.js';
import type { DeliveryContext } from './context.js';
import { requireOnlineCourier } from './couriers.js';
import { resolvePendingOffers } from './offer-details.js';
import type { OfferRecord } from './ports.js';

/** Open offers whose restaurant is within the offer radius of the (online) courier, nearest first. */
export async function listOffers(
  ctx: DeliveryContext,
  courierId: string,
  query: PageQuery,
): Promise<Page<OfferView>> {
  const courier = await requireOnlineCourier(ctx, courierId);
  await resolvePendingOffers(ctx);
  const radiusKm = ctx.settings.offerRadiusKm;
  const candidates = await ctx.store.listOpenOffersIn(boundingBox(courier, radiusKm));
  const nearby = candidates
    .map((offer) => toOfferView(offer, courier))
    .filter((view): view is OfferView => view !== undefined && view.distanceKm <= radiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm || a.offeredAt.localeCompare(b.offeredAt));
  const start = query.page * query.size;
  return {
    content: nearby.slice(start, start + query.size),
    page: query.page,
    size: query.size,
    totalElements: nearby.length,
    totalPages: Math.ceil(nearby.length / query.size),
  };
}

function toOfferView(
  offer: OfferRecord,
  courier: { latitude: number; longitude: number },
): OfferView | undefined {
  if (offer.details === null) return undefined;
  const { pickup, dropOff, restaurantName } = offer.details;
  return {
    orderId: offer.orderId,
    restaurantId: offer.restaurantId,
    restaurantName,
    pickup,
    dropOff,
    distanceKm: roundKm(distanceKm(courier, pickup)),
    tripKm: dropOff === null ? null : roundKm(distanceKm(pickup, dropOff)),
    offeredAt: offer.createdAt.toISOString(),
  };
}
