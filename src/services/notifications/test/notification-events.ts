import type { OrderCreatedV1, OrderStatusUpdatedV1, OrderStatus } from '../../orders/index.js';
import type { PaymentProcessedV1 } from '../../payments/index.js';
import { RESTAURANT_ID } from './notifications-harness.js';

/** Test data builders for the events the service consumes (the registry checks them against the schemas). */

export const ORDER_ID = '0195a0c0-0000-7000-8000-0000000b0c12';
const money = (amount: number) => ({ amount, currency: 'INR' as const });

export function anOrderCreated(customerId: string, overrides: Partial<OrderCreatedV1> = {}): OrderCreatedV1 {
  return {
    orderId: ORDER_ID,
    customerId,
    restaurantId: RESTAURANT_ID,
    fulfillment: 'DELIVERY',
    items: [
      {
        menuItemId: 'm1',
        name: 'Paneer Tikka',
        quantity: 2,
        unitPrice: money(20000),
        lineTotal: money(40000),
      },
    ],
    subtotal: money(40000),
    deliveryFee: money(5000),
    discount: money(0),
    totalAmount: money(45000),
    paymentMethod: 'CARD',
    estimatedDeliveryTime: '2026-03-02T09:45:00.000Z',
    createdAt: '2026-03-02T09:00:00.000Z',
    ...overrides,
  };
}

export function aStatusUpdate(
  customerId: string,
  previousStatus: OrderStatus,
  status: OrderStatus,
  overrides: Partial<OrderStatusUpdatedV1> = {},
): OrderStatusUpdatedV1 {
  return {
    orderId: ORDER_ID,
    customerId,
    restaurantId: RESTAURANT_ID,
    courierId: null,
    fulfillment: 'DELIVERY',
    previousStatus,
    status,
    changedBy: { id: 'system', role: 'SYSTEM' },
    totalAmount: money(45000),
    items: [{ menuItemId: 'm1', name: 'Paneer Tikka', quantity: 2 }],
    changedAt: '2026-03-02T09:01:00.000Z',
    ...overrides,
  };
}

export function aFailedPayment(customerId: string): PaymentProcessedV1 {
  return {
    paymentId: 'pay_1',
    orderId: ORDER_ID,
    customerId,
    succeeded: false,
    status: 'FAILED',
    method: 'CARD',
    amount: money(45000),
    failureCode: 'card_declined',
  };
}
