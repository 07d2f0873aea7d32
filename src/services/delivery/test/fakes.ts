import { AppError } from '../../../platform/errors/app-error.js';
import type { OrderStatus, OrderSummary } from '../../orders/index.js';
import type { OrdersForDelivery, RestaurantLookup } from '../index.js';

type FakeOrder = Pick<
  OrderSummary,
  'orderId' | 'status' | 'fulfillment' | 'courierId' | 'restaurantId' | 'deliveryAddress'
>;

/**
 * Orders as the delivery service sees them, with the contract's rules for `assignCourier`: READY delivery
 * orders only, idempotent for the same courier, `ORDERS.COURIER_ALREADY_ASSIGNED` for another.
 */
export function fakeOrders() {
  const orders = new Map<string, FakeOrder>();
  const assignCalls: Array<{ orderId: string; courierId: string }> = [];
  const locationCalls: Array<{ orderId: string; courierId: string; latitude: number; longitude: number }> =
    [];
  /** Errors thrown by the next assignCourier calls, first one first (the call then records nothing). */
  const assignFailures: unknown[] = [];

  const find = (orderId: string): FakeOrder => {
    const order = orders.get(orderId);
    if (order === undefined) throw new AppError('ORDERS.NOT_FOUND', 'no such order', { status: 404 });
    return order;
  };

  const client: OrdersForDelivery = {
    async getOrder({ orderId }) {
      return structuredClone(find(orderId));
    },
    async assignCourier({ orderId, courierId }) {
      assignCalls.push({ orderId, courierId });
      // Yield once, as a remote call would, so that concurrent accepts really overlap.
      await new Promise((resolve) => setImmediate(resolve));
      const failure = assignFailures.shift();
      if (failure !== undefined) throw failure;
      const order = find(orderId);
      if (order.courierId !== null && order.courierId !== courierId) {
        throw new AppError('ORDERS.COURIER_ALREADY_ASSIGNED', 'another courier has it', { status: 409 });
      }
      if (order.status !== 'READY' || order.fulfillment !== 'DELIVERY') {
        throw new AppError('ORDERS.INVALID_ORDER_STATE', `order is ${order.status}`, { status: 409 });
      }
      order.courierId = courierId;
      return structuredClone(order);
    },
    async recordCourierLocation(input) {
      locationCalls.push(input);
      return {};
    },
  };

  return {
    client,
    assignCalls,
    locationCalls,
    assignFailures,
    add(order: FakeOrder) {
      orders.set(order.orderId, order);
    },
    setStatus(orderId: string, status: OrderStatus) {
      find(orderId).status = status;
    },
  };
}
export type FakeOrders = ReturnType<typeof fakeOrders>;

export function fakeRestaurants() {
  const restaurants = new Map<string, { name: string; address: { latitude: number; longitude: number } }>();
  const client: RestaurantLookup = {
    async getRestaurant({ id }) {
      const restaurant = restaurants.get(id);
      if (restaurant === undefined)
        throw new AppError('RESTAURANTS.NOT_FOUND', 'no such restaurant', { status: 404 });
      return structuredClone(restaurant);
    },
  };
  return {
    client,
    add(id: string, name: string, latitude: number, longitude: number) {
      restaurants.set(id, { name, address: { latitude, longitude } });
    },
  };
}
