import { describe, expect, it } from 'vitest';
import {
  confirmPlaced,
  redeemedAfter,
  releaseCancelled,
  usesAfter,
  type RedemptionState,
} from './redemption-moves.js';

const now = new Date('2026-03-02T09:20:00.000Z');
const redemption = (overrides: Partial<RedemptionState> = {}): RedemptionState => ({
  orderId: 'o1',
  promotionId: 'p1',
  customerId: 'c1',
  status: 'RESERVED',
  confirmedAt: null,
  releasedAt: null,
  releaseReason: null,
  ...overrides,
});

describe('redemption moves', () => {
  it('confirms a reservation when its order is placed, moving no counter', () => {
    expect(confirmPlaced(redemption(), now)).toEqual({
      redemption: redemption({ status: 'CONFIRMED', confirmedAt: now }),
      counters: [],
    });
  });

  it('takes back a lapsed reservation when its order arrives late, counting it again', () => {
    const lapsed = redemption({ status: 'RELEASED', releasedAt: now, releaseReason: 'UNCONFIRMED' });
    expect(confirmPlaced(lapsed, now)).toEqual({
      redemption: redemption({ status: 'CONFIRMED', confirmedAt: now }),
      counters: [{ promotionId: 'p1', customerId: 'c1', change: 'take' }],
    });
  });

  it('confirms nothing released for another reason, nor anything confirmed', () => {
    const cancelled = redemption({ status: 'RELEASED', releaseReason: 'ORDER_CANCELLED' });
    expect(confirmPlaced(cancelled, now)).toBeUndefined();
    expect(confirmPlaced(redemption({ status: 'CONFIRMED' }), now)).toBeUndefined();
  });

  it('gives a held redemption back on cancellation, once', () => {
    const released = releaseCancelled(redemption({ status: 'CONFIRMED' }), now);
    expect(released).toMatchObject({
      redemption: { status: 'RELEASED', releasedAt: now, releaseReason: 'ORDER_CANCELLED' },
      counters: [{ change: 'giveBack' }],
    });
    expect(releaseCancelled(released?.redemption ?? redemption(), now)).toBeUndefined();
  });

  it('never counts below zero, and makes a customer count only by taking', () => {
    expect(redeemedAfter(0, 'giveBack')).toBe(0);
    expect(redeemedAfter(0, 'take')).toBe(1);
    expect(usesAfter(undefined, 'giveBack')).toBeUndefined();
    expect(usesAfter(undefined, 'take')).toBe(1);
    expect(usesAfter(0, 'giveBack')).toBe(0);
  });
});
