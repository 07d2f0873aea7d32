import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { Ids } from '../../../platform/time/ids.js';
import type { AuthorizeOutcome, PaymentProvider, VoidOutcome } from '../app/payment-provider.js';

type Scripted = AuthorizeOutcome | 'HANG' | 'UNAVAILABLE';

const VISA = { brand: 'Visa', last4: '4242' };

/** Stripe-style test tokens and what the sandbox answers for each. */
const TEST_TOKENS: Record<string, Scripted> = {
  tok_visa: { outcome: 'AUTHORIZED', authorizationId: '', card: VISA },
  tok_mastercard: {
    outcome: 'AUTHORIZED',
    authorizationId: '',
    card: { brand: 'Mastercard', last4: '4444' },
  },
  tok_amex: {
    outcome: 'AUTHORIZED',
    authorizationId: '',
    card: { brand: 'American Express', last4: '8431' },
  },
  // Authorised; the first capture never answers and captures nothing (see CAPTURE_HANGS_ONCE).
  tok_captureHangsOnce: { outcome: 'AUTHORIZED', authorizationId: '', card: VISA },
  tok_chargeDeclined: { outcome: 'DECLINED', code: 'card_declined', message: 'The card was declined.' },
  tok_chargeDeclinedInsufficientFunds: {
    outcome: 'DECLINED',
    code: 'insufficient_funds',
    message: 'The card has insufficient funds.',
  },
  tok_timeout: 'HANG',
  tok_unavailable: 'UNAVAILABLE',
};

/**
 * The token whose first capture hangs before it captures: the moment a crash strands a hold, made
 * deterministic so a test can kill the payments process there. The hang is used up when it starts, so the
 * capture after a restart (or after the provider timeout) goes through, and a void finds the hold intact.
 */
const CAPTURE_HANGS_ONCE = 'tok_captureHangsOnce';

const INVALID_TOKEN: AuthorizeOutcome = {
  outcome: 'DECLINED',
  code: 'invalid_token',
  message: 'The card token is not recognised.',
};

export interface SandboxDeps {
  /** The payments database: the sandbox's books live in `payments.sandbox_*`, so they survive a restart. */
  sql: SqlExecutor;
  ids: Ids;
  clock: Clock;
  /** Every call fails as a provider outage would (PAYMENTS_SANDBOX_OUTAGE): no decision is made. */
  outage?: boolean;
}

/**
 * The default provider: answers from the test tokens and keeps its holds, captures, voids and refunds in
 * payments-owned tables, so a payments process restarted between authorise and capture can still capture
 * or void. Every call is idempotent as a real provider's: the same key (authorise, refund) or authorisation
 * (capture, void) gets the first answer back. `tok_timeout` never answers; `tok_unavailable` always fails.
 */
