import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { Consumer, EventEnvelope } from '../../../platform/messaging/index.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import { OrdersEvents, type OrderStatus, type OrderStatusUpdatedV1 } from '../../orders/index.js';
import type { EligibilityRecord } from '../app/ports.js';
import { reviewsRepoOn } from './reviews.sql.js';

/** The statuses that end an order with the food in the customer's hands: only those orders may be reviewed. */
const COMPLETED: ReadonlySet<OrderStatus> = new Set(['DELIVERED', 'PICKED_UP']);

/**
 * Records completed orders in `restaurants.review_eligibility` from OrderStatusUpdated, in the transaction
 * that records the event in the inbox; every other status is ignored.
 *
 * In batches, with one statement for a batch: the handler only inserts rows that nothing else writes (one
 * per order, first fact wins), and a batch inserts them in order id order, so two batches that share an
 * order (a redelivery overlapping its first delivery) wait for each other in one direction only.
 */
export function consumeReviewEligibility(messaging: ServiceMessaging): Consumer {
  return messaging.consume(
    'review-eligibility',
    [OrdersEvents.ORDER_STATUS_UPDATED],
    async (event, tx) => {
      const completed = completedOrderOf(event);
      if (completed !== undefined) await reviewsRepoOn(tx).recordEligibility(completed);
    },
    {
      batch: true,
      handleMany: (items, tx) =>
        recordEligibilities(
          tx,
          items.flatMap(({ event }) => completedOrderOf(event) ?? []),
        ),
    },
  );
}

function completedOrderOf(event: EventEnvelope): EligibilityRecord | undefined {
  // The registry validated `data` against the orders contract before the handler runs.
  const data = event.data as OrderStatusUpdatedV1;
  if (!COMPLETED.has(data.status)) return undefined;
  return {
    orderId: data.orderId,
    customerId: data.customerId,
    restaurantId: data.restaurantId,
    completedAt: new Date(data.changedAt),
  };
}

/** recordEligibility for many in one statement; an order seen twice keeps its first completion, as one by one. */
async function recordEligibilities(db: SqlExecutor, records: readonly EligibilityRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.query(
    `INSERT INTO restaurants.review_eligibility (order_id, customer_id, restaurant_id, completed_at)
     SELECT order_id, customer_id, restaurant_id, completed_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY
         AS r(order_id, customer_id, restaurant_id, completed_at, n)
      ORDER BY order_id, n
     ON CONFLICT (order_id) DO NOTHING`,
    [
      records.map((r) => r.orderId),
      records.map((r) => r.customerId),
      records.map((r) => r.restaurantId),
      records.map((r) => r.completedAt.toISOString()),
    ],
  );
}
