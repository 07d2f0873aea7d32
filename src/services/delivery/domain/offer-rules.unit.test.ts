import { describe, expect, it } from 'vitest';
import { isUncertainFailure, offerEffectOf } from './offer-rules.js';
import { AppError } from '../../../platform/errors/app-error.js';

const courier = '0190f000-0000-7000-8000-0000000000d1';

describe('offerEffectOf', () => {
  it('opens an offer when a delivery order becomes READY without a courier', () => {
    expect(offerEffectOf({ fulfillment: 'DELIVERY', status: 'READY', courierId: null })).toEqual({
      kind: 'open',
    });
  });

  it('does not offer before READY, since orders assigns couriers to READY orders only', () => {
    expect(offerEffectOf({ fulfillment: 'DELIVERY', status: 'PREPARING', courierId: null }).kind).toBe(
      'none',
    );
    expect(offerEffectOf({ fulfillment: 'DELIVERY', status: 'CONFIRMED', courierId: null }).kind).toBe(
      'none',
    );
  });

  it('ignores pickup orders', () => {
    expect(offerEffectOf({ fulfillment: 'PICKUP', status: 'READY', courierId: null }).kind).toBe('none');
  });

  it('withdraws on a final status, and follows the courier orders knows', () => {
    expect(offerEffectOf({ fulfillment: 'DELIVERY', status: 'CANCELLED', courierId: null })).toEqual({
      kind: 'withdraw',
      reason: 'CANCELLED',
    });
    expect(
      offerEffectOf({ fulfillment: 'DELIVERY', status: 'OUT_FOR_DELIVERY', courierId: courier }),
    ).toEqual({
      kind: 'assigned',
      courierId: courier,
    });
  });
});

describe('isUncertainFailure', () => {
  it('keeps the claim only when orders may have recorded the courier', () => {
    expect(isUncertainFailure(new AppError('COMMON.TIMEOUT', 'slow'))).toBe(true);
    expect(isUncertainFailure(new Error('socket hang up'))).toBe(true);
    expect(isUncertainFailure(new AppError('ORDERS.INVALID_ORDER_STATE', 'no'))).toBe(false);
  });
});
