import type { SqlTransaction } from '../../../platform/db/sql.js';
import type { BatchItem, EventEnvelope } from '../../../platform/messaging/index.js';
import { OrdersEvents, type OrderCreatedV1, type OrderStatusUpdatedV1 } from '../../orders/index.js';
import { PaymentsEvents, type PaymentProcessedV1 } from '../../payments/index.js';
import { RestaurantEvents, type RestaurantStatusChangedV1 } from '../../restaurants/index.js';
import type { NotificationChannels } from '../../users/index.js';
import { lockOrderCouriers, saveOrderCouriers } from '../adapters/notifications.sql.js';
import type { Notice } from '../domain/notice.js';
import { followCouriers } from '../domain/order-couriers.js';
import { orderPlacedNotices, orderStatusNotices } from '../domain/order-notices.js';
import { paymentNotices } from '../domain/payment-notices.js';
import { restaurantStatusNotices } from '../domain/restaurant-notices.js';
import type { NotificationsContext } from './context.js';
import { dispatchNotices, planDispatch } from './dispatch-notices.js';
import { forEachAtOnce, lookUpChannels, lookUpRestaurantName } from './lookups.js';

/** The events that notify someone. */
export const SOURCE_EVENT_TYPES = [
  OrdersEvents.ORDER_CREATED,
  OrdersEvents.ORDER_STATUS_UPDATED,
  PaymentsEvents.PAYMENT_PROCESSED,
  RestaurantEvents.STATUS_CHANGED,
];

/** What other services say about an event's people and restaurant, fetched before its transaction. */
export interface EventLookups {
  restaurantName: string | null;
  channels: Map<string, NotificationChannels | null>;
}

export async function loadEventLookups(
  ctx: NotificationsContext,
  event: EventEnvelope,
): Promise<EventLookups> {
  const refs = referencesOf(event);
  return {
    restaurantName: await lookUpRestaurantName(ctx, refs.restaurantId),
    channels: await lookUpChannels(ctx, refs.userIds),
  };
}

/**
 * The look-ups of a batch of events at once: each restaurant and each user the batch names is asked
 * about once, however many of its events name them.
 */
export async function loadBatchLookups(
  ctx: NotificationsContext,
  events: readonly EventEnvelope[],
): Promise<EventLookups[]> {
  const refs = events.map(referencesOf);
  const names = new Map<string, string | null>();
  const restaurantIds = new Set(refs.flatMap(({ restaurantId }) => restaurantId ?? []));
  const [channels] = await Promise.all([
    lookUpChannels(
      ctx,
      refs.flatMap((ref) => ref.userIds),
    ),
    forEachAtOnce(restaurantIds, async (id) => {
      names.set(id, await lookUpRestaurantName(ctx, id));
    }),
  ]);
  return refs.map((ref) => ({
    restaurantName: ref.restaurantId === undefined ? null : (names.get(ref.restaurantId) ?? null),
    channels: new Map(ref.userIds.map((id) => [id, channels.get(id) ?? null])),
  }));
}

/** Decides who hears about `event` and stores or enqueues their notifications, in the inbox transaction. */
export async function notifyOnEvent(
  ctx: NotificationsContext,
  event: EventEnvelope,
  tx: SqlTransaction,
  lookups: EventLookups,
): Promise<void> {
  await notifyOnEvents(ctx, [{ event, prepared: lookups }], tx);
}

/**
 * notifyOnEvent for a batch's events in order, in its transaction, with a constant number of statements:
 * one locking read of the couriers of the batch's orders and one write of those that changed, then one
 * claim of the in-app deliveries, one insert of the inbox entries and one outbox write for all. Each
 * status update sees the courier the update before it left, as one after the other would.
 */
export async function notifyOnEvents(
  ctx: NotificationsContext,
  items: ReadonlyArray<BatchItem<EventLookups>>,
  tx: SqlTransaction,
): Promise<void> {
  const now = ctx.clock.now();
  const updates = items.flatMap(({ event }, index) =>
    event.type === OrdersEvents.ORDER_STATUS_UPDATED
      ? [{ index, change: event.data as OrderStatusUpdatedV1 }]
      : [],
  );
  const remembered = await lockOrderCouriers(
    tx,
    updates.map(({ change }) => change.orderId),
  );
  const couriers = followCouriers(
    remembered,
    updates.map(({ change }) => change),
  );
  await saveOrderCouriers(tx, couriers.changed, now);
  const knownCourierAt = new Map(updates.map(({ index }, n) => [index, couriers.knownBefore[n] ?? null]));

  const dispatches = items.flatMap(({ event, prepared }, index) => {
    const notices = noticesFor(event, prepared.restaurantName, knownCourierAt.get(index) ?? null);
    return planDispatch(ctx, event, notices, prepared.channels, now);
  });
  await dispatchNotices(ctx, dispatches, tx, now);
}

/** Who hears about `event` and what they read; `knownCourierId` is the order's courier before an update. */
function noticesFor(
  event: EventEnvelope,
  restaurantName: string | null,
  knownCourierId: string | null,
): Notice[] {
  switch (event.type) {
    case OrdersEvents.ORDER_CREATED:
      return orderPlacedNotices(event.data as OrderCreatedV1, restaurantName);
    case OrdersEvents.ORDER_STATUS_UPDATED:
      return orderStatusNotices(event.data as OrderStatusUpdatedV1, { restaurantName, knownCourierId });
    case PaymentsEvents.PAYMENT_PROCESSED:
      return paymentNotices(event.data as PaymentProcessedV1);
    case RestaurantEvents.STATUS_CHANGED:
      return restaurantStatusNotices(event.data as RestaurantStatusChangedV1, restaurantName);
    default:
      return [];
  }
}

function referencesOf(event: EventEnvelope): { restaurantId?: string; userIds: string[] } {
  switch (event.type) {
    case OrdersEvents.ORDER_CREATED: {
      const data = event.data as OrderCreatedV1;
      return { restaurantId: data.restaurantId, userIds: [data.customerId] };
    }
    case OrdersEvents.ORDER_STATUS_UPDATED: {
      const data = event.data as OrderStatusUpdatedV1;
      const userIds = data.courierId === null ? [data.customerId] : [data.customerId, data.courierId];
      return { restaurantId: data.restaurantId, userIds };
    }
    case PaymentsEvents.PAYMENT_PROCESSED: {
      const data = event.data as PaymentProcessedV1;
      // A successful payment notifies nobody (the confirmation does): no need to ask for preferences.
      return { userIds: data.succeeded ? [] : [data.customerId] };
    }
    case RestaurantEvents.STATUS_CHANGED:
      return { restaurantId: (event.data as RestaurantStatusChangedV1).restaurantId, userIds: [] };
    default:
      return { userIds: [] };
  }
}
