import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createEvent, type Consumer } from '../../../platform/messaging/index.js';
import type { ServiceModule } from '../../../platform/runtime/service-module.js';
import { OrdersEvents, ordersEventSchemas, type OrderStatus } from '../../orders/index.js';
import type { OrderStatusChange } from '../app/order-updates.js';
import {
  createDeliveryService,
  deliveryErrorStatuses,
  deliveryEventSchemas,
  type DeliveryClient,
} from '../index.js';
import { fakeOrders, fakeRestaurants, type FakeOrders } from './fakes.js';

export { createTestSql } from '../../../../test/support/test-sql.js';

/** Bengaluru, MG Road: the test restaurant. */
export const RESTAURANT = {
  id: '0190f000-0000-7000-8000-0000000000a1',
  latitude: 12.9716,
  longitude: 77.5946,
};
/** About 2 km from the restaurant. */
export const NEAR = { latitude: 12.99, longitude: 77.6 };
/** About 27 km from the restaurant. */
export const FAR = { latitude: 13.2, longitude: 77.7 };
export const DROP_OFF = {
  line1: '1 Residency Rd',
  city: 'Bengaluru',
  postcode: '560025',
  latitude: 12.965,
  longitude: 77.608,
};

export interface DeliveryHarness extends TestPlatform {
  delivery: ServiceModule<DeliveryClient>;
  orders: FakeOrders;
  consumer: Consumer;
  /** Adds a delivery order to the fake orders service (status READY unless given). */
  newOrder(options?: { status?: OrderStatus; fulfillment?: 'DELIVERY' | 'PICKUP' }): string;
  /**
   * Feeds OrderStatusUpdated to the consumer twice, as the platform's tests do with every event, and
   * moves the fake orders service to the same status. Returns the outcome of the first delivery.
   */
  orderStatus(orderId: string, status: OrderStatus, options?: { courierId?: string | null }): Promise<string>;
  /** A DELIVERY_PARTNER account, online at `at` unless `online` is false. */
  courier(
    at?: { latitude: number; longitude: number },
    online?: boolean,
  ): Promise<{ id: string; token: string }>;
}

/** The delivery service with auth and fake orders/restaurants, on a clean `delivery` schema. */
export async function startDelivery(sql: PgliteSql): Promise<DeliveryHarness> {
  const orders = fakeOrders();
  const restaurants = fakeRestaurants();
  restaurants.add(RESTAURANT.id, 'Dosa Corner', RESTAURANT.latitude, RESTAURANT.longitude);
  let delivery: ServiceModule<DeliveryClient> | undefined;
  const platform = await startTestPlatform(sql, {
    build: async (deps) => {
      delivery = await createDeliveryService({
        ...deps,
        orders: orders.client,
        restaurants: restaurants.client,
        consumerRetry: { maxAttempts: 2, backoff: () => 10 },
      });
      return [delivery];
    },
    events: (registry) => {
      for (const { type, version, schema } of [...ordersEventSchemas, ...deliveryEventSchemas]) {
        registry.register(type, version, schema);
      }
    },
    errorStatuses: deliveryErrorStatuses,
    schemas: ['delivery'],
  });
  const module = delivery;
  const consumer = module?.messaging?.consumers[0];
  if (module === undefined || consumer === undefined) throw new Error('the delivery service was not built');
  const fulfillments = new Map<string, 'DELIVERY' | 'PICKUP'>();
  let previous = new Map<string, OrderStatus>();

  return {
    ...platform,
    delivery: module,
    orders,
    consumer,
    newOrder(options = {}) {
      const orderId = platform.deps.ids.next();
      const fulfillment = options.fulfillment ?? 'DELIVERY';
      fulfillments.set(orderId, fulfillment);
      orders.add({
        orderId,
        restaurantId: RESTAURANT.id,
        status: options.status ?? 'READY',
        fulfillment,
        courierId: null,
        ...(fulfillment === 'DELIVERY' ? { deliveryAddress: { ...DROP_OFF } } : {}),
      });
      return orderId;
    },
    async orderStatus(orderId, status, options = {}) {
      const order = await orders.client.getOrder({ orderId });
      orders.setStatus(orderId, status);
      platform.clock.advance(1_000);
      const data: OrderStatusChange & Record<string, unknown> = {
        orderId,
        customerId: '0190f000-0000-7000-8000-0000000000c1',
        restaurantId: RESTAURANT.id,
        courierId: options.courierId ?? order.courierId,
        fulfillment: fulfillments.get(orderId) ?? 'DELIVERY',
        previousStatus: previous.get(orderId) ?? order.status,
        status,
        changedBy: { id: 'system', role: 'SYSTEM' },
        totalAmount: { amount: 45_000, currency: 'INR' },
        items: [],
        changedAt: platform.clock.now().toISOString(),
      };
      previous = new Map(previous).set(orderId, status);
      const event = createEvent(
        { clock: platform.clock, ids: platform.deps.ids },
        { type: OrdersEvents.ORDER_STATUS_UPDATED, source: 'orders', subject: orderId, data },
      );
      const first = await consumer.deliver(event);
      await consumer.deliver(event);
      return first;
    },
    async courier(at = NEAR, online = true) {
      const account = await platform.user({ roles: ['DELIVERY_PARTNER'] });
      const res = await platform.request({
        method: 'PUT',
        url: '/api/deliveries/me',
        token: account.token,
        payload: { online, ...at },
      });
      if (res.statusCode !== 200) throw new Error(`could not set availability: ${res.body}`);
      return account;
    },
  };
}
