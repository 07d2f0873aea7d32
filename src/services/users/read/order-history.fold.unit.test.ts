import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../orders/index.js';
import { statusRank } from '../domain/order-history.js';
import { foldOrderHistory, type OrderHistoryFact } from './order-history.fold.js';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));
const fact = (
  kind: OrderHistoryFact['kind'],
  orderId: string,
  status: OrderStatus,
  minute: number,
  extra: { refunded?: boolean; promotionCode?: string | null } = {},
): OrderHistoryFact => ({
  kind,
  entry: {
    orderId,
    customerId: 'c1',
    restaurantId: 'r1',
    status,
    statusRank: statusRank(status),
    totalAmount: { amount: 31000, currency: 'INR' },
    items: [{ name: 'Masala Dosa', quantity: 2 }],
    fulfillment: 'DELIVERY',
    refunded: extra.refunded ?? false,
    promotionCode: extra.promotionCode ?? null,
    discount: 0,
    createdAt: at(minute),
    updatedAt: at(minute),
  },
});

describe('foldOrderHistory', () => {
  it('writes each order once, with the newest change and the row the events make on their own', () => {
    const [write, ...rest] = foldOrderHistory([
      fact('created', 'o1', 'PENDING', 0, { promotionCode: 'SAVE10' }),
      fact('status', 'o1', 'READY', 20),
      fact('status', 'o1', 'PREPARING', 10),
      fact('status', 'o1', 'CANCELLED', 20, { refunded: true }),
    ]);
    expect(rest).toEqual([]);
    expect(write).toMatchObject({
      created: true,
      newestChange: { status: 'CANCELLED', at: at(20) },
      entry: {
        status: 'CANCELLED',
        updatedAt: at(20),
        createdAt: at(0),
        promotionCode: 'SAVE10',
        refunded: true,
      },
    });
  });

  it('keeps the first of two changes of one instant and rank, and lets OrderCreated fix only the creation', () => {
    const [write] = foldOrderHistory([
      fact('status', 'o2', 'DELIVERED', 30),
      fact('status', 'o2', 'PICKED_UP', 30),
      fact('created', 'o2', 'PENDING', 0, { promotionCode: 'LATE' }),
    ]);
    expect(write).toMatchObject({
      created: true,
      newestChange: { status: 'DELIVERED' },
      entry: { status: 'DELIVERED', updatedAt: at(30), createdAt: at(0), promotionCode: 'LATE' },
    });
  });

  it('tells a stored row no status change when only OrderCreated came, though its new row is PENDING', () => {
    const [write] = foldOrderHistory([fact('created', 'o3', 'PENDING', 0)]);
    expect(write).toMatchObject({ created: true, newestChange: null, entry: { status: 'PENDING' } });
  });
});
