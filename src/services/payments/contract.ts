import { Type, type Static, type TSchema } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';

/**
 * The payments service's public face. Payments are keyed by order: the order id is the idempotency key,
 * so a retried charge never charges twice. Card numbers never enter the platform: clients send a
 * provider token (sandbox tokens: tok_visa succeeds, tok_chargeDeclined is declined,
 * tok_chargeDeclinedInsufficientFunds lacks funds, tok_timeout never answers in time, tok_unavailable always
 * fails as an outage would, tok_captureHangsOnce authorises and then hangs on its first capture).
 */
export const Money = Type.Object(
  { amount: Type.Integer({ minimum: 0 }), currency: Type.Literal('INR') },
  { additionalProperties: false },
);
export type Money = Static<typeof Money>;

export const PAYMENT_METHODS = ['CARD', 'CASH'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_STATUSES = ['AUTHORIZED', 'CAPTURED', 'FAILED', 'REFUNDED', 'CASH_ON_DELIVERY'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * A stored payment's status: the terminal and published ones above, plus `PENDING` while the provider is
 * being asked for an authorisation and `VOIDED` for a hold released because its order was cancelled before
 * the capture (both seen only on `GET /api/payments`, never in an event; a ChargeResult reads VOIDED as
 * FAILED with `authorization_voided`).
 */
export const PAYMENT_RECORD_STATUSES = ['PENDING', ...PAYMENT_STATUSES, 'VOIDED'] as const;
export type PaymentRecordStatus = (typeof PAYMENT_RECORD_STATUSES)[number];

/** Failure codes after which a charge may simply be retried: nothing was decided by the provider. */
export const RETRYABLE_FAILURE_CODES = ['provider_timeout', 'provider_error'] as const;

export const PaymentsErrors = {
  /** The provider did not answer within the service's timeout; retrying the charge is safe. */
  PROVIDER_TIMEOUT: 'PAYMENTS.PROVIDER_TIMEOUT',
  /** The provider answered with an error (not a decline); retrying is safe. */
  PROVIDER_UNAVAILABLE: 'PAYMENTS.PROVIDER_UNAVAILABLE',
  /** Another call is charging this order right now; retry shortly to get its outcome. */
  CHARGE_IN_PROGRESS: 'PAYMENTS.CHARGE_IN_PROGRESS',
  /** A repeated charge for an order named another customer, amount or method than the first. */
  IDEMPOTENCY_MISMATCH: 'PAYMENTS.IDEMPOTENCY_MISMATCH',
  /** The order was refunded or cancelled before any payment completed: it can no longer be charged. */
  ORDER_CLOSED: 'PAYMENTS.ORDER_CLOSED',
  /** No such payment, or not one the caller may see (existence is not revealed). */
  NOT_FOUND: 'PAYMENTS.NOT_FOUND',
} as const;
export type PaymentsErrorCode = (typeof PaymentsErrors)[keyof typeof PaymentsErrors];

/**
 * The answers after which the outcome of a charge or refund is unknown but may still come: nothing was
 * decided (the provider did not answer, failed, or another call is at it). A caller retries later, by the
 * same order id; it must not read them as a decline.
 */
export const RETRYABLE_ERRORS: readonly string[] = [
  PaymentsErrors.PROVIDER_TIMEOUT,
  PaymentsErrors.PROVIDER_UNAVAILABLE,
  PaymentsErrors.CHARGE_IN_PROGRESS,
];

export const paymentsErrorStatuses: Record<PaymentsErrorCode, number> = {
  [PaymentsErrors.PROVIDER_TIMEOUT]: 503,
  [PaymentsErrors.PROVIDER_UNAVAILABLE]: 503,
  [PaymentsErrors.CHARGE_IN_PROGRESS]: 409,
  [PaymentsErrors.IDEMPOTENCY_MISMATCH]: 409,
  [PaymentsErrors.ORDER_CLOSED]: 409,
  [PaymentsErrors.NOT_FOUND]: 404,
};

export const PaymentsEvents = {
  PAYMENT_PROCESSED: 'PaymentProcessed',
  PAYMENT_REFUNDED: 'PaymentRefunded',
} as const;

/** Published once per order's charge attempt outcome (success or failure). Subject: the order id. */
export const PaymentProcessedV1 = Type.Object({
  paymentId: Type.String(),
  orderId: Type.String(),
  customerId: Type.String(),
  succeeded: Type.Boolean(),
  status: Type.Enum([...PAYMENT_STATUSES]),
  method: Type.Enum([...PAYMENT_METHODS]),
  amount: Money,
  /** e.g. `card_declined`, `insufficient_funds`, `provider_timeout` when it failed. */
  failureCode: Type.Optional(Type.String()),
  failureMessage: Type.Optional(Type.String()),
  /** Masked only: brand and last four digits. */
  card: Type.Optional(Type.Object({ brand: Type.String(), last4: Type.String() })),
});
export type PaymentProcessedV1 = Static<typeof PaymentProcessedV1>;

/** Published when an order's payment has been refunded in full. Subject: the order id. */
export const PaymentRefundedV1 = Type.Object({
  paymentId: Type.String(),
  refundId: Type.String(),
  orderId: Type.String(),
  customerId: Type.String(),
  amount: Money,
  reason: Type.String(),
});
export type PaymentRefundedV1 = Static<typeof PaymentRefundedV1>;

export const paymentsEventSchemas: Array<{ type: string; version: number; schema: TSchema }> = [
  { type: PaymentsEvents.PAYMENT_PROCESSED, version: 1, schema: PaymentProcessedV1 },
  { type: PaymentsEvents.PAYMENT_REFUNDED, version: 1, schema: PaymentRefundedV1 },
];

/** What the orders saga sends to charge an order. */
export interface ChargeInput {
  orderId: string;
  customerId: string;
  amount: Money;
  payment: { method: 'CARD'; token: string } | { method: 'CASH' };
}

/** The outcome of a charge, as the saga sees it. Repeating a charge for an order returns the first outcome. */
export interface ChargeResult {
  paymentId: string;
  orderId: string;
  succeeded: boolean;
  status: PaymentStatus;
  failureCode?: string;
  failureMessage?: string;
  card?: { brand: string; last4: string };
}

export interface RefundResult {
  /** The refunded payment; the order's payment (or `''` when it has none) when there was nothing to refund. */
  paymentId: string;
  /** Stable per order: a repeated refund returns the same id, including for "nothing to refund". */
  refundId: string;
  orderId: string;
  amount: Money;
  /**
   * True when no money had been taken (cash, a failed payment, or a hold that was voided rather than
   * captured): compensation is then complete.
   */
  nothingToRefund: boolean;
}

/** The payments service's operations for other services (the orders saga). */
export interface PaymentsClient {
  /**
   * Authorises and captures, idempotent by order id. An answer in RETRYABLE_ERRORS (a provider timeout or
   * outage, a charge in progress) decides nothing: the caller retries it later, by the same order id.
   */
  charge(input: ChargeInput): Promise<ChargeResult>;
  /**
   * Gives the order's money back and closes the order to charges, idempotent by order id: refunds a
   * captured payment in full, voids an authorised one (the hold is released), waits for a charge in flight.
   * `PAYMENTS.PROVIDER_*` / `CHARGE_IN_PROGRESS` (see RETRYABLE_ERRORS): not done yet, retry later.
   */
  refund(input: { orderId: string; reason: string }): Promise<RefundResult>;
}

export type PaymentsOperations = { [K in keyof PaymentsClient]: PaymentsClient[K] };

export const paymentsContract = defineServiceContract<PaymentsOperations>('payments', {
  charge: { idempotent: true },
  refund: { idempotent: true },
});

// ---- HTTP views ----------------------------------------------------------------------------------------

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ description: 'ISO-8601 instant' });

