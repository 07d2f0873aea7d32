import type { SqlTransaction } from '../../../platform/db/sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { CatalogEvents, type MenuItemUpdatedV1 } from '../../catalog/index.js';
import { OrdersEvents, type OrderCreatedV1 } from '../../orders/index.js';
import {
  RestaurantEvents,
  type RestaurantProfileUpdatedV1,
  type RestaurantStatusChangedV1,
} from '../../restaurants/index.js';
import { UserEvents, type UserPreferenceUpdatedV1 } from '../../users/index.js';
import { factsWriter, modelWriter } from '../adapters/model.sql.js';
import { newItems, newPairs } from '../domain/co-occurrence.js';

/** The events that keep the dish and restaurant facts. */
export const FACT_EVENT_TYPES = [
  CatalogEvents.MENU_ITEM_UPDATED,
  RestaurantEvents.PROFILE_UPDATED,
  RestaurantEvents.STATUS_CHANGED,
];
/** The events the model learns from. */
export const MODEL_EVENT_TYPES = [OrdersEvents.ORDER_CREATED, UserEvents.PREFERENCE_UPDATED];

/**
 * At most this many of a customer's earlier items pair with a new one (the most recent): bounds the work
 * of one order for a customer who has tried hundreds of dishes.
 */
export const MAX_PAIRED_HISTORY = 300;

/** Applies a fact event in the consumer's transaction; each write keeps the newest fact by its instant. */
export async function learnFact(event: EventEnvelope, tx: SqlTransaction): Promise<void> {
  const facts = factsWriter(tx);
  switch (event.type) {
    case CatalogEvents.MENU_ITEM_UPDATED: {
      const data = event.data as MenuItemUpdatedV1;
      if (data.item === null) {
        await facts.deleteDish(data.itemId, data.restaurantId, event.time);
        return;
      }
      const item = data.item;
      await facts.saveDish({
        menuItemId: item.id,
        restaurantId: item.restaurantId,
        name: item.name,
        price: item.price.amount,
        imageUrl: item.imageUrl,
        dietaryTags: item.dietaryTags,
        allergens: item.allergens,
        available: item.available && !item.deleted,
        at: item.updatedAt,
      });
      return;
    }
    case RestaurantEvents.PROFILE_UPDATED: {
      const { restaurant } = event.data as RestaurantProfileUpdatedV1;
      await facts.saveRestaurantProfile({
        restaurantId: restaurant.id,
        name: restaurant.name,
        cuisines: restaurant.cuisines,
        imageUrl: restaurant.imageUrls[0] ?? null,
        rating: restaurant.rating,
        latitude: restaurant.address.latitude,
        longitude: restaurant.address.longitude,
        deliveryRadiusKm: restaurant.deliveryRadiusKm,
        status: restaurant.status,
        hours: restaurant.hours,
        timeZone: restaurant.timeZone,
        open: restaurant.open,
        at: restaurant.updatedAt,
      });
      return;
    }
    case RestaurantEvents.STATUS_CHANGED: {
      const data = event.data as RestaurantStatusChangedV1;
      await facts.saveRestaurantSwitch(data.restaurantId, data.open, event.time);
      return;
    }
  }
}

/** Applies an order or a preference change to the model, in the consumer's transaction. */
export async function learnFromModelEvent(event: EventEnvelope, tx: SqlTransaction): Promise<void> {
  const model = modelWriter(tx);
  if (event.type === UserEvents.PREFERENCE_UPDATED) {
    const data = event.data as UserPreferenceUpdatedV1;
    await model.savePreferences(data.userId, data.cuisines, data.dietaryRestrictions, event.time);
    return;
  }
  if (event.type !== OrdersEvents.ORDER_CREATED) return;
  const order = event.data as OrderCreatedV1;
  const lines = order.items.map((line) => ({
    menuItemId: line.menuItemId,
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unitPrice.amount,
  }));
  if (lines.length === 0) return;
  const ordered = [...new Set(lines.map((line) => line.menuItemId))].sort();
  const recent = await model.lockCustomer(order.customerId, order.createdAt, MAX_PAIRED_HISTORY);
  // Which of these items they had is known exactly, even past the cap: a customer counts once per item.
  const before = [...recent, ...(await model.alreadyOrdered(order.customerId, ordered))];
  await model.rememberDishes(order.restaurantId, lines);
  await model.countCustomerItems(order.customerId, ordered, order.createdAt);
  await model.countNewCustomers(newItems(before, ordered));
  await model.countPairs(newPairs(before, ordered));
  const day = new Date(order.createdAt).toISOString().slice(0, 10);
  await model.countPopularity(order.restaurantId, day, lines);
}
