import type { NotificationKind } from '../contract.js';
import {
  formatMoney,
  fromRestaurant,
  orderRef,
  toRestaurant,
  toUser,
  withReason,
  type Notice,
} from './notice.js';

interface Money {
  amount: number;
  currency: string;
}

/** What a new order's notices need (a subset of OrderCreated v1). */
export interface PlacedOrder {
  orderId: string;
  customerId: string;
  restaurantId: string;
  totalAmount: Money;
}

/** What a status change's notices need (a subset of OrderStatusUpdated v1). */
export interface StatusChange {
  orderId: string;
  customerId: string;
  restaurantId: string;
  courierId: string | null;
  fulfillment: 'DELIVERY' | 'PICKUP';
  previousStatus: string;
  status: string;
  reason?: string;
  refunded?: boolean;
  totalAmount: Money;
  items: ReadonlyArray<{ name: string; quantity: number }>;
}

export interface OrderContext {
  /** The restaurant's name, or null when it could not be looked up (the text then leaves it out). */
  restaurantName: string | null;
  /** The courier this service last saw on the order, to tell an assignment from a later update. */
  knownCourierId: string | null;
}

const FINISHED = new Set(['DELIVERED', 'PICKED_UP', 'CANCELLED']);

/** OrderCreated: the customer hears that the order arrived; the restaurant waits for the confirmation. */
export function orderPlacedNotices(order: PlacedOrder, restaurantName: string | null): Notice[] {
  return [
    {
      recipient: toUser(order.customerId),
      kind: 'ORDER_PLACED',
      topic: 'ORDER_UPDATES',
      title: 'Order placed',
      body:
        `We've received your order${fromRestaurant(restaurantName)} for ${formatMoney(order.totalAmount)}. ` +
        `We'll let you know as soon as it's confirmed.`,
      data: { orderId: order.orderId, restaurantId: order.restaurantId, status: 'PENDING' },
    },
  ];
}

/**
 * OrderStatusUpdated: the customer hears of every real status change; the restaurant of a new confirmed
 * order and of a cancellation it had already seen; the courier of an assignment and of a cancellation.
 */
export function orderStatusNotices(change: StatusChange, context: OrderContext): Notice[] {
  const data = { orderId: change.orderId, restaurantId: change.restaurantId, status: change.status };
  const notices: Notice[] = [];
  const customer = change.status === change.previousStatus ? undefined : customerText(change, context);
  if (customer !== undefined) {
    notices.push({ recipient: toUser(change.customerId), topic: 'ORDER_UPDATES', data, ...customer });
  }
  const restaurant = restaurantText(change);
  if (restaurant !== undefined) {
    notices.push({
      recipient: toRestaurant(change.restaurantId),
      topic: 'ORDER_UPDATES',
      data,
      ...restaurant,
    });
  }
  const courier = courierText(change, context);
  if (courier !== undefined && change.courierId !== null) {
    notices.push({ recipient: toUser(change.courierId), topic: 'ORDER_UPDATES', data, ...courier });
  }
  return notices;
}

type Text = { kind: NotificationKind; title: string; body: string };

function customerText(change: StatusChange, { restaurantName }: OrderContext): Text | undefined {
  const order = `Your order${fromRestaurant(restaurantName)}`;
  switch (change.status) {
    case 'CONFIRMED':
      return { kind: 'ORDER_CONFIRMED', title: 'Order confirmed', body: `${order} is confirmed.` };
    case 'PREPARING':
      return { kind: 'ORDER_PREPARING', title: 'Being prepared', body: `${order} is being prepared.` };
    case 'READY':
      return change.fulfillment === 'PICKUP'
        ? {
            kind: 'ORDER_READY',
            title: 'Ready for pickup',
            body: `${order} is ready for pickup. Show ${orderRef(change.orderId)} at the counter.`,
          }
        : {
            kind: 'ORDER_READY',
            title: 'Order ready',
            body: `${order} is ready and will be on its way as soon as the courier picks it up.`,
          };
    case 'OUT_FOR_DELIVERY':
      return { kind: 'ORDER_OUT_FOR_DELIVERY', title: 'On its way', body: `${order} is on its way.` };
    case 'DELIVERED':
      return {
        kind: 'ORDER_DELIVERED',
        title: 'Delivered',
        body: `${order} has been delivered. Enjoy your meal!`,
      };
    case 'PICKED_UP':
      return {
        kind: 'ORDER_PICKED_UP',
        title: 'Picked up',
        body: `You picked up your order${fromRestaurant(restaurantName)}. Enjoy your meal!`,
      };
    case 'CANCELLED': {
      const refund =
        change.refunded === true
          ? ` Your payment of ${formatMoney(change.totalAmount)} has been refunded.`
          : '';
      return {
        kind: 'ORDER_CANCELLED',
        title: 'Order cancelled',
        body: `${order} was cancelled${withReason(change.reason)}${refund}`,
      };
    }
    default:
      return undefined;
  }
}

function restaurantText(change: StatusChange): Text | undefined {
  const ref = orderRef(change.orderId);
  if (change.status === 'CONFIRMED' && change.previousStatus !== 'CONFIRMED') {
    const how = change.fulfillment === 'PICKUP' ? 'for pickup' : 'for delivery';
    return {
      kind: 'NEW_ORDER',
      title: `New order ${ref}`,
      body: `${itemsSummary(change.items)}, ${formatMoney(change.totalAmount)}, ${how}.`,
    };
  }
  // A PENDING order never reached the kitchen (its payment failed): the restaurant has nothing to undo.
  if (change.status === 'CANCELLED' && change.previousStatus !== 'PENDING') {
    return {
      kind: 'ORDER_CANCELLED',
      title: `Order ${ref} cancelled`,
      body: `Order ${ref} was cancelled${withReason(change.reason)} Please stop preparing it.`,
    };
  }
  return undefined;
}

function courierText(
  change: StatusChange,
  { restaurantName, knownCourierId }: OrderContext,
): Text | undefined {
  if (change.courierId === null) return undefined;
  const ref = orderRef(change.orderId);
  if (change.status === 'CANCELLED') {
    return {
      kind: 'DELIVERY_CANCELLED',
      title: 'Delivery cancelled',
      body: `Order ${ref} was cancelled, so there is nothing to deliver.`,
    };
  }
  if (change.courierId === knownCourierId || FINISHED.has(change.status)) return undefined;
  return {
    kind: 'DELIVERY_ASSIGNED',
    title: 'New delivery',
    body: `Please pick up order ${ref}${fromRestaurant(restaurantName)}.`,
  };
}

const SHOWN_ITEMS = 4;

/** "2 × Paneer Tikka, 1 × Garlic Naan and 3 more items" */
export function itemsSummary(items: ReadonlyArray<{ name: string; quantity: number }>): string {
  if (items.length === 0) return 'No items';
  const shown = items.slice(0, SHOWN_ITEMS).map((item) => `${item.quantity} × ${item.name}`);
  const rest = items.length - SHOWN_ITEMS;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more item${rest === 1 ? '' : 's'}` : shown.join(', ');
}
