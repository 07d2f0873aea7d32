import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { Consumer, EventEnvelope } from '../../../platform/messaging/index.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import { OrdersEvents, type OrderCreatedV1, type OrderStatusUpdatedV1 } from '../../orders/index.js';
import { statusRank } from '../domain/order-history.js';
import { foldOrderHistory, type OrderHistoryFact } from './order-history.fold.js';
import { orderHistoryWriter } from './order-history.sql.js';

/**
 * Keeps `users.order_history` from the orders service's events. The inbox makes each event count once, and
 * the writes are order-independent, so OrderStatusUpdated may arrive before OrderCreated, or twice. A batch
 * of events costs one statement, whatever its size; a single event is a batch of one.
 */
export function consumeOrderHistory(messaging: ServiceMessaging): Consumer {
  return messaging.consume(
    'order-history',
    [OrdersEvents.ORDER_CREATED, OrdersEvents.ORDER_STATUS_UPDATED],
    (event, tx) => projectOrderHistory([event], tx),
    {
      batch: true,
      handleMany: (items, tx) =>
        projectOrderHistory(
          items.map((item) => item.event),
          tx,
        ),
    },
  );
}

/** Applies events (in order) inside the consumer's transaction; the registry validated `data` before this runs. */
export async function projectOrderHistory(events: readonly EventEnvelope[], tx: SqlExecutor): Promise<void> {
  await orderHistoryWriter(tx).recordOrders(foldOrderHistory(events.flatMap(historyFactOf)));
}

function historyFactOf(event: EventEnvelope): OrderHistoryFact[] {
  if (event.type === OrdersEvents.ORDER_CREATED) {
    const data = event.data as OrderCreatedV1;
    const createdAt = new Date(data.createdAt);
    return [
      {
        kind: 'created',
        entry: {
          orderId: data.orderId,
          customerId: data.customerId,
          restaurantId: data.restaurantId,
          status: 'PENDING',
          statusRank: statusRank('PENDING'),
          totalAmount: data.totalAmount,
          items: data.items.map(({ name, quantity }) => ({ name, quantity })),
          fulfillment: data.fulfillment,
          refunded: false,
          promotionCode: data.promotion?.code ?? null,
          discount: data.discount.amount,
          createdAt,
          updatedAt: createdAt,
        },
      },
    ];
  }
  if (event.type === OrdersEvents.ORDER_STATUS_UPDATED) {
    const data = event.data as OrderStatusUpdatedV1;
    const changedAt = new Date(data.changedAt);
    return [
      {
        kind: 'status',
        entry: {
          orderId: data.orderId,
          customerId: data.customerId,
          restaurantId: data.restaurantId,
          status: data.status,
          statusRank: statusRank(data.status),
          totalAmount: data.totalAmount,
          items: data.items.map(({ name, quantity }) => ({ name, quantity })),
          fulfillment: data.fulfillment,
          refunded: data.refunded === true,
          // Status changes do not tell the promotion: OrderCreated fills it in (and only it writes it).
          promotionCode: null,
          discount: 0,
          // Until OrderCreated arrives, the first change seen is the best known creation instant.
          createdAt: changedAt,
          updatedAt: changedAt,
        },
      },
    ];
  }
  return [];
}
