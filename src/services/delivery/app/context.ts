import type { Logger } from '../../../platform/observability/logger.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { OrdersForDelivery, RestaurantLookup } from '../contract.js';
import type { DeliveryStore } from './ports.js';

export interface DeliverySettings {
  /** Radius around the restaurant in which online couriers see and may accept an offer (km). */
  offerRadiusKm: number;
  /**
   * How long a courier's claim holds an offer while the orders service has not confirmed the assignment
   * (it could not be reached). Afterwards another courier may take the offer over; orders still decides,
   * since `assignCourier` refuses a second courier.
   */
  offerTtlMs: number;
}

/** What every use case of the delivery service works with. */
export interface DeliveryContext {
  store: DeliveryStore;
  orders: OrdersForDelivery;
  restaurants: RestaurantLookup;
  settings: DeliverySettings;
  /** Builds this service's events and adds them to its outbox in the caller's transaction. */
  messaging: Pick<ServiceMessaging, 'event' | 'publish'>;
  clock: Clock;
  log: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Client operations may come from another process: an id that is not a UUID can match nothing. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
