import { after, anOrder, type AnalyticsEvent } from './analytics-events.js';

export const RESTAURANT_A = '0190f000-0000-7000-8000-00000000a001';
export const RESTAURANT_B = '0190f000-0000-7000-8000-00000000b001';

export const DOSA = { menuItemId: 'item-dosa', name: 'Masala Dosa', unitPrice: 12000 };
export const COFFEE = { menuItemId: 'item-coffee', name: 'Filter Coffee', unitPrice: 4000 };
export const IDLI = { menuItemId: 'item-idli', name: 'Idli', unitPrice: 5000 };

/** A delivery order's whole life: paid, confirmed 1 min after, ready at +15, out at +20, delivered at +45. */
export function deliveredLife(order: ReturnType<typeof anOrder>, placedAt: string): AnalyticsEvent[] {
  return [
    order.created,
    order.paid,
    order.status('PENDING', 'CONFIRMED', after(placedAt, 1)),
    order.status('CONFIRMED', 'PREPARING', after(placedAt, 3)),
    order.status('PREPARING', 'READY', after(placedAt, 15)),
    order.status('READY', 'OUT_FOR_DELIVERY', after(placedAt, 20)),
    order.status('OUT_FOR_DELIVERY', 'DELIVERED', after(placedAt, 45)),
  ];
}

/**
 * Four orders on 2026-03-02 (UTC): at A a delivered card order (08:05), a picked-up cash order (08:40) and
 * a card order cancelled and refunded (09:10); at B a confirmed card order (09:20). Expected figures are
 * worked out in the tests from these facts.
 */
export async function feedFourOrders(
  feed: (event: AnalyticsEvent) => Promise<unknown>,
  ids: () => string,
): Promise<void> {
  const a1 = anOrder({
    orderId: ids(),
    restaurantId: RESTAURANT_A,
    placedAt: '2026-03-02T08:05:00.000Z',
    lines: [
      { ...DOSA, quantity: 2 },
      { ...COFFEE, quantity: 1 },
    ],
  });
  const a2 = anOrder({
    orderId: ids(),
    restaurantId: RESTAURANT_A,
    placedAt: '2026-03-02T08:40:00.000Z',
    lines: [{ ...DOSA, quantity: 1 }],
    method: 'CASH',
    fulfillment: 'PICKUP',
  });
  const a3 = anOrder({
    orderId: ids(),
    restaurantId: RESTAURANT_A,
    placedAt: '2026-03-02T09:10:00.000Z',
    lines: [{ ...COFFEE, quantity: 3 }],
  });
  const b1 = anOrder({
    orderId: ids(),
    restaurantId: RESTAURANT_B,
    placedAt: '2026-03-02T09:20:00.000Z',
    lines: [{ ...IDLI, quantity: 4 }],
  });
  const events: AnalyticsEvent[] = [
    ...deliveredLife(a1, '2026-03-02T08:05:00.000Z'),
    a2.created,
    a2.paid,
    a2.status('PENDING', 'CONFIRMED', '2026-03-02T08:41:00.000Z'),
    a2.status('CONFIRMED', 'PREPARING', '2026-03-02T08:43:00.000Z'),
    a2.status('PREPARING', 'READY', '2026-03-02T08:51:00.000Z'),
    a2.status('READY', 'PICKED_UP', '2026-03-02T08:55:00.000Z'),
    a3.created,
    a3.paid,
    a3.status('PENDING', 'CONFIRMED', '2026-03-02T09:11:00.000Z'),
    a3.status('CONFIRMED', 'CANCELLED', '2026-03-02T09:12:00.000Z', {
      refunded: true,
      reason: 'changed my mind',
    }),
    a3.refunded,
    b1.created,
    b1.paid,
    b1.status('PENDING', 'CONFIRMED', '2026-03-02T09:21:00.000Z'),
  ];
  for (const event of events) await feed(event);
}
