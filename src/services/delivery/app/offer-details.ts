import { FINAL_ORDER_STATUSES } from '../contract.js';
import type { DeliveryContext } from './context.js';
import type { OfferDetails, OfferRecord } from './ports.js';

/** Offers resolved per call: bounds the latency a listing can add after a burst of READY orders. */
const RESOLVE_BATCH = 20;

/**
 * Fills the pickup (restaurants) and drop-off (orders) of offers the consumer opened. Runs outside any
 * transaction, before offers are listed or accepted, so a new offer becomes visible on the first listing
 * after it opened. An offer whose lookup fails stays hidden and is tried again on the next listing; an
 * order that turns out not to need a courier any more is withdrawn.
 */
export async function resolvePendingOffers(ctx: DeliveryContext): Promise<void> {
  const pending = await ctx.store.listUnresolvedOffers(RESOLVE_BATCH);
  await Promise.all(pending.map((offer) => resolveOffer(ctx, offer)));
}

/** The offer with its details, or as it was when they could not be looked up (logged). */
export async function resolveOffer(ctx: DeliveryContext, offer: OfferRecord): Promise<OfferRecord> {
  if (offer.details !== null) return offer;
  try {
    const [restaurant, order] = await Promise.all([
      ctx.restaurants.getRestaurant({ id: offer.restaurantId }),
      ctx.orders.getOrder({ orderId: offer.orderId }),
    ]);
    const now = ctx.clock.now();
    if (order.fulfillment !== 'DELIVERY' || FINAL_ORDER_STATUSES.includes(order.status)) {
      await ctx.store.withdrawOffer(offer.orderId, order.status, now);
      return { ...offer, status: 'WITHDRAWN', withdrawnReason: order.status };
    }
    const details: OfferDetails = {
      restaurantName: restaurant.name,
      pickup: { latitude: restaurant.address.latitude, longitude: restaurant.address.longitude },
      dropOff: order.deliveryAddress ?? null,
    };
    await ctx.store.resolveOffer(offer.orderId, details, now);
    return { ...offer, details };
  } catch (error) {
    // Not swallowed: the offer stays unresolved and hidden, and the next listing retries the lookup.
    ctx.log.warn({ err: error, orderId: offer.orderId }, 'offer details could not be looked up');
    return offer;
  }
}
