import type { EventEnvelope } from '../../../platform/messaging/index.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import { causedBy } from '../../../platform/messaging/index.js';
import { OrdersEvents, type OrderCreatedV1, type OrderStatusUpdatedV1 } from '../contract.js';
import { OrderEventTypes, type OrderEvent } from '../domain/order-events.js';
import type { Order } from '../domain/order-state.js';

/**
 * The contract's integration events for one appended domain event, given the state right after it:
 * OrderCreated for a placement, OrderStatusUpdated for every status change and cancellation. Caused by
 * the domain event, so a trace links what other services saw to the order's own history.
 */
export function integrationEventsFor(
  messaging: ServiceMessaging,
  event: OrderEvent,
  envelope: Pick<EventEnvelope, 'id' | 'correlationId'>,
  after: Order,
): EventEnvelope[] {
  const cause = causedBy(envelope);
  switch (event.type) {
    case OrderEventTypes.PLACED: {
      const d = event.data;
      const data: OrderCreatedV1 = {
        orderId: d.orderId,
        customerId: d.customerId,
        restaurantId: d.restaurantId,
        fulfillment: d.fulfillment,
        items: d.items,
        subtotal: d.subtotal,
        deliveryFee: d.deliveryFee,
        discount: d.discount,
        ...(d.promotion === undefined ? {} : { promotion: d.promotion }),
        totalAmount: d.totalAmount,
        paymentMethod: d.paymentMethod,
        ...(d.deliveryAddress === null ? {} : { deliveryAddress: d.deliveryAddress }),
        estimatedDeliveryTime: d.estimatedDeliveryTime,
        createdAt: d.at,
      };
      return [messaging.event(OrdersEvents.ORDER_CREATED, d.orderId, data, { cause })];
    }
    case OrderEventTypes.STATUS_CHANGED:
      return [
        statusUpdated(messaging, after, cause, {
          previousStatus: event.data.from,
          changedBy: event.data.by,
          changedAt: event.data.at,
          ...(event.data.reason === null ? {} : { reason: event.data.reason }),
        }),
      ];
    case OrderEventTypes.CANCELLED:
      return [
        statusUpdated(messaging, after, cause, {
          previousStatus: event.data.from,
          changedBy: event.data.by,
          changedAt: event.data.at,
          reason: event.data.reason,
          refunded: event.data.refunded,
        }),
      ];
    default:
      return [];
  }
}

function statusUpdated(
  messaging: ServiceMessaging,
  order: Order,
  cause: ReturnType<typeof causedBy>,
  change: Pick<OrderStatusUpdatedV1, 'previousStatus' | 'changedBy' | 'changedAt' | 'reason' | 'refunded'>,
): EventEnvelope {
  const data: OrderStatusUpdatedV1 = {
    orderId: order.orderId,
    customerId: order.customerId,
    restaurantId: order.restaurantId,
    courierId: order.courierId,
    fulfillment: order.fulfillment,
    status: order.status,
    totalAmount: order.totalAmount,
    items: order.items.map((line) => ({
      menuItemId: line.menuItemId,
      name: line.name,
      quantity: line.quantity,
    })),
    estimatedDeliveryTime: order.estimatedDeliveryTime,
    ...change,
  };
  return messaging.event(OrdersEvents.ORDER_STATUS_UPDATED, order.orderId, data, { cause });
}
