import type { Fulfillment, OrderStatus } from '../contract.js';
import type { ActorRef } from './actor.js';

/**
 * The order's own events, appended to its stream (stream id = order id). They are private to the service:
 * other services see the integration events of the contract (OrderCreated, OrderStatusUpdated), derived
 * from these. Every event carries `at`, the instant of the fact, so the state never reads a clock.
 */
export const OrderEventTypes = {
  PLACED: 'OrderPlaced',
  PAYMENT_REQUESTED: 'OrderPaymentRequested',
  PAYMENT_SUCCEEDED: 'OrderPaymentSucceeded',
  PAYMENT_FAILED: 'OrderPaymentFailed',
  PAYMENT_PENDING: 'OrderPaymentPending',
  STATUS_CHANGED: 'OrderStatusChanged',
  COURIER_ASSIGNED: 'OrderCourierAssigned',
  CANCELLATION_REQUESTED: 'OrderCancellationRequested',
  REFUND_COMPLETED: 'OrderRefundCompleted',
  REFUND_PENDING: 'OrderRefundPending',
  CANCELLED: 'OrderCancelled',
} as const;

export interface Money {
  amount: number;
  currency: 'INR';
}

export interface OrderLine {
  menuItemId: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
  specialInstructions?: string;
}

export interface DeliveryAddress {
  line1: string;
  city: string;
  postcode: string;
  latitude: number;
  longitude: number;
}

export interface AppliedPromotion {
  promotionId: string;
  code: string;
  title: string;
  discount: Money;
}

export interface OrderPlacedData {
  orderId: string;
  customerId: string;
  restaurantId: string;
  fulfillment: Fulfillment;
  items: OrderLine[];
  subtotal: Money;
  deliveryFee: Money;
  discount: Money;
  /** The offer whose code was applied at checkout; absent without one. */
  promotion?: AppliedPromotion;
  totalAmount: Money;
  paymentMethod: 'CARD' | 'CASH';
  deliveryAddress: DeliveryAddress | null;
  distanceKm: number | null;
  estimatedDeliveryTime: string;
  at: string;
}

export type OrderEvent =
  | { type: typeof OrderEventTypes.PLACED; data: OrderPlacedData }
  | {
      type: typeof OrderEventTypes.PAYMENT_REQUESTED;
      data: { amount: Money; method: 'CARD' | 'CASH'; at: string };
    }
  | {
      type: typeof OrderEventTypes.PAYMENT_SUCCEEDED;
      data: {
        paymentId: string;
        paymentStatus: string;
        card: { brand: string; last4: string } | null;
        /** True when the money arrived after the order was already cancelled: it must be refunded. */
        afterCancellation: boolean;
        at: string;
      };
    }
  | {
      type: typeof OrderEventTypes.PAYMENT_FAILED;
      data: { paymentId: string | null; failureCode: string; failureMessage: string | null; at: string };
    }
  | { type: typeof OrderEventTypes.PAYMENT_PENDING; data: { reason: string; at: string } }
  | {
      type: typeof OrderEventTypes.STATUS_CHANGED;
      data: { from: OrderStatus; to: OrderStatus; by: ActorRef; reason: string | null; at: string };
    }
  | { type: typeof OrderEventTypes.COURIER_ASSIGNED; data: { courierId: string; at: string } }
  | {
      type: typeof OrderEventTypes.CANCELLATION_REQUESTED;
      data: { by: ActorRef; reason: string; at: string };
    }
  | {
      type: typeof OrderEventTypes.REFUND_COMPLETED;
      data: { refundId: string | null; nothingToRefund: boolean; at: string };
    }
  | { type: typeof OrderEventTypes.REFUND_PENDING; data: { reason: string; at: string } }
  | {
      type: typeof OrderEventTypes.CANCELLED;
      data: {
        from: OrderStatus;
        by: ActorRef;
        reason: string;
        refunded: boolean;
        refundPending: boolean;
        at: string;
      };
    };

export type OrderEventType = OrderEvent['type'];

const KNOWN = new Set<string>(Object.values(OrderEventTypes));

export function isOrderEventType(type: string): type is OrderEventType {
  return KNOWN.has(type);
}