export function createSandboxProvider(deps: SandboxDeps): PaymentProvider {
  const { sql } = deps;
  const refuseDuringOutage = (): void => {
    if (deps.outage === true)
      throw new Error('sandbox: the provider is unavailable (PAYMENTS_SANDBOX_OUTAGE)');
  };

  return {
    async authorize({ idempotencyKey, amount, token }) {
      refuseDuringOutage();
      const scripted = TEST_TOKENS[token] ?? INVALID_TOKEN;
      if (scripted === 'HANG' || scripted === 'UNAVAILABLE') {
        // A key that was answered before answers the same; these tokens never decide anything new.
        const previous = await findAuthorization(sql, idempotencyKey);
        if (previous !== undefined) return previous;
        if (scripted === 'HANG') return new Promise<never>(() => undefined);
        throw new Error('sandbox: the provider is unavailable (tok_unavailable)');
      }
      const outcome: AuthorizeOutcome =
        scripted.outcome === 'AUTHORIZED'
          ? { ...scripted, authorizationId: `auth_${deps.ids.next()}` }
          : scripted;
      // One statement, as a processor answers in one call: a key seen before (a repeat, or a racing call
      // with the same key) gets the first outcome back instead of this one. The no-op update makes the
      // conflicting row visible to RETURNING.
      const { rows } = await sql.query<{ outcome: AuthorizeOutcome }>(
        `INSERT INTO payments.sandbox_authorizations
           (idempotency_key, outcome, authorization_id, amount, currency, capture_hangs, created_at)
         VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7)
         ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key
         RETURNING outcome`,
        [
          idempotencyKey,
          JSON.stringify(outcome),
          outcome.outcome === 'AUTHORIZED' ? outcome.authorizationId : null,
          amount.amount,
          amount.currency,
          token === CAPTURE_HANGS_ONCE,
          deps.clock.now(),
        ],
      );
      const stored = rows[0];
      if (stored === undefined) throw new Error(`sandbox: authorisation ${idempotencyKey} vanished`);
      return stored.outcome;
    },

    async capture({ authorizationId, amount }) {
      refuseDuringOutage();
      // One statement: the hold as it was, and the capture when the hold allows it (the same amount,
      // not voided, no scripted hang); a capture repeated on a captured hold answers the first capture.
      const { rows } = await sql.query<CaptureRow>(
        `WITH hold AS (
           SELECT authorization_id, amount, capture_hangs, void_id
             FROM payments.sandbox_authorizations WHERE authorization_id = $1 FOR UPDATE),
         captured AS (
           UPDATE payments.sandbox_authorizations s SET capture_id = coalesce(s.capture_id, $2)
             FROM hold
            WHERE s.authorization_id = hold.authorization_id
              AND hold.void_id IS NULL AND NOT hold.capture_hangs AND hold.amount = $3
           RETURNING s.capture_id)
         SELECT hold.amount, hold.capture_hangs, hold.void_id, (SELECT capture_id FROM captured) AS capture_id
           FROM hold`,
        [authorizationId, `cap_${deps.ids.next()}`, amount.amount],
      );
      const hold = rows[0];
      if (hold === undefined) throw new Error(`sandbox: no authorisation ${authorizationId}`);
      if (Number(hold.amount) !== amount.amount) {
        throw new Error('sandbox: capture amount differs from the hold');
      }
      if (hold.void_id !== null) throw new Error(`sandbox: authorisation ${authorizationId} was voided`);
      if (hold.capture_id !== null) return { captureId: hold.capture_id };
      // The scripted hang: used up by whichever call gets here first; that call never reaches the capture.
      const used = await sql.query(
        `UPDATE payments.sandbox_authorizations SET capture_hangs = false
          WHERE authorization_id = $1 AND capture_hangs`,
        [authorizationId],
      );
      if (used.rowCount > 0) return new Promise<never>(() => undefined);
      // Another call used the hang up between the two statements: capture as that call's retry would.
      return this.capture({ authorizationId, amount });
    },

    async findAuthorization({ idempotencyKey }) {
      refuseDuringOutage();
      return (await findAuthorization(sql, idempotencyKey)) ?? null;
    },

    async voidAuthorization({ authorizationId }): Promise<VoidOutcome> {
      refuseDuringOutage();
      const { rows } = await sql.query<{ capture_id: string | null; void_id: string | null }>(
        `UPDATE payments.sandbox_authorizations
            SET void_id = CASE WHEN capture_id IS NULL THEN coalesce(void_id, $2) END
          WHERE authorization_id = $1
          RETURNING capture_id, void_id`,
        [authorizationId, `void_${deps.ids.next()}`],
      );
      const hold = rows[0];
      if (hold === undefined) throw new Error(`sandbox: no authorisation ${authorizationId}`);
      if (hold.capture_id !== null) return { outcome: 'ALREADY_CAPTURED', captureId: hold.capture_id };
      if (hold.void_id === null) throw new Error(`sandbox: authorisation ${authorizationId} not voided`);
      return { outcome: 'VOIDED', voidId: hold.void_id };
    },

    async refund({ captureId, amount, idempotencyKey }) {
      refuseDuringOutage();
      const previous = await findRefund(sql, idempotencyKey);
      if (previous !== undefined) return previous;
      const { rows } = await sql.query<{ amount: number }>(
        'SELECT amount FROM payments.sandbox_authorizations WHERE capture_id = $1',
        [captureId],
      );
      const capture = rows[0];
      if (capture === undefined) throw new Error(`sandbox: no capture ${captureId}`);
      if (amount.amount > Number(capture.amount)) throw new Error('sandbox: refund exceeds the capture');
      const inserted = await sql.query(
        `INSERT INTO payments.sandbox_refunds (idempotency_key, capture_id, refund_id, amount, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [idempotencyKey, captureId, `re_${deps.ids.next()}`, amount.amount, deps.clock.now()],
      );
      const stored = await findRefund(sql, idempotencyKey);
      if (inserted.rowCount === 0 && stored === undefined) {
        throw new Error(`sandbox: capture ${captureId} was already refunded`);
      }
      if (stored === undefined) throw new Error(`sandbox: refund ${idempotencyKey} vanished`);
      return stored;
    },
  };
}

async function findAuthorization(sql: SqlExecutor, key: string): Promise<AuthorizeOutcome | undefined> {
  const { rows } = await sql.query<{ outcome: AuthorizeOutcome }>(
    'SELECT outcome FROM payments.sandbox_authorizations WHERE idempotency_key = $1',
    [key],
  );
  return rows[0]?.outcome;
}

interface CaptureRow {
  amount: string | number;
  capture_hangs: boolean;
  void_id: string | null;
  capture_id: string | null;
}

async function findRefund(sql: SqlExecutor, key: string): Promise<{ refundId: string } | undefined> {
  const { rows } = await sql.query<{ refund_id: string }>(
    'SELECT refund_id FROM payments.sandbox_refunds WHERE idempotency_key = $1',
    [key],
  );
  return rows[0] === undefined ? undefined : { refundId: rows[0].refund_id };
}
