import { describe, expect, it } from 'vitest';
import { itemsSummary, orderStatusNotices, type StatusChange } from './order-notices.js';
import { formatMoney, orderRef, withReason } from './notice.js';

const change = (overrides: Partial<StatusChange> = {}): StatusChange => ({
  orderId: '0195a0c0-0000-7000-8000-00000000abcd',
  customerId: 'c1',
  restaurantId: 'r1',
  courierId: null,
  fulfillment: 'DELIVERY',
  previousStatus: 'CONFIRMED',
  status: 'PREPARING',
  totalAmount: { amount: 123456, currency: 'INR' },
  items: [],
  ...overrides,
});
const context = { restaurantName: null, knownCourierId: null };

describe('order notices', () => {
  it('read well without the restaurant name', () => {
    const [notice] = orderStatusNotices(change(), context);
    expect(notice?.body).toBe('Your order is being prepared.');
  });

  it('tell nobody but a newly assigned courier when the status did not change', () => {
    expect(orderStatusNotices(change({ previousStatus: 'READY', status: 'READY' }), context)).toEqual([]);
    const notices = orderStatusNotices(
      change({ previousStatus: 'READY', status: 'READY', courierId: 'k1' }),
      context,
    );
    expect(notices.map((n) => [n.recipient, n.kind])).toEqual([
      [{ type: 'user', userId: 'k1' }, 'DELIVERY_ASSIGNED'],
    ]);
    expect(
      orderStatusNotices(change({ previousStatus: 'READY', status: 'READY', courierId: 'k1' }), {
        ...context,
        knownCourierId: 'k1',
      }),
    ).toEqual([]);
  });

  it('say a cancellation without a refund plainly', () => {
    const [notice] = orderStatusNotices(change({ status: 'CANCELLED', previousStatus: 'PENDING' }), context);
    expect(notice?.body).toBe('Your order was cancelled.');
  });
});

describe('text helpers', () => {
  it('format money, references, reasons and item lists', () => {
    expect(formatMoney({ amount: 123456, currency: 'INR' })).toBe('₹1,234.56');
    expect(orderRef('0195a0c0-0000-7000-8000-00000000abcd')).toBe('#00ABCD');
    expect(withReason('  Rain. ')).toBe(': Rain.');
    expect(withReason(undefined)).toBe('.');
    const item = (name: string) => ({ name, quantity: 1 });
    expect(itemsSummary(['A', 'B', 'C', 'D', 'E', 'F'].map(item))).toBe(
      '1 × A, 1 × B, 1 × C, 1 × D and 2 more items',
    );
  });
});
