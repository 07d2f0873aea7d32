import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { PaymentMethod, PaymentRecordStatus } from '../contract.js';
import type { PaymentRecord, RefundRecord } from '../domain/payment.js';

interface PaymentRow {
  id: string;
  order_id: string;
  customer_id: string;
  method: PaymentMethod;
  amount: number;
  currency: 'INR';
  status: PaymentRecordStatus;
  card_brand: string | null;
  card_last4: string | null;
  authorization_id: string | null;
  capture_id: string | null;
  failure_code: string | null;
  failure_message: string | null;
  attempts: number;
  claim_id: string | null;
  claimed_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

interface RefundRow {
  id: string;
  order_id: string;
  payment_id: string | null;
  customer_id: string | null;
  status: RefundRecord['status'];
  amount: number;
  currency: 'INR';
  reason: string;
  provider_refund_id: string | null;
  created_at: Date;
}

/** One call to the payment provider, as kept for the audit trail. */
export interface ProviderCallRecord {
  id: string;
  step: 'AUTHORIZE' | 'CAPTURE' | 'REFUND' | 'VOID';
  outcome: 'SUCCEEDED' | 'DECLINED' | 'TIMEOUT' | 'ERROR';
  detail: string | null;
  at: Date;
}

/** The columns a step may change on a payment; the rest are fixed when the row is made. */
export type PaymentChanges = Partial<
  Pick<
    PaymentRecord,
    | 'status'
    | 'card'
    | 'authorizationId'
    | 'captureId'
    | 'failureCode'
    | 'failureMessage'
    | 'claimId'
    | 'claimedUntil'
  >
> & { updatedAt: Date; incrementAttempts?: boolean };

const PAYMENT_COLUMNS = `id, order_id, customer_id, method, amount, currency, status, card_brand, card_last4,
  authorization_id, capture_id, failure_code, failure_message, attempts, claim_id, claimed_until, created_at,
  updated_at`;
const REFUND_COLUMNS =
  'id, order_id, payment_id, customer_id, status, amount, currency, reason, provider_refund_id, created_at';

function paymentParams(payment: PaymentRecord): unknown[] {
  return [
    payment.id,
    payment.orderId,
    payment.customerId,
    payment.method,
    payment.amount.amount,
    payment.amount.currency,
    payment.status,
    payment.card?.brand ?? null,
    payment.card?.last4 ?? null,
    payment.authorizationId,
    payment.captureId,
    payment.failureCode,
    payment.failureMessage,
    payment.attempts,
    payment.claimId,
    payment.claimedUntil,
    payment.createdAt,
    payment.updatedAt,
  ];
}

/** The payments tables over one executor: the Sql itself, or the transaction a step runs in. */
export function paymentsRepo(db: SqlExecutor) {
  return {
    /**
     * Serialises every charge and refund step of one order, across instances, for the rest of the
     * transaction. Needed beyond the unique keys: a charge and a refund of an order without a payment
     * row have no row to lock.
     */
    async lockOrder(orderId: string): Promise<void> {
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`payments.order:${orderId}`]);
    },

    async findByOrder(orderId: string): Promise<PaymentRecord | undefined> {
      const { rows } = await db.query<PaymentRow>(
        `SELECT ${PAYMENT_COLUMNS} FROM payments.payments WHERE order_id = $1`,
        [orderId],
      );
      return rows[0] === undefined ? undefined : toPayment(rows[0]);
    },

    /**
     * A first charge's payment, in one statement: inserted unless the order already has a payment or
     * was closed (refunded or cancelled). False when it was not inserted; the caller then reads why.
     */
    async insertIfNew(payment: PaymentRecord): Promise<boolean> {
      const { rows } = await db.query(
        `INSERT INTO payments.payments (${PAYMENT_COLUMNS})
         SELECT $1::uuid, $2::uuid, $3::uuid, $4::text, $5::bigint, $6::text, $7::text, $8::text, $9::text,
                $10::text, $11::text, $12::text, $13::text, $14::integer, $15::uuid, $16::timestamptz,
                $17::timestamptz, $18::timestamptz
          WHERE NOT EXISTS (SELECT 1 FROM payments.refunds WHERE order_id = $2::uuid)
         ON CONFLICT (order_id) DO NOTHING
         RETURNING id`,
        paymentParams(payment),
      );
      return rows.length > 0;
    },

    async findById(paymentId: string): Promise<PaymentRecord | undefined> {
      const { rows } = await db.query<PaymentRow>(
        `SELECT ${PAYMENT_COLUMNS} FROM payments.payments WHERE id = $1`,
        [paymentId],
      );
      return rows[0] === undefined ? undefined : toPayment(rows[0]);
    },

