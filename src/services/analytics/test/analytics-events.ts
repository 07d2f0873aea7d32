import type { OrderCreatedV1, OrderStatus, OrderStatusUpdatedV1 } from '../../orders/index.js';
import type { PaymentProcessedV1, PaymentRefundedV1 } from '../../payments/index.js';

/** Stand-ins for the orders and payments events, as the aggregates consumer receives them. */
export type AnalyticsEvent =
  | { type: 'OrderCreated'; source: 'orders'; data: OrderCreatedV1 }
  | { type: 'OrderStatusUpdated'; source: 'orders'; data: OrderStatusUpdatedV1 }
  | { type: 'PaymentProcessed'; source: 'payments'; data: PaymentProcessedV1 }
  | { type: 'PaymentRefunded'; source: 'payments'; data: PaymentRefundedV1 };

const INR = (amount: number) => ({ amount, currency: 'INR' as const });

export interface Line {
  menuItemId: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

/** One order's events, built from a few facts; `life` gives the whole sequence of a typical order. */
export function anOrder(input: {
  orderId: string;
  restaurantId: string;
  customerId?: string;
  placedAt: string;
  lines: Line[];
  method?: 'CARD' | 'CASH';
  fulfillment?: 'DELIVERY' | 'PICKUP';
  deliveryFee?: number;
}) {
  const method = input.method ?? 'CARD';
  const customerId = input.customerId ?? '0190f000-0000-7000-8000-0000000c0001';
  const subtotal = input.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  const total = subtotal + (input.deliveryFee ?? 0);
  const fulfillment = input.fulfillment ?? 'DELIVERY';

  const created: AnalyticsEvent = {
    type: 'OrderCreated',
    source: 'orders',
    data: {
      orderId: input.orderId,
      customerId,
      restaurantId: input.restaurantId,
      fulfillment,
      items: input.lines.map((line) => ({
        menuItemId: line.menuItemId,
        name: line.name,
        quantity: line.quantity,
        unitPrice: INR(line.unitPrice),
        lineTotal: INR(line.unitPrice * line.quantity),
      })),
      subtotal: INR(subtotal),
      deliveryFee: INR(input.deliveryFee ?? 0),
      discount: INR(0),
      totalAmount: INR(total),
      paymentMethod: method,
      estimatedDeliveryTime: input.placedAt,
      createdAt: input.placedAt,
    },
  };

  const status = (
    previousStatus: OrderStatus,
    next: OrderStatus,
    changedAt: string,
    extra: Partial<OrderStatusUpdatedV1> = {},
  ): AnalyticsEvent => ({
    type: 'OrderStatusUpdated',
    source: 'orders',
    data: {
      orderId: input.orderId,
      customerId,
      restaurantId: input.restaurantId,
      courierId: null,
      fulfillment,
      previousStatus,
      status: next,
      changedBy: { id: 'system', role: 'SYSTEM' },
      totalAmount: INR(total),
      items: input.lines.map(({ menuItemId, name, quantity }) => ({ menuItemId, name, quantity })),
      changedAt,
      ...extra,
    },
  });

  const paid: AnalyticsEvent = {
    type: 'PaymentProcessed',
    source: 'payments',
    data: {
      paymentId: `${input.orderId}-payment`,
      orderId: input.orderId,
      customerId,
      succeeded: true,
      status: method === 'CARD' ? 'CAPTURED' : 'CASH_ON_DELIVERY',
      method,
      amount: INR(total),
    },
  };

  const refunded: AnalyticsEvent = {
    type: 'PaymentRefunded',
    source: 'payments',
    data: {
      paymentId: `${input.orderId}-payment`,
      refundId: `${input.orderId}-refund`,
      orderId: input.orderId,
      customerId,
      amount: INR(total),
      reason: 'customer cancelled',
    },
  };

  return { created, status, paid, refunded, total };
}

/** `minutes` after `base`, as ISO. */
export const after = (base: string, minutes: number) =>
  new Date(Date.parse(base) + minutes * 60_000).toISOString();