/** A payment as `GET /api/payments` shows it: card data masked, never a token. */
export const PaymentView = Type.Object({
  paymentId: Uuid,
  orderId: Uuid,
  customerId: Uuid,
  method: Type.Enum([...PAYMENT_METHODS]),
  status: Type.Enum([...PAYMENT_RECORD_STATUSES]),
  amount: Money,
  card: Type.Optional(
    Type.Object({
      brand: Type.String(),
      last4: Type.String(),
      /** For display: `****4242`. */
      masked: Type.String(),
    }),
  ),
  failureCode: Type.Optional(Type.String()),
  failureMessage: Type.Optional(Type.String()),
  refund: Type.Optional(
    Type.Object({ refundId: Uuid, amount: Money, reason: Type.String(), refundedAt: Instant }),
  ),
  createdAt: Instant,
  updatedAt: Instant,
});
export type PaymentView = Static<typeof PaymentView>;

export const ListPaymentsQuery = Type.Object(
  {
    orderId: Uuid,
    page: Type.Integer({ minimum: 0, default: 0, description: 'from 0' }),
    size: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);
export type ListPaymentsQuery = Static<typeof ListPaymentsQuery>;

export const PaymentPage = Type.Object({
  content: Type.Array(PaymentView),
  page: Type.Integer(),
  size: Type.Integer(),
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
});
export type PaymentPage = Static<typeof PaymentPage>;
