import type { MenuItemUpdatedV1 } from '../../catalog/index.js';
import type { OrderCreatedV1 } from '../../orders/index.js';
import type { RestaurantProfile } from '../../restaurants/index.js';
import { NOTIFICATION_KINDS, type UserPreferenceUpdatedV1 } from '../../users/index.js';
import type { FedEvent } from './recommendations-harness.js';

/** Stand-ins for the events of catalog, restaurants, users and orders, valid against their schemas. */
const INR = (amount: number) => ({ amount, currency: 'INR' as const });
export const CENTRE = { latitude: 12.9716, longitude: 77.5946 };
const ALL_DAY = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [
    day,
    [{ open: '00:00', close: '24:00' }],
  ]),
) as RestaurantProfile['hours'];

export function restaurantProfile(
  id: string,
  overrides: Partial<RestaurantProfile> & { latitude?: number; longitude?: number } = {},
): FedEvent {
  const { latitude, longitude, ...rest } = overrides;
  const restaurant: RestaurantProfile = {
    id,
    name: `Restaurant ${id.slice(-4)}`,
    description: '',
    cuisines: ['North Indian'],
    address: {
      line1: '1 MG Road',
      city: 'Bengaluru',
      postcode: '560001',
      latitude: latitude ?? CENTRE.latitude,
      longitude: longitude ?? CENTRE.longitude,
    },
    contact: { phone: '+91 80 1234 5678', email: 'hello@restaurant.test' },
    imageUrls: [],
    deliveryRadiusKm: 8,
    averagePreparationMinutes: 20,
    timeZone: 'Asia/Kolkata',
    hours: ALL_DAY,
    rating: { average: 4.2, count: 12 },
    status: 'ACTIVE',
    open: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...rest,
  };
  return { type: 'RestaurantProfileUpdated', source: 'restaurants', subject: id, data: { restaurant } };
}

export function restaurantSwitched(restaurantId: string, open: boolean): FedEvent {
  return {
    type: 'RestaurantStatusChanged',
    source: 'restaurants',
    subject: restaurantId,
    data: { restaurantId, open, changedBy: restaurantId },
  };
}

export interface Dish {
  id: string;
  restaurantId: string;
  name: string;
  price: number;
  dietaryTags?: string[];
  allergens?: string[];
}

export function menuItem(
  dish: Dish,
  overrides: { available?: boolean; updatedAt?: string; change?: MenuItemUpdatedV1['change'] } = {},
): FedEvent {
  const data: MenuItemUpdatedV1 = {
    itemId: dish.id,
    restaurantId: dish.restaurantId,
    change: overrides.change ?? 'CREATED',
    item: {
      id: dish.id,
      restaurantId: dish.restaurantId,
      name: dish.name,
      description: '',
      price: INR(dish.price),
      categories: [],
      dietaryTags: dish.dietaryTags ?? [],
      allergens: dish.allergens ?? [],
      nutrition: {},
      available: overrides.available ?? true,
      imageUrl: null,
      deleted: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: overrides.updatedAt ?? '2026-03-01T00:00:00.000Z',
    },
  };
  return { type: 'MenuItemUpdated', source: 'catalog', subject: dish.id, data };
}

export function menuItemDeleted(dish: Dish): FedEvent {
  const data: MenuItemUpdatedV1 = {
    itemId: dish.id,
    restaurantId: dish.restaurantId,
    change: 'DELETED',
    item: null,
  };
  return { type: 'MenuItemUpdated', source: 'catalog', subject: dish.id, data };
}

export function orderPlaced(
  orderId: string,
  customerId: string,
  restaurantId: string,
  lines: Array<{ dish: Dish; quantity?: number }>,
  createdAt = '2026-03-01T12:00:00.000Z',
): FedEvent {
  const items = lines.map(({ dish, quantity = 1 }) => ({
    menuItemId: dish.id,
    name: dish.name,
    quantity,
    unitPrice: INR(dish.price),
    lineTotal: INR(dish.price * quantity),
  }));
  const subtotal = items.reduce((sum, line) => sum + line.lineTotal.amount, 0);
  const data: OrderCreatedV1 = {
    orderId,
    customerId,
    restaurantId,
    fulfillment: 'PICKUP',
    items,
    subtotal: INR(subtotal),
    deliveryFee: INR(0),
    discount: INR(0),
    totalAmount: INR(subtotal),
    paymentMethod: 'CARD',
    estimatedDeliveryTime: createdAt,
    createdAt,
  };
  return { type: 'OrderCreated', source: 'orders', subject: orderId, data };
}

export function preferencesUpdated(
  userId: string,
  cuisines: string[],
  dietaryRestrictions: string[],
): FedEvent {
  const channels = { inApp: true, email: false, sms: false };
  const data: UserPreferenceUpdatedV1 = {
    userId,
    cuisines,
    dietaryRestrictions,
    notificationChannels: Object.fromEntries(
      NOTIFICATION_KINDS.map((kind) => [kind, channels]),
    ) as UserPreferenceUpdatedV1['notificationChannels'],
  };
  return { type: 'UserPreferenceUpdated', source: 'users', subject: userId, data };
}
