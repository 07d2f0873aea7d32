import {
  RETRYABLE_FAILURE_CODES,
  type ChargeResult,
  type Money,
  type PaymentMethod,
  type PaymentRecordStatus,
} from '../contract.js';

/** A stored payment. Card data is masked at the provider's answer; the token is never part of it. */
export interface PaymentRecord {
  id: string;
  orderId: string;
  customerId: string;
  method: PaymentMethod;
  status: PaymentRecordStatus;
  amount: Money;
  card: { brand: string; last4: string } | null;
  authorizationId: string | null;
  captureId: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  attempts: number;
  /** The claim of the call now talking to the provider; a later step writes only under the same claim. */
  claimId: string | null;
  claimedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A refund, or the record that an order was closed with nothing to refund. One per order. */
export interface RefundRecord {
  id: string;
  orderId: string;
  paymentId: string | null;
  customerId: string | null;
  /** VOIDED: the order's hold was released before any capture (`providerRefundId` is the void's id). */
  status: 'REFUNDED' | 'NOTHING_TO_REFUND' | 'VOIDED';
  amount: Money;
  reason: string;
  providerRefundId: string | null;
  createdAt: Date;
}

/**
 * What a new charge call does with the order's existing payment: return its outcome (`done`), take it over
 * and continue with the provider (`claim`), or wait because another call holds a live claim (`busy`).
 * A timed-out attempt, or a claim whose holder died (lease expired), is taken over: the provider calls are
 * idempotent by key, so continuing never charges twice.
 */
export function decideOnExisting(payment: PaymentRecord, now: Date): 'done' | 'claim' | 'busy' {
  switch (payment.status) {
    case 'CAPTURED':
    case 'REFUNDED':
    case 'CASH_ON_DELIVERY':
    case 'VOIDED':
      return 'done';
    case 'FAILED':
      return isRetryableFailure(payment.failureCode) ? 'claim' : 'done';
    case 'PENDING':
    case 'AUTHORIZED':
      return hasLiveClaim(payment, now) ? 'busy' : 'claim';
  }
}

/**
 * What a refund does with the order's payment: refund a capture, void a hold (an authorisation whose
 * capture never happened: left, it would keep the customer's money blocked), ask the provider whether an
 * authorise whose answer was lost made a hold (`lookup`), wait for a call in flight, or close the order
 * with nothing to refund (no payment, cash, a decline).
 */
export function decideRefund(
  payment: PaymentRecord | undefined,
  now: Date,
): 'refund' | 'void' | 'lookup' | 'busy' | 'nothing' {
  if (payment === undefined) return 'nothing';
  if ((payment.status === 'CAPTURED' || payment.status === 'AUTHORIZED') && hasLiveClaim(payment, now)) {
    return 'busy';
  }
  if (payment.status === 'CAPTURED') return 'refund';
  if (payment.status === 'AUTHORIZED') return 'void';
  if (payment.status === 'PENDING' && hasLiveClaim(payment, now)) return 'busy';
  // An authorise was sent but its answer never recorded: the provider may hold money all the same.
  if (
    payment.status === 'PENDING' ||
    (payment.status === 'FAILED' && isRetryableFailure(payment.failureCode))
  ) {
    return payment.method === 'CARD' ? 'lookup' : 'nothing';
  }
  return 'nothing';
}

export function isRetryableFailure(code: string | null): boolean {
  return code !== null && (RETRYABLE_FAILURE_CODES as readonly string[]).includes(code);
}

function hasLiveClaim(payment: PaymentRecord, now: Date): boolean {
  return payment.claimedUntil !== null && payment.claimedUntil.getTime() > now.getTime();
}

/** The saga's view of a settled payment. A refunded payment had succeeded, so it still reads as such. */
export function toChargeResult(payment: PaymentRecord): ChargeResult {
  return {
    paymentId: payment.id,
    orderId: payment.orderId,
    succeeded: ['CAPTURED', 'REFUNDED', 'CASH_ON_DELIVERY'].includes(payment.status),
    status: payment.status === 'PENDING' || payment.status === 'VOIDED' ? 'FAILED' : payment.status,
    ...(payment.failureCode === null ? {} : { failureCode: payment.failureCode }),
    ...(payment.failureMessage === null ? {} : { failureMessage: payment.failureMessage }),
    ...(payment.card === null ? {} : { card: payment.card }),
  };
}
