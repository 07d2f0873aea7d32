import type { Consumer } from '../../../platform/messaging/index.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import { OrdersEvents, type OrderStatus, type OrderStatusUpdatedV1 } from '../../orders/index.js';
import { reviewsRepoOn } from './reviews.sql.js';

/** The statuses that end an order with the food in the customer's hands: only those orders may be reviewed. */
const COMPLETED: ReadonlySet<OrderStatus> = new Set(['DELIVERED', 'PICKED_UP']);

/**
 * Records completed orders in `restaurants.review_eligibility` from OrderStatusUpdated, in the transaction
 * that records the event in the inbox; every other status is ignored.
 */
export function consumeReviewEligibility(messaging: ServiceMessaging): Consumer {
  return messaging.consume(
    'review-eligibility',
    [OrdersEvents.ORDER_STATUS_UPDATED],
    async (event, tx) => {
      // The registry validated `data` against the orders contract before the handler runs.
      const data = event.data as OrderStatusUpdatedV1;
      if (!COMPLETED.has(data.status)) return;
      await reviewsRepoOn(tx).recordEligibility({
        orderId: data.orderId,
        customerId: data.customerId,
        restaurantId: data.restaurantId,
        completedAt: new Date(data.changedAt),
      });
    },
    { batch: true },
  );
}
