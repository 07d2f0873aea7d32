import type { SqlExecutor } from '../../../platform/db/sql.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Clock } from '../../../platform/time/clock.js';
import { OrdersErrors } from '../contract.js';

/** How long a repeat waits for its twin still being placed before answering IDEMPOTENCY_KEY_IN_USE. */
const TWIN_WAIT_MS = 3_000;
const TWIN_POLL_MS = 25;
/** A claim this old whose order was never written belongs to a request that died: a repeat takes it over. */
const ABANDONED_AFTER_MS = 120_000;

/** Who asked, with which key and body. */
export interface KeyedRequest {
  customerId: string;
  key: string;
  requestHash: string;
}

/** The key is ours (place `orderId`), or an earlier request with it placed this order. */
export type KeyClaim = { kind: 'claimed' } | { kind: 'placed'; orderId: string };

/**
 * Claims an `Idempotency-Key` for a new order before anything else is done, so that two requests with the
 * same key never both reserve a promotion or charge: the second waits for the first's order and answers
 * with it. The same key with another body is IDEMPOTENCY_KEY_REUSED; a twin that takes longer than a few
 * seconds is IDEMPOTENCY_KEY_IN_USE (409, retry). A claim left by a request that died before writing its
 * order is taken over once it is old.
 */
export async function claimKey(
  db: SqlExecutor,
  clock: Clock,
  request: KeyedRequest,
  orderId: string,
  waitMs = TWIN_WAIT_MS,
): Promise<KeyClaim> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const inserted = await db.query(
      `INSERT INTO orders.idempotency_keys (customer_id, key, request_hash, order_id, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING order_id`,
      [request.customerId, request.key, request.requestHash, orderId, clock.now()],
    );
    if (inserted.rows.length > 0) return { kind: 'claimed' };
    const { rows } = await db.query<{
      request_hash: string;
      order_id: string;
      created_at: Date;
      written: boolean;
    }>(
      `SELECT k.request_hash, k.order_id, k.created_at,
              EXISTS (SELECT 1 FROM orders.order_views v WHERE v.order_id = k.order_id) AS written
         FROM orders.idempotency_keys k WHERE k.customer_id = $1 AND k.key = $2`,
      [request.customerId, request.key],
    );
    const row = rows[0];
    // Released in between (the twin was refused): claim it afresh.
    if (row === undefined) continue;
    if (row.request_hash !== request.requestHash) {
      throw new AppError(
        OrdersErrors.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was used for another order request.',
        { details: { orderId: row.order_id } },
      );
    }
    if (row.written) return { kind: 'placed', orderId: row.order_id };
    if (clock.now().getTime() - row.created_at.getTime() >= ABANDONED_AFTER_MS) {
      const taken = await db.query(
        `UPDATE orders.idempotency_keys SET order_id = $3, created_at = $4
          WHERE customer_id = $1 AND key = $2 AND order_id = $5
            AND NOT EXISTS (SELECT 1 FROM orders.order_views v WHERE v.order_id = $5)`,
        [request.customerId, request.key, orderId, clock.now(), row.order_id],
      );
      if (taken.rowCount > 0) return { kind: 'claimed' };
      continue;
    }
    if (Date.now() >= deadline) {
      throw new AppError(
        OrdersErrors.IDEMPOTENCY_KEY_IN_USE,
        'A request with this Idempotency-Key is still being placed; retry shortly for its answer.',
        { details: { orderId: row.order_id } },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, TWIN_POLL_MS));
  }
}

/** Gives the key back when its order was not written (the request was refused), so a retry may use it. */
export async function releaseKey(db: SqlExecutor, request: KeyedRequest, orderId: string): Promise<void> {
  await db.query(
    `DELETE FROM orders.idempotency_keys
      WHERE customer_id = $1 AND key = $2 AND order_id = $3
        AND NOT EXISTS (SELECT 1 FROM orders.order_views v WHERE v.order_id = $3)`,
    [request.customerId, request.key, orderId],
  );
}