    async insert(payment: PaymentRecord): Promise<void> {
      await db.query(
        `INSERT INTO payments.payments (${PAYMENT_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
        paymentParams(payment),
      );
    },

    /**
     * Applies `changes` only while the payment is still held by `claimId` (null: unconditionally), so a
     * call whose claim expired and was taken over cannot overwrite its successor's result. With `calls`,
     * records those provider calls in the same statement, and only when the update took place.
     */
    async update(
      paymentId: string,
      claimId: string | null,
      changes: PaymentChanges,
      calls?: ProviderCallRecord | readonly ProviderCallRecord[],
    ): Promise<PaymentRecord | undefined> {
      const sets: string[] = ['updated_at = $3'];
      const params: unknown[] = [paymentId, claimId, changes.updatedAt];
      const set = (column: string, value: unknown) => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      if (changes.status !== undefined) set('status', changes.status);
      if (changes.card !== undefined) {
        set('card_brand', changes.card?.brand ?? null);
        set('card_last4', changes.card?.last4 ?? null);
      }
      if (changes.authorizationId !== undefined) set('authorization_id', changes.authorizationId);
      if (changes.captureId !== undefined) set('capture_id', changes.captureId);
      if (changes.failureCode !== undefined) set('failure_code', changes.failureCode);
      if (changes.failureMessage !== undefined) set('failure_message', changes.failureMessage);
      if (changes.claimId !== undefined) set('claim_id', changes.claimId);
      if (changes.claimedUntil !== undefined) set('claimed_until', changes.claimedUntil);
      if (changes.incrementAttempts === true) sets.push('attempts = attempts + 1');
      const update = `UPDATE payments.payments SET ${sets.join(', ')}
         WHERE id = $1 AND ($2::uuid IS NULL OR claim_id = $2::uuid)
         RETURNING ${PAYMENT_COLUMNS}`;
      const recorded =
        calls === undefined ? [] : Array.isArray(calls) ? calls : [calls as ProviderCallRecord];
      let text = update;
      if (recorded.length > 0) {
        const at = params.length;
        params.push(
          recorded.map((c) => c.id),
          recorded.map((c) => c.step),
          recorded.map((c) => c.outcome),
          recorded.map((c) => c.detail),
          recorded.map((c) => c.at),
        );
        // One round trip for all the writes: the call rows exist exactly when the update happened.
        text = `WITH updated AS (${update}),
          recorded AS (INSERT INTO payments.provider_calls (id, payment_id, step, outcome, detail, at)
            SELECT c.id, updated.id, c.step, c.outcome, c.detail, c.at
              FROM updated, unnest($${at + 1}::uuid[], $${at + 2}::text[], $${at + 3}::text[],
                                   $${at + 4}::text[], $${at + 5}::timestamptz[])
                            AS c (id, step, outcome, detail, at))
          SELECT ${PAYMENT_COLUMNS} FROM updated`;
      }
      const { rows } = await db.query<PaymentRow>(text, params);
      return rows[0] === undefined ? undefined : toPayment(rows[0]);
    },

    async recordProviderCall(call: ProviderCallRecord & { paymentId: string }): Promise<void> {
      await db.query(
        `INSERT INTO payments.provider_calls (id, payment_id, step, outcome, detail, at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [call.id, call.paymentId, call.step, call.outcome, call.detail, call.at],
      );
    },

    async findRefund(orderId: string): Promise<RefundRecord | undefined> {
      const { rows } = await db.query<RefundRow>(
        `SELECT ${REFUND_COLUMNS} FROM payments.refunds WHERE order_id = $1`,
        [orderId],
      );
      return rows[0] === undefined ? undefined : toRefund(rows[0]);
    },

    async findRefunds(orderIds: readonly string[]): Promise<RefundRecord[]> {
      if (orderIds.length === 0) return [];
      const { rows } = await db.query<RefundRow>(
        `SELECT ${REFUND_COLUMNS} FROM payments.refunds WHERE order_id = ANY($1::uuid[])`,
        [orderIds],
      );
      return rows.map(toRefund);
    },

    async insertRefund(refund: RefundRecord): Promise<void> {
      await db.query(
        `INSERT INTO payments.refunds (${REFUND_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          refund.id,
          refund.orderId,
          refund.paymentId,
          refund.customerId,
          refund.status,
          refund.amount.amount,
          refund.amount.currency,
          refund.reason,
          refund.providerRefundId,
          refund.createdAt,
        ],
      );
    },

    /** The order's payments, oldest first (today at most one: the order id is unique). */
    async listByOrder(
      orderId: string,
      page: { limit: number; offset: number },
    ): Promise<{ payments: PaymentRecord[]; total: number }> {
      const { rows } = await db.query<PaymentRow>(
        `SELECT ${PAYMENT_COLUMNS} FROM payments.payments
         WHERE order_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`,
        [orderId, page.limit, page.offset],
      );
      const counted = await db.query<{ total: number }>(
        'SELECT count(*)::int AS total FROM payments.payments WHERE order_id = $1',
        [orderId],
      );
      const total = counted.rows[0]?.total ?? 0;
      return { payments: rows.map(toPayment), total };
    },
  };
}
export type PaymentsRepo = ReturnType<typeof paymentsRepo>;

function toPayment(row: PaymentRow): PaymentRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    customerId: row.customer_id,
    method: row.method,
    status: row.status,
    amount: { amount: Number(row.amount), currency: row.currency },
    card:
      row.card_brand === null || row.card_last4 === null
        ? null
        : { brand: row.card_brand, last4: row.card_last4 },
    authorizationId: row.authorization_id,
    captureId: row.capture_id,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    attempts: row.attempts,
    claimId: row.claim_id,
    claimedUntil: row.claimed_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRefund(row: RefundRow): RefundRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    paymentId: row.payment_id,
    customerId: row.customer_id,
    status: row.status,
    amount: { amount: Number(row.amount), currency: row.currency },
    reason: row.reason,
    providerRefundId: row.provider_refund_id,
    createdAt: row.created_at,
  };
}
