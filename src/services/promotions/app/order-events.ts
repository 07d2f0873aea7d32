import type { SqlTransaction } from '../../../platform/db/sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { OrdersEvents } from '../../orders/index.js';
import { isUuid } from '../adapters/promotions.sql.js';
import type { PromotionsContext } from './context.js';
import { confirmRedemption, releaseRedemption } from './redemptions.js';

/** The order events this service follows: placement confirms a redemption, cancellation gives it back. */
export const ORDER_EVENT_TYPES = [OrdersEvents.ORDER_CREATED, OrdersEvents.ORDER_STATUS_UPDATED];

/** The fields read here; the rest of the orders' event data is not needed. */
interface OrderEventData {
  orderId?: unknown;
  status?: unknown;
  /** Set by the orders service once it applies codes at checkout; absent before, and for orders without one. */
  promotion?: { promotionId?: unknown; code?: unknown } | null;
}

/**
 * Applies one order event inside the consumer's transaction (the inbox makes a redelivery a no-op).
 * Ids that cannot be ours (not UUIDs) are ignored rather than failed: they can hold no redemption.
 */
export async function applyOrderEvent(
  ctx: PromotionsContext,
  event: EventEnvelope,
  tx: SqlTransaction,
): Promise<void> {
  const data = event.data as OrderEventData;
  if (!isUuid(data.orderId)) return;
  const orderId = data.orderId.toLowerCase();
  const now = ctx.clock.now();
  if (event.type === OrdersEvents.ORDER_CREATED) {
    const confirmed = await confirmRedemption(tx, orderId, now);
    if (!confirmed && data.promotion != null) {
      ctx.log.warn(
        { orderId, promotion: data.promotion },
        'an order was placed with a promotion this service holds no redemption for',
      );
    }
    return;
  }
  if (event.type === OrdersEvents.ORDER_STATUS_UPDATED && data.status === 'CANCELLED') {
    await releaseRedemption(tx, orderId, 'ORDER_CANCELLED', now);
  }
}
