import { describe, expect, it } from 'vitest';
import {
  Keys,
  notificationStreamKeys,
  parseDestination,
  routeKeysOf,
  streamKeysOf,
  subscriptionKeys,
  type Viewer,
} from './destinations.js';

const ORDER = '0190f000-0000-7000-8000-00000000000a';
const RESTAURANT = '0190f000-0000-7000-8000-0000000000a1';
const OTHER_RESTAURANT = '0190f000-0000-7000-8000-0000000000a2';
const CUSTOMER = '0190f000-0000-7000-8000-0000000000c1';
const COURIER = '0190f000-0000-7000-8000-0000000000d1';
const parties = { customerId: CUSTOMER, restaurantId: RESTAURANT, courierId: COURIER };

const viewer = (userId: string, roles: string[], restaurantIds: string[] = []): Viewer => ({
  userId,
  roles,
  restaurantIds,
});
const customer = viewer(CUSTOMER, ['CUSTOMER']);
const stranger = viewer('0190f000-0000-7000-8000-0000000000c2', ['CUSTOMER']);
const staff = viewer('0190f000-0000-7000-8000-0000000000b1', ['RESTAURANT_STAFF'], [RESTAURANT]);
const otherStaff = viewer('0190f000-0000-7000-8000-0000000000b2', ['RESTAURANT_STAFF'], [OTHER_RESTAURANT]);
const courier = viewer(COURIER, ['DELIVERY_PARTNER']);
const admin = viewer('0190f000-0000-7000-8000-0000000000e1', ['SYSTEM_ADMIN']);

describe('destinations', () => {
  it('parses the five destinations and nothing else', () => {
    expect(parseDestination(`/topic/orders/${ORDER}`)).toEqual({ kind: 'order', orderId: ORDER });
    expect(parseDestination(`/topic/restaurants/${RESTAURANT}/orders`)).toEqual({
      kind: 'restaurant-orders',
      restaurantId: RESTAURANT,
    });
    expect(parseDestination('/user/queue/notifications')).toEqual({ kind: 'notifications' });
    expect(parseDestination('/topic/promotions')).toEqual({ kind: 'promotions' });
    expect(parseDestination(`/topic/couriers/${COURIER}/jobs`)).toEqual({
      kind: 'courier-jobs',
      courierId: COURIER,
    });
    for (const bad of ['/topic/orders/1', `/topic/orders/${ORDER}/x`, '/topic/orders/', '/queue/a', '']) {
      expect(parseDestination(bad)).toBeUndefined();
    }
  });

  it('lets the order topic be read by its customer, its staff, its courier and admins only', () => {
    const order = { kind: 'order', orderId: ORDER } as const;
    for (const v of [customer, staff, courier, admin]) {
      expect(subscriptionKeys(v, order, parties)).toEqual([Keys.order(ORDER)]);
    }
    for (const v of [stranger, otherStaff]) expect(subscriptionKeys(v, order, parties)).toBeNull();
    // Without the order's parties (unknown order), nobody, not even an admin.
    expect(subscriptionKeys(admin, order, undefined)).toBeNull();
  });

  it('keeps restaurant and courier topics to their own people and admins', () => {
    const restaurantTopic = { kind: 'restaurant-orders', restaurantId: RESTAURANT } as const;
    expect(subscriptionKeys(staff, restaurantTopic)).toEqual([Keys.restaurantOrders(RESTAURANT)]);
    expect(subscriptionKeys(admin, restaurantTopic)).not.toBeNull();
    expect(subscriptionKeys(otherStaff, restaurantTopic)).toBeNull();
    // A restaurant id in the token without a restaurant role is not staff.
    expect(subscriptionKeys(viewer(CUSTOMER, ['CUSTOMER'], [RESTAURANT]), restaurantTopic)).toBeNull();

    const jobs = { kind: 'courier-jobs', courierId: COURIER } as const;
    expect(subscriptionKeys(courier, jobs)).toEqual([Keys.courierJobs(COURIER), Keys.allCourierJobs]);
    expect(subscriptionKeys(admin, jobs)).not.toBeNull();
    expect(subscriptionKeys(viewer(COURIER, ['CUSTOMER']), jobs)).toBeNull();
    expect(subscriptionKeys(viewer(stranger.userId, ['DELIVERY_PARTNER']), jobs)).toBeNull();
  });

  it("gives a user their own inboxes and their restaurants', and promotions to anyone", () => {
    expect(subscriptionKeys(staff, { kind: 'notifications' })).toEqual([
      Keys.inbox(`user:${staff.userId}`),
      Keys.inbox(`restaurant:${RESTAURANT}`),
    ]);
    expect(subscriptionKeys(stranger, { kind: 'promotions' })).toEqual([Keys.promotions]);
    expect(notificationStreamKeys(customer)).toEqual([Keys.inbox(`user:${CUSTOMER}`), Keys.promotions]);
  });
});

describe('routing of events', () => {
  const status = (data: Record<string, unknown>) => ({
    type: 'OrderStatusUpdated',
    data: { orderId: ORDER, restaurantId: RESTAURANT, courierId: null, fulfillment: 'DELIVERY', ...data },
  });

  it('sends order events to the order, its restaurant and its courier', () => {
    expect(routeKeysOf(status({ status: 'PREPARING', courierId: COURIER }))).toEqual([
      Keys.order(ORDER),
      Keys.restaurantOrders(RESTAURANT),
      Keys.courierJobs(COURIER),
    ]);
    expect(routeKeysOf({ type: 'OrderCreated', data: { orderId: ORDER, restaurantId: RESTAURANT } })).toEqual(
      [Keys.order(ORDER), Keys.restaurantOrders(RESTAURANT)],
    );
  });

  it('tells every courier about a delivery order that became READY, not about a pickup one', () => {
    expect(routeKeysOf(status({ status: 'READY' }))).toContain(Keys.allCourierJobs);
    expect(routeKeysOf(status({ status: 'READY', fulfillment: 'PICKUP' }))).not.toContain(
      Keys.allCourierJobs,
    );
    expect(routeKeysOf(status({ status: 'PREPARING' }))).not.toContain(Keys.allCourierJobs);
  });

  it('routes locations, notifications and promotions, and ignores other events', () => {
    expect(routeKeysOf({ type: 'CourierLocationUpdated', data: { orderId: ORDER } })).toEqual([
      Keys.order(ORDER),
    ]);
    expect(routeKeysOf({ type: 'NotificationCreated', data: { recipient: `user:${CUSTOMER}` } })).toEqual([
      Keys.inbox(`user:${CUSTOMER}`),
    ]);
    expect(routeKeysOf({ type: 'PromotionStarted', data: {} })).toEqual([Keys.promotions]);
    expect(routeKeysOf({ type: 'PaymentProcessed', data: { orderId: ORDER } })).toEqual([]);
  });

  it('keeps a stream history only for orders, inboxes and promotions', () => {
    expect(streamKeysOf(status({ status: 'READY', courierId: COURIER }))).toEqual([Keys.order(ORDER)]);
    expect(streamKeysOf({ type: 'PromotionStarted', data: {} })).toEqual([Keys.promotions]);
  });
});
