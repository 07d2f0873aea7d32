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
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const timeline: string[] = [];
  for (const { event, eventId, version } of events) {
    state = evolve(state, event);
    const entry = timelineEntry(event);
    timeline.push(
      `(${param(state?.orderId ?? '')}, ${param(version)}::int, ${param(eventId)}, ${param(entry.type)},` +
        ` ${param(entry.at)}::timestamptz, ${param(JSON.stringify(entry.actor))}::jsonb,` +
        ` ${param(JSON.stringify(entry.details))}::jsonb)`,
    );
  }
  const last = events.at(-1);
  if (state === null || last === undefined) return state;
  // Every read model of the order in one statement (data-modifying CTEs): round trips, not rows, are what
  // a projection costs on the single embedded connection.
  const statements = [
    `INSERT INTO orders.order_timeline (order_id, sequence, event_id, type, at, actor, details)
     VALUES ${timeline.join(', ')}
     ON CONFLICT (order_id, sequence) DO NOTHING`,
    ...stateStatements(state, last.version, param),
  ];
  await tx.query(
    `WITH ${statements.map((statement, i) => `s${i} AS (${statement})`).join(',\n')} SELECT 1`,
    params,
  );
  return state;
}

/** The detail, queue and jobs rows of the order as it now is, as statements for one CTE. */
function stateStatements(order: Order, version: number, param: (value: unknown) => string): string[] {
  const sagaState = awaitingPayment(order)
    ? 'AWAITING_PAYMENT'
    : awaitingRefund(order)
      ? 'AWAITING_REFUND'
      : null;
  const id = param(order.orderId);
  const statements = [
    `INSERT INTO orders.order_views
       (order_id, customer_id, restaurant_id, courier_id, fulfillment, status, total_amount, saga_state,
        created_at, updated_at, version, view)
     VALUES (${id}, ${param(order.customerId)}, ${param(order.restaurantId)}, ${param(order.courierId)}::text,
       ${param(order.fulfillment)}, ${param(order.status)}, ${param(order.totalAmount.amount)}::bigint,
       ${param(sagaState)}::text, ${param(order.placedAt)}::timestamptz, ${param(order.updatedAt)}::timestamptz,
       ${param(version)}::int, ${param(JSON.stringify(toOrderView(order, version)))}::jsonb)
     ON CONFLICT (order_id) DO UPDATE SET
       courier_id = EXCLUDED.courier_id, status = EXCLUDED.status, saga_state = EXCLUDED.saga_state,
       updated_at = EXCLUDED.updated_at, version = EXCLUDED.version, view = EXCLUDED.view`,
    isFinal(order.status)
      ? `DELETE FROM orders.restaurant_queue WHERE order_id = ${id}`
      : `INSERT INTO orders.restaurant_queue
           (order_id, restaurant_id, status, fulfillment, placed_at, estimated_delivery_time)
         VALUES (${id}, ${param(order.restaurantId)}, ${param(order.status)}, ${param(order.fulfillment)},
           ${param(order.placedAt)}::timestamptz, ${param(order.estimatedDeliveryTime)}::timestamptz)
         ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status`,
  ];
  if (order.courierId !== null) {
    statements.push(
      `INSERT INTO orders.courier_jobs (order_id, courier_id, restaurant_id, status, assigned_at)
       VALUES (${id}, ${param(order.courierId)}, ${param(order.restaurantId)}, ${param(order.status)},
         ${param(order.courierAssignedAt)}::timestamptz)
       ON CONFLICT (order_id) DO UPDATE SET courier_id = EXCLUDED.courier_id, status = EXCLUDED.status`,
    );
  }
  return statements;
}
