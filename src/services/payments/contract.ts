import { Type, type Static, type TSchema } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';

/**
 * The payments service's public face. Payments are keyed by order: the order id is the idempotency key,
 * so a retried charge never charges twice. Card numbers never enter the platform: clients send a
 * provider token (sandbox tokens: tok_visa succeeds, tok_chargeDeclined is declined,
 * tok_chargeDeclinedInsufficientFunds lacks funds, tok_timeout never answers in time).
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
  status: Type.Union(PAYMENT_STATUSES.map((s) => Type.Literal(s))),
  method: Type.Union(PAYMENT_METHODS.map((m) => Type.Literal(m))),
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
  paymentId: string;
  refundId: string;
  orderId: string;
  amount: Money;
  /** True when there was nothing to refund (cash, failed payment): compensation is then complete. */
  nothingToRefund: boolean;
}

/** The payments service's operations for other services (the orders saga). */
export interface PaymentsClient {
  /** Authorises and captures, idempotent by order id. A provider timeout is `PAYMENTS.PROVIDER_TIMEOUT` (503). */
  charge(input: ChargeInput): Promise<ChargeResult>;
  /** Refunds the order's captured payment in full; idempotent by order id. */
  refund(input: { orderId: string; reason: string }): Promise<RefundResult>;
}

export type PaymentsOperations = { [K in keyof PaymentsClient]: PaymentsClient[K] };

export const paymentsContract = defineServiceContract<PaymentsOperations>('payments', {
  charge: { idempotent: true },
  refund: { idempotent: true },
});
