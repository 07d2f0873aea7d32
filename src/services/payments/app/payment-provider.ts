import type { Money } from '../contract.js';

/** The provider's answer to an authorisation: a hold on the card, or a decline with the provider's code. */
export type AuthorizeOutcome =
  | { outcome: 'AUTHORIZED'; authorizationId: string; card: { brand: string; last4: string } }
  | { outcome: 'DECLINED'; code: string; message: string };

/**
 * The provider's answer to a release of a hold: voided, or refused because the hold was captured already
 * (a capture whose answer was lost): the money was taken and must be refunded instead.
 */
export type VoidOutcome =
  { outcome: 'VOIDED'; voidId: string } | { outcome: 'ALREADY_CAPTURED'; captureId: string };

/**
 * The payment provider port (a card processor such as Stripe or Razorpay). Every call is idempotent: the
 * same `idempotencyKey` (authorize, refund) or the same authorisation (capture) answers the first result
 * again, so the service may repeat a call whose answer it never received. A provider failure that is not a
 * business decision (network, 5xx) is a thrown error.
 */
export interface PaymentProvider {
  authorize(input: { idempotencyKey: string; amount: Money; token: string }): Promise<AuthorizeOutcome>;
  capture(input: { authorizationId: string; amount: Money }): Promise<{ captureId: string }>;
  /**
   * What an earlier authorise with this key decided, or null when the provider never received it: how a
   * hold whose answer was lost (the process died, the call timed out) is found again to be released. A
   * Stripe-like provider answers it from its idempotency records or a search by the key in metadata.
   */
  findAuthorization(input: { idempotencyKey: string }): Promise<AuthorizeOutcome | null>;
  /** Releases an uncaptured hold; idempotent by authorisation, like capture. */
  voidAuthorization(input: { authorizationId: string }): Promise<VoidOutcome>;
  refund(input: { captureId: string; amount: Money; idempotencyKey: string }): Promise<{ refundId: string }>;
}
