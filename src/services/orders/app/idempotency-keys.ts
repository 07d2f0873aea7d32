import type { SqlExecutor } from '../../../platform/db/sql.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Clock } from '../../../platform/time/clock.js';
import { OrdersErrors } from '../contract.js';

/** How long a repeat waits for its twin still being placed before answering IDEMPOTENCY_KEY_IN_USE. */
const TWIN_WAIT_MS = 3_000;
/** The twin's claim is polled at first often, then less (on PGlite the polls share its one connection). */
const FIRST_POLL_MS = 25;
const LAST_POLL_MS = 200;
/**
 * A claim this old whose order is not written is taken over by a repeat: its request died, or is so slow
 * that its client has given up (the gateway's own timeout is 30 s). Should it still come to write its
 * order, the write finds the claim gone and is refused (see markWritten), so one key never makes two orders.
 */
const LEASE_MS = 30_000;

/** Who asked, with which key and body. */
export interface KeyedRequest {
  customerId: string;
  key: string;
  requestHash: string;
}

/** The key is ours (place `orderId`), or an earlier request with it placed this order. */
export type KeyClaim = { kind: 'claimed' } | { kind: 'placed'; orderId: string };

interface ClaimRow {
  request_hash: string;
  order_id: string;
  created_at: Date;
  written: boolean;
}

/**
 * Claims an `Idempotency-Key` for a new order before anything else is done, so that two requests with the
 * same key never both reserve a promotion or charge: the second waits for the first's order and answers
 * with it. The same key with another body is IDEMPOTENCY_KEY_REUSED; a twin that takes longer than a few
 * seconds is IDEMPOTENCY_KEY_IN_USE (409, retry); an unwritten claim older than its lease is taken over.
 */
export async function claimKey(
  db: SqlExecutor,
  clock: Clock,
  request: KeyedRequest,
  orderId: string,
  waitMs = TWIN_WAIT_MS,
): Promise<KeyClaim> {
  const deadline = Date.now() + waitMs;
  for (let poll = FIRST_POLL_MS; ; poll = Math.min(LAST_POLL_MS, poll * 2)) {
    const inserted = await db.query(
      `INSERT INTO orders.idempotency_keys (customer_id, key, request_hash, order_id, created_at, written)
       VALUES ($1, $2, $3, $4, $5, false) ON CONFLICT DO NOTHING RETURNING order_id`,
      [request.customerId, request.key, request.requestHash, orderId, clock.now()],
    );
    if (inserted.rows.length > 0) return { kind: 'claimed' };
    const { rows } = await db.query<ClaimRow>(
      `SELECT request_hash, order_id, created_at, written
         FROM orders.idempotency_keys WHERE customer_id = $1 AND key = $2`,
      [request.customerId, request.key],
    );
    const row = rows[0];
    // Released in between (the twin was refused): claim it afresh.
    if (row === undefined) continue;
    if (row.request_hash !== request.requestHash) {
      throw new AppError(
        OrdersErrors.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was used for another order request.',
        row.written ? { details: { orderId: row.order_id } } : {},
      );
    }
    if (row.written) return { kind: 'placed', orderId: row.order_id };
    if (clock.now().getTime() - row.created_at.getTime() >= LEASE_MS) {
      // Only the very claim that was seen, still unwritten: of two repeats taking over at once, one wins.
      const taken = await db.query(
        `UPDATE orders.idempotency_keys SET order_id = $3, created_at = $4
          WHERE customer_id = $1 AND key = $2 AND order_id = $5 AND NOT written`,
        [request.customerId, request.key, orderId, clock.now(), row.order_id],
      );
      if (taken.rowCount > 0) return { kind: 'claimed' };
      continue;
    }
    if (Date.now() >= deadline) {
      throw new AppError(
        OrdersErrors.IDEMPOTENCY_KEY_IN_USE,
        'A request with this Idempotency-Key is still being placed; retry shortly for its answer.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, poll));
  }
}

/**
 * Marks the claim written, in the transaction that writes its order. Refused with IDEMPOTENCY_KEY_IN_USE
 * (and so the whole write) when a repeat took the claim over meanwhile: that repeat's order is the answer.
 */
export async function markWritten(db: SqlExecutor, request: KeyedRequest, orderId: string): Promise<void> {
  const marked = await db.query(
    `UPDATE orders.idempotency_keys SET written = true
      WHERE customer_id = $1 AND key = $2 AND order_id = $3 AND NOT written`,
    [request.customerId, request.key, orderId],
  );
  if (marked.rowCount === 0) {
    throw new AppError(
      OrdersErrors.IDEMPOTENCY_KEY_IN_USE,
      'This request took too long and a repeat with the same Idempotency-Key took over: retry for its answer.',
    );
  }
}

/** Gives the key back when its order was not written (the request was refused), so a retry may use it. */
export async function releaseKey(db: SqlExecutor, request: KeyedRequest, orderId: string): Promise<void> {
  await db.query(
    `DELETE FROM orders.idempotency_keys
      WHERE customer_id = $1 AND key = $2 AND order_id = $3 AND NOT written`,
    [request.customerId, request.key, orderId],
  );
}
