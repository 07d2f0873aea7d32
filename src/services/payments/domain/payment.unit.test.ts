import { describe, expect, it } from 'vitest';
import { decideOnExisting, decideRefund, toChargeResult, type PaymentRecord } from './payment.js';
import { maskedCard, maskToken } from './masking.js';

const now = new Date('2026-03-02T09:00:00.000Z');
const later = new Date(now.getTime() + 60_000);
const earlier = new Date(now.getTime() - 1);

function payment(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    id: 'p1',
    orderId: 'o1',
    customerId: 'c1',
    method: 'CARD',
    status: 'CAPTURED',
    amount: { amount: 100, currency: 'INR' },
    card: { brand: 'Visa', last4: '4242' },
    authorizationId: 'auth_1',
    captureId: 'cap_1',
    failureCode: null,
    failureMessage: null,
    attempts: 1,
    claimId: null,
    claimedUntil: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

describe('a new charge call on an existing payment', () => {
  it.each([
    ['CAPTURED', payment(), 'done'],
    ['REFUNDED', payment({ status: 'REFUNDED' }), 'done'],
    ['CASH_ON_DELIVERY', payment({ method: 'CASH', status: 'CASH_ON_DELIVERY' }), 'done'],
    ['a decline', payment({ status: 'FAILED', failureCode: 'card_declined' }), 'done'],
    ['a timed-out attempt', payment({ status: 'FAILED', failureCode: 'provider_timeout' }), 'claim'],
    ['a provider error', payment({ status: 'FAILED', failureCode: 'provider_error' }), 'claim'],
    ['a live claim', payment({ status: 'PENDING', claimId: 'x', claimedUntil: later }), 'busy'],
    [
      'an expired claim (its holder died)',
      payment({ status: 'PENDING', claimId: 'x', claimedUntil: earlier }),
      'claim',
    ],
    ['a released authorisation', payment({ status: 'AUTHORIZED', captureId: null }), 'claim'],
  ] as const)('%s → %s', (_what, existing, decision) => {
    expect(decideOnExisting(existing, now)).toBe(decision);
  });
});

describe('a refund', () => {
  it.each([
    ['no payment', undefined, 'nothing'],
    ['a capture', payment(), 'refund'],
    ['cash', payment({ method: 'CASH', status: 'CASH_ON_DELIVERY' }), 'nothing'],
    ['a failure', payment({ status: 'FAILED', failureCode: 'card_declined' }), 'nothing'],
    ['a charge in flight', payment({ status: 'AUTHORIZED', claimedUntil: later }), 'busy'],
    // Its authorise may have made a hold the payment never heard of: the provider is asked.
    ['an abandoned charge', payment({ status: 'PENDING', claimedUntil: earlier }), 'lookup'],
    ['a timed-out authorise', payment({ status: 'FAILED', failureCode: 'provider_timeout' }), 'lookup'],
    ['a hold never captured', payment({ status: 'AUTHORIZED', claimedUntil: earlier }), 'void'],
    ['a capture in flight', payment({ status: 'CAPTURED', claimedUntil: later }), 'busy'],
  ] as const)('of %s → %s', (_what, existing, decision) => {
    expect(decideRefund(existing, now)).toBe(decision);
  });
});

describe('the saga view and masks', () => {
  it('reads a refunded payment as succeeded, and a decline with its code', () => {
    expect(toChargeResult(payment({ status: 'REFUNDED' }))).toMatchObject({
      succeeded: true,
      status: 'REFUNDED',
    });
    expect(
      toChargeResult(
        payment({ status: 'FAILED', card: null, failureCode: 'card_declined', failureMessage: 'no' }),
      ),
    ).toEqual({
      paymentId: 'p1',
      orderId: 'o1',
      succeeded: false,
      status: 'FAILED',
      failureCode: 'card_declined',
      failureMessage: 'no',
    });
  });

  it('masks tokens and cards', () => {
    expect(maskToken('tok_visa')).toBe('tok_****');
    expect(maskToken('abc')).toBe('****');
    expect(maskedCard('4242')).toBe('****4242');
  });
});
