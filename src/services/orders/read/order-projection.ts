import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { OrderEvent } from '../domain/order-events.js';
import {
  awaitingPayment,
  awaitingRefund,
  evolve,
  isFinal,
  type Order,
  type OrderState,
} from '../domain/order-state.js';
import { timelineEntry, toOrderView } from './order-view.js';

/** An event as the projection needs it: the event, its id and its version in the order's stream. */
export interface ProjectedEvent {
  event: OrderEvent;
  eventId: string;
  version: number;
}

export const READ_MODEL_TABLES = [
  'orders.order_views',
  'orders.order_timeline',
  'orders.restaurant_queue',
  'orders.courier_jobs',
] as const;

/**
 * Brings every read model of one order up to date with events just appended (or replayed), in the caller's
 * transaction. The detail, queue and jobs rows are a function of the state after the events, so a replay
 * writes exactly what the live projection wrote; the timeline gets one line per event.
 */
export async function projectOrderEvents(
  tx: SqlExecutor,
  before: OrderState,
  events: readonly ProjectedEvent[],
): Promise<OrderState> {
  let state = before;
  for (const { event, eventId, version } of events) {
    state = evolve(state, event);
    const entry = timelineEntry(event);
    await tx.query(
      `INSERT INTO orders.order_timeline (order_id, sequence, event_id, type, at, actor, details)
       VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb, $7::jsonb)
       ON CONFLICT (order_id, sequence) DO NOTHING`,
      [
        state?.orderId ?? '',
        version,
        eventId,
        entry.type,
        entry.at,
        JSON.stringify(entry.actor),
        JSON.stringify(entry.details),
      ],
    );
  }
  const last = events.at(-1);
  if (state !== null && last !== undefined) await projectOrderState(tx, state, last.version);
  return state;
}

async function projectOrderState(tx: SqlExecutor, order: Order, version: number): Promise<void> {
  const sagaState = awaitingPayment(order)
    ? 'AWAITING_PAYMENT'
    : awaitingRefund(order)
      ? 'AWAITING_REFUND'
      : null;
  await tx.query(
    `INSERT INTO orders.order_views
       (order_id, customer_id, restaurant_id, courier_id, fulfillment, status, total_amount, saga_state,
        created_at, updated_at, version, view)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz, $10::timestamptz, $11, $12::jsonb)
     ON CONFLICT (order_id) DO UPDATE SET
       courier_id = EXCLUDED.courier_id, status = EXCLUDED.status, saga_state = EXCLUDED.saga_state,
       updated_at = EXCLUDED.updated_at, version = EXCLUDED.version, view = EXCLUDED.view`,
    [
      order.orderId,
      order.customerId,
      order.restaurantId,
      order.courierId,
      order.fulfillment,
      order.status,
      order.totalAmount.amount,
      sagaState,
      order.placedAt,
      order.updatedAt,
      version,
      JSON.stringify(toOrderView(order, version)),
    ],
  );
  if (isFinal(order.status)) {
    await tx.query('DELETE FROM orders.restaurant_queue WHERE order_id = $1', [order.orderId]);
  } else {
    await tx.query(
      `INSERT INTO orders.restaurant_queue
         (order_id, restaurant_id, status, fulfillment, placed_at, estimated_delivery_time)
       VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz)
       ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status`,
      [
        order.orderId,
        order.restaurantId,
        order.status,
        order.fulfillment,
        order.placedAt,
        order.estimatedDeliveryTime,
      ],
    );
  }
  if (order.courierId !== null) {
    await tx.query(
      `INSERT INTO orders.courier_jobs (order_id, courier_id, restaurant_id, status, assigned_at)
       VALUES ($1, $2, $3, $4, $5::timestamptz)
       ON CONFLICT (order_id) DO UPDATE SET courier_id = EXCLUDED.courier_id, status = EXCLUDED.status`,
      [order.orderId, order.courierId, order.restaurantId, order.status, order.courierAssignedAt],
    );
  }
}
