import { describe, expect, it } from 'vitest';
import {
  assignmentAfter,
  offerAfter,
  trackChange,
  type OfferState,
  type TrackedOrder,
} from './order-tracking.js';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));
const order = (status: string, minute: number, courierId: string | null = null): TrackedOrder => ({
  orderId: 'o1',
  restaurantId: 'r1',
  status,
  courierId,
  changedAt: at(minute),
});
const offer = (overrides: Partial<OfferState> = {}): OfferState => ({
  orderId: 'o1',
  restaurantId: 'r1',
  status: 'OPEN',
  claimedBy: null,
  claimedAt: null,
  withdrawnReason: null,
  createdAt: at(3),
  updatedAt: at(3),
  ...overrides,
});
const change = { orderId: 'o1', restaurantId: 'r1', at: at(6) };

describe('trackChange', () => {
  it('ignores a change older than the stored one, and applies one of the same instant', () => {
    expect(trackChange(order('READY', 5), order('PREPARING', 4))).toBeUndefined();
    expect(trackChange(order('READY', 5), order('READY', 5, 'k1'))).toEqual(order('READY', 5, 'k1'));
  });

  it('keeps a known courier when a change names none', () => {
    expect(trackChange(order('READY', 5, 'k1'), order('OUT_FOR_DELIVERY', 6))).toEqual(
      order('OUT_FOR_DELIVERY', 6, 'k1'),
    );
  });
});

describe('offerAfter', () => {
  it('opens an offer once', () => {
    const opened = offerAfter(undefined, { kind: 'open' }, change);
    expect(opened).toEqual(offer({ createdAt: at(6), updatedAt: at(6) }));
    expect(offerAfter(opened, { kind: 'open' }, change)).toBe(opened);
  });

  it('records the courier orders knows on a claimed offer, keeping the claim instant, never on a withdrawn one', () => {
    const claimed = offer({ status: 'CLAIMED', claimedBy: 'k1', claimedAt: at(4) });
    expect(offerAfter(claimed, { kind: 'assigned', courierId: 'k2' }, change)).toEqual(
      offer({ status: 'ASSIGNED', claimedBy: 'k2', claimedAt: at(4), updatedAt: at(6) }),
    );
    const withdrawn = offer({ status: 'WITHDRAWN' });
    expect(offerAfter(withdrawn, { kind: 'assigned', courierId: 'k2' }, change)).toBe(withdrawn);
  });

  it('withdraws only an open or claimed offer', () => {
    expect(offerAfter(offer(), { kind: 'withdraw', reason: 'CANCELLED' }, change)).toMatchObject({
      status: 'WITHDRAWN',
      withdrawnReason: 'CANCELLED',
    });
    const assigned = offer({ status: 'ASSIGNED', claimedBy: 'k1' });
    expect(offerAfter(assigned, { kind: 'withdraw', reason: 'DELIVERED' }, change)).toBe(assigned);
  });
});

describe('assignmentAfter', () => {
  it('makes the assignment at the first courier and follows orders after, keeping its instant', () => {
    const first = assignmentAfter(undefined, { orderId: 'o1', courierId: 'k1', at: at(4) });
    expect(first).toEqual({ orderId: 'o1', courierId: 'k1', assignedAt: at(4) });
    expect(assignmentAfter(first, { orderId: 'o1', courierId: 'k1', at: at(6) })).toBe(first);
    expect(assignmentAfter(first, { orderId: 'o1', courierId: 'k2', at: at(6) })).toEqual({
      ...first,
      courierId: 'k2',
    });
  });
});
