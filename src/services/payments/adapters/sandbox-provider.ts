import type { Money } from '../contract.js';
import type { Ids } from '../../../platform/time/ids.js';
import type { AuthorizeOutcome, PaymentProvider } from '../app/payment-provider.js';

/** Stripe-style test tokens and what the sandbox answers for each. */
const TEST_TOKENS: Record<string, AuthorizeOutcome | 'HANG'> = {
  tok_visa: { outcome: 'AUTHORIZED', authorizationId: '', card: { brand: 'Visa', last4: '4242' } },
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
  tok_chargeDeclined: { outcome: 'DECLINED', code: 'card_declined', message: 'The card was declined.' },
  tok_chargeDeclinedInsufficientFunds: {
    outcome: 'DECLINED',
    code: 'insufficient_funds',
    message: 'The card has insufficient funds.',
  },
  tok_timeout: 'HANG',
};

const INVALID_TOKEN: AuthorizeOutcome = {
  outcome: 'DECLINED',
  code: 'invalid_token',
  message: 'The card token is not recognised.',
};

/**
 * The default provider: answers from the test tokens, in memory, and remembers every answer by key so a
 * repeated call gets the first answer back, as a real provider does. `tok_timeout` never answers.
 */
export function createSandboxProvider(deps: { ids: Ids }): PaymentProvider {
  const authorizations = new Map<string, AuthorizeOutcome>();
  const held = new Map<string, Money>();
  const captures = new Map<string, { captureId: string; amount: Money }>();
  const refunds = new Map<string, { refundId: string }>();
  const refunded = new Set<string>();

  return {
    async authorize({ idempotencyKey, amount, token }) {
      const previous = authorizations.get(idempotencyKey);
      if (previous !== undefined) return previous;
      const scripted = TEST_TOKENS[token] ?? INVALID_TOKEN;
      if (scripted === 'HANG') return new Promise<never>(() => undefined);
      const outcome: AuthorizeOutcome =
        scripted.outcome === 'AUTHORIZED'
          ? { ...scripted, authorizationId: `auth_${deps.ids.next()}` }
          : scripted;
      authorizations.set(idempotencyKey, outcome);
      if (outcome.outcome === 'AUTHORIZED') held.set(outcome.authorizationId, amount);
      return outcome;
    },

    async capture({ authorizationId, amount }) {
      const previous = captures.get(authorizationId);
      if (previous !== undefined) return { captureId: previous.captureId };
      const hold = held.get(authorizationId);
      if (hold === undefined) throw new Error(`sandbox: no authorisation ${authorizationId}`);
      if (hold.amount !== amount.amount) throw new Error('sandbox: capture amount differs from the hold');
      const capture = { captureId: `cap_${deps.ids.next()}`, amount };
      captures.set(authorizationId, capture);
      return { captureId: capture.captureId };
    },

    async refund({ captureId, amount, idempotencyKey }) {
      const previous = refunds.get(idempotencyKey);
      if (previous !== undefined) return previous;
      const capture = [...captures.values()].find((c) => c.captureId === captureId);
      if (capture === undefined) throw new Error(`sandbox: no capture ${captureId}`);
      if (refunded.has(captureId)) throw new Error(`sandbox: capture ${captureId} was already refunded`);
      if (amount.amount > capture.amount.amount) throw new Error('sandbox: refund exceeds the capture');
      const refund = { refundId: `re_${deps.ids.next()}` };
      refunds.set(idempotencyKey, refund);
      refunded.add(captureId);
      return refund;
    },
  };
}
