/**
 * Where live events go. An event is routed to keys; a STOMP subscription listens on the keys of its
 * destination, an SSE stream on its stream keys. Keys are plain strings so that one index serves both.
 */

/** What a caller proved with their token (the platform's Principal, by structure). */
export interface Viewer {
  userId: string;
  roles: readonly string[];
  restaurantIds: readonly string[];
}

/** The parties of an order, as the orders service reports them. */
export interface OrderParties {
  customerId: string;
  restaurantId: string;
  courierId: string | null;
}

export type Destination =
  | { kind: 'order'; orderId: string }
  | { kind: 'restaurant-orders'; restaurantId: string }
  | { kind: 'notifications' }
  | { kind: 'promotions' }
  | { kind: 'courier-jobs'; courierId: string };

const ID = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';
const ORDER = new RegExp(`^/topic/orders/${ID}$`);
const RESTAURANT_ORDERS = new RegExp(`^/topic/restaurants/${ID}/orders$`);
const COURIER_JOBS = new RegExp(`^/topic/couriers/${ID}/jobs$`);

/** The destination named by a SUBSCRIBE's `destination` header, or undefined for anything else. */
export function parseDestination(text: string): Destination | undefined {
  if (text === '/user/queue/notifications') return { kind: 'notifications' };
  if (text === '/topic/promotions') return { kind: 'promotions' };
  const order = ORDER.exec(text)?.[1];
  if (order !== undefined) return { kind: 'order', orderId: order.toLowerCase() };
  const restaurant = RESTAURANT_ORDERS.exec(text)?.[1];
  if (restaurant !== undefined) return { kind: 'restaurant-orders', restaurantId: restaurant.toLowerCase() };
  const courier = COURIER_JOBS.exec(text)?.[1];
  if (courier !== undefined) return { kind: 'courier-jobs', courierId: courier.toLowerCase() };
  return undefined;
}

export const Keys = {
  order: (orderId: string) => `order:${orderId.toLowerCase()}`,
  restaurantOrders: (restaurantId: string) => `restaurant-orders:${restaurantId.toLowerCase()}`,
  /** A notifications inbox: `user:<id>` or `restaurant:<id>`, the notifications service's recipient keys. */
  inbox: (recipient: string) => `inbox:${recipient.toLowerCase()}`,
  promotions: 'promotions',
  courierJobs: (courierId: string) => `courier-jobs:${courierId.toLowerCase()}`,
  /** Every courier's jobs topic: orders that became READY for delivery (new offers to look at). */
  allCourierJobs: 'courier-jobs:*',
} as const;

const Roles = {
  SYSTEM_ADMIN: 'SYSTEM_ADMIN',
  RESTAURANT_STAFF: 'RESTAURANT_STAFF',
  RESTAURANT_ADMIN: 'RESTAURANT_ADMIN',
  DELIVERY_PARTNER: 'DELIVERY_PARTNER',
} as const;

const isAdmin = (viewer: Viewer) => viewer.roles.includes(Roles.SYSTEM_ADMIN);
const isStaffOf = (viewer: Viewer, restaurantId: string) =>
  (viewer.roles.includes(Roles.RESTAURANT_STAFF) || viewer.roles.includes(Roles.RESTAURANT_ADMIN)) &&
  viewer.restaurantIds.some((id) => id.toLowerCase() === restaurantId.toLowerCase());

/** Who may read an order (the orders service's own rule for `GET /api/orders/{id}`). */
export function canViewOrder(viewer: Viewer, order: OrderParties): boolean {
  if (isAdmin(viewer)) return true;
  if (viewer.userId === order.customerId) return true;
  if (order.courierId !== null && viewer.userId === order.courierId) return true;
  return isStaffOf(viewer, order.restaurantId);
}

/** The inboxes whose notifications a viewer reads: their own and their restaurants'. */
export function inboxKeysOf(viewer: Viewer): string[] {
  return [
    Keys.inbox(`user:${viewer.userId}`),
    ...viewer.restaurantIds.map((r) => Keys.inbox(`restaurant:${r}`)),
  ];
}

/**
 * The keys a subscription to `destination` listens on, or null when the viewer may not read it. The order
 * topic needs the order's parties (`order`), which the caller fetched; without them it is refused.
 */
export function subscriptionKeys(
  viewer: Viewer,
  destination: Destination,
  order?: OrderParties,
): string[] | null {
  switch (destination.kind) {
    case 'order':
      return order !== undefined && canViewOrder(viewer, order) ? [Keys.order(destination.orderId)] : null;
    case 'restaurant-orders':
      return isAdmin(viewer) || isStaffOf(viewer, destination.restaurantId)
        ? [Keys.restaurantOrders(destination.restaurantId)]
        : null;
    case 'notifications':
      return inboxKeysOf(viewer);
    case 'promotions':
      return [Keys.promotions];
    case 'courier-jobs': {
      const self =
        viewer.roles.includes(Roles.DELIVERY_PARTNER) &&
        viewer.userId.toLowerCase() === destination.courierId;
      return self || isAdmin(viewer) ? [Keys.courierJobs(destination.courierId), Keys.allCourierJobs] : null;
    }
  }
}

/** The notifications SSE stream of a viewer: their inboxes and the promotions everyone sees. */
export function notificationStreamKeys(viewer: Viewer): string[] {
  return [...inboxKeysOf(viewer), Keys.promotions];
}

/** The fields of an event the routing reads (the envelope's type and data). */
export interface RoutableEvent {
  type: string;
  data: unknown;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Every key an event is pushed to; empty for an event this service does not route. */
export function routeKeysOf(event: RoutableEvent): string[] {
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<
    string,
    unknown
  >;
  const keys: string[] = [];
  const orderId = str(data.orderId);
  switch (event.type) {
    case 'OrderCreated':
    case 'OrderStatusUpdated': {
      if (orderId !== undefined) keys.push(Keys.order(orderId));
      const restaurantId = str(data.restaurantId);
      if (restaurantId !== undefined) keys.push(Keys.restaurantOrders(restaurantId));
      const courierId = str(data.courierId);
      if (courierId !== undefined) keys.push(Keys.courierJobs(courierId));
      if (event.type === 'OrderStatusUpdated' && data.status === 'READY' && data.fulfillment === 'DELIVERY') {
        keys.push(Keys.allCourierJobs);
      }
      break;
    }
    case 'CourierLocationUpdated':
      if (orderId !== undefined) keys.push(Keys.order(orderId));
      break;
    case 'NotificationCreated': {
      const recipient = str(data.recipient);
      if (recipient !== undefined) keys.push(Keys.inbox(recipient));
      break;
    }
    case 'PromotionStarted':
      keys.push(Keys.promotions);
      break;
  }
  return keys;
}

/** The keys of an event that SSE streams keep a history of: orders, inboxes and promotions. */
export function streamKeysOf(event: RoutableEvent): string[] {
  return routeKeysOf(event).filter(
    (key) => key.startsWith('order:') || key.startsWith('inbox:') || key === Keys.promotions,
  );
}
