import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { OrderStatus } from '../contract.js';
import { FINAL_STATUSES } from '../domain/order-state.js';
import type { ListOrdersQuery, OrderPage, OrderView, TimelineEntry } from '../orders.schemas.js';

/** Whose orders a list shows, decided from the caller's role (see list-orders.ts). */
export type OrderScope =
  | { kind: 'all' }
  | { kind: 'customer'; customerId: string }
  | { kind: 'restaurants'; restaurantIds: string[] }
  | { kind: 'courier'; courierId: string };

interface ViewRow {
  view: Omit<OrderView, 'courierLocation'>;
  latitude: number | null;
  longitude: number | null;
  position_at: Date | null;
}

const VIEW_COLUMNS = `v.view, p.latitude, p.longitude, p.at AS position_at`;
const VIEW_FROM = `orders.order_views v LEFT JOIN orders.courier_positions p ON p.order_id = v.order_id`;

function toView(row: ViewRow): OrderView {
  return {
    ...row.view,
    courierLocation:
      row.latitude === null || row.longitude === null || row.position_at === null
        ? null
        : { latitude: row.latitude, longitude: row.longitude, at: row.position_at.toISOString() },
  };
}

export async function findOrderView(db: SqlExecutor, orderId: string): Promise<OrderView | null> {
  const { rows } = await db.query<ViewRow>(`SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE v.order_id = $1`, [
    orderId,
  ]);
  const row = rows[0];
  return row === undefined ? null : toView(row);
}

export async function findTimeline(db: SqlExecutor, orderId: string): Promise<TimelineEntry[]> {
  const { rows } = await db.query<{
    sequence: number;
    type: TimelineEntry['type'];
    at: Date;
    actor: TimelineEntry['actor'];
    details: Record<string, unknown>;
  }>(
    `SELECT sequence, type, at, actor, details FROM orders.order_timeline WHERE order_id = $1 ORDER BY sequence`,
    [orderId],
  );
  return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
}

/**
 * Orders of the restaurant still in its kitchen flow (PENDING, CONFIRMED, PREPARING), for the delivery
 * estimate of a new order: the queue's count, kept beside it (migration 003), so that it costs the same
 * however many orders are queued.
 */
export async function countOrdersAhead(db: SqlExecutor, restaurantId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT coalesce(sum(orders_ahead), 0)::int AS n FROM orders.restaurant_queue_counts
      WHERE restaurant_id = $1`,
    [restaurantId],
  );
  return rows[0]?.n ?? 0;
}

// Spelled as the partial index courier_jobs_live_idx (migration 004) is, so that the planner can use it.
const FINAL_SQL = `(${FINAL_STATUSES.map((status) => `'${status}'`).join(', ')})`;

const SORT_COLUMNS: Record<string, string> = {
  createdAt: 'v.created_at',
  updatedAt: 'v.updated_at',
  totalAmount: 'v.total_amount',
};

/**
 * A page of orders in the scope. `active` reads the live read models: a restaurant's queue, a courier's
 * current jobs; otherwise the history (every order of the scope).
 */
export async function listOrderViews(
  db: SqlExecutor,
  scope: OrderScope,
  query: ListOrdersQuery,
): Promise<OrderPage> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  switch (scope.kind) {
    case 'customer':
      where.push(`v.customer_id = ${param(scope.customerId)}`);
      break;
    // The live lists look their orders up one by one from the live read model: as an array rather than a
    // join, which the planner may turn into a walk down every order since the oldest live one.
    case 'restaurants':
      where.push(
        query.active === true
          ? `v.order_id = ANY(ARRAY(SELECT order_id FROM orders.restaurant_queue
               WHERE restaurant_id = ANY(${param(scope.restaurantIds)}::text[])))`
          : `v.restaurant_id = ANY(${param(scope.restaurantIds)}::text[])`,
      );
      break;
    case 'courier':
      where.push(
        query.active === true
          ? `v.order_id = ANY(ARRAY(SELECT order_id FROM orders.courier_jobs
               WHERE courier_id = ${param(scope.courierId)} AND status NOT IN ${FINAL_SQL}))`
          : `v.order_id IN (SELECT order_id FROM orders.courier_jobs WHERE courier_id = ${param(scope.courierId)})`,
      );
      break;
    case 'all':
      // The queue holds every order not final yet, whatever its restaurant.
      if (query.active === true)
        where.push(`v.order_id = ANY(ARRAY(SELECT order_id FROM orders.restaurant_queue))`);
      break;
  }
  if (query.restaurantId !== undefined) where.push(`v.restaurant_id = ${param(query.restaurantId)}`);
  if (query.status !== undefined) where.push(`v.status = ${param(query.status)}`);
  if (query.active === true) where.push(`NOT (v.status = ANY(${param([...FINAL_STATUSES])}::text[]))`);
  if (query.from !== undefined) where.push(`v.created_at >= ${param(query.from)}::timestamptz`);
  if (query.to !== undefined) where.push(`v.created_at < ${param(query.to)}::timestamptz`);
  const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;

  const [field, direction] = (query.sort ?? 'createdAt,desc').split(',');
  const column = SORT_COLUMNS[field ?? 'createdAt'] ?? 'v.created_at';
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  const page = query.page ?? 0;
  const size = query.size ?? 20;

  const total = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM orders.order_views v ${filter}`,
    params,
  );
  const { rows } = await db.query<ViewRow>(
    `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} ${filter}
      ORDER BY ${column} ${dir}, v.order_id ${dir} LIMIT ${param(size)} OFFSET ${param(page * size)}`,
    params,
  );
  const totalElements = total.rows[0]?.n ?? 0;
  return {
    content: rows.map(toView),
    page,
    size,
    totalElements,
    totalPages: Math.ceil(totalElements / size),
  };
}

/** Orders whose saga has a step left, oldest first: the sweeper's work. */
export async function findSagaWork(
  db: SqlExecutor,
  limit: number,
): Promise<
  Array<{ orderId: string; sagaState: 'AWAITING_PAYMENT' | 'AWAITING_REFUND'; status: OrderStatus }>
> {
  const { rows } = await db.query<{
    order_id: string;
    saga_state: 'AWAITING_PAYMENT' | 'AWAITING_REFUND';
    status: OrderStatus;
  }>(
    `SELECT order_id, saga_state, status FROM orders.order_views
      WHERE saga_state IS NOT NULL ORDER BY created_at, order_id LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({ orderId: row.order_id, sagaState: row.saga_state, status: row.status }));
}
