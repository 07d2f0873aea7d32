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
import { factsWriter } from '../adapters/facts.sql.js';
import { modelWriter } from '../adapters/model.sql.js';
import {
  applyDishFact,
  applyRestaurantFact,
  type DishFact,
  type RestaurantFact,
} from '../domain/fact-versions.js';
import { customerCounts, itemsToLookUp, learnOrders, type PlacedOrder } from '../domain/order-learning.js';

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

/** A batch's events as the consumer hands them over. */
type Batch = ReadonlyArray<{ event: EventEnvelope }>;

/**
 * Applies fact events in the consumer's transaction, in a fixed number of statements whatever their
 * count: the dishes and restaurants they are about are locked (in id order), the facts folded into them
 * in order (each keeps the newest fact by its instant, see domain/fact-versions.ts), and each changed row
 * written once.
 */
export async function learnFacts(items: Batch, tx: SqlTransaction): Promise<void> {
  const dishFacts: DishFact[] = [];
  const restaurantFacts: RestaurantFact[] = [];
  for (const { event } of items) {
    const fact = factOf(event);
    if (fact === null) continue;
    if (fact.kind === 'saved' || fact.kind === 'deleted') dishFacts.push(fact);
    else restaurantFacts.push(fact);
  }
  const facts = factsWriter(tx);
  if (dishFacts.length > 0) {
    const held = await facts.lockDishes(dishFacts.map((fact) => fact.menuItemId));
    await facts.saveDishes(fold(held, dishFacts, (fact) => fact.menuItemId, applyDishFact));
  }
  if (restaurantFacts.length > 0) {
    const held = await facts.lockRestaurants(restaurantFacts.map((fact) => fact.restaurantId));
    await facts.saveRestaurants(
      fold(held, restaurantFacts, (fact) => fact.restaurantId, applyRestaurantFact),
    );
  }
}

/** One fact event: a batch of one, so that redeliveries and redrives take the batch's path. */
export function learnFact(event: EventEnvelope, tx: SqlTransaction): Promise<void> {
  return learnFacts([{ event }], tx);
}

/**
 * Applies orders and preference changes to the model in the consumer's transaction, in a fixed number of
 * statements whatever their count: the customers are counted (which locks them), their histories read at
 * once, and the orders learnt in memory in order (domain/order-learning.ts), each table then written once.
 */
export async function learnFromModelEvents(items: Batch, tx: SqlTransaction): Promise<void> {
  const model = modelWriter(tx);
  await model.savePreferences(newestPreferences(items));
  const orders = items.flatMap(({ event }) => {
    const order = placedOrderOf(event);
    return order === null ? [] : [order];
  });
  if (orders.length === 0) return;
  const customers = customerCounts(orders);
  await model.countCustomers(customers);
  const histories = await model.readHistories(
    customers.map((c) => c.customerId),
    MAX_PAIRED_HISTORY,
    itemsToLookUp(orders),
  );
  const learnt = learnOrders(orders, histories, MAX_PAIRED_HISTORY);
  await model.rememberDishes(learnt.dishes);
  await model.countCustomerItems(learnt.customerItems);
  await model.countNewCustomers(learnt.itemCustomers);
  await model.countPairs(learnt.pairs);
  await model.countPopularity(learnt.itemDaily, learnt.restaurantDaily);
}

/** One order or preference change: a batch of one (see learnFact). */
export function learnFromModelEvent(event: EventEnvelope, tx: SqlTransaction): Promise<void> {
  return learnFromModelEvents([{ event }], tx);
}

function factOf(event: EventEnvelope): DishFact | RestaurantFact | null {
  switch (event.type) {
    case CatalogEvents.MENU_ITEM_UPDATED: {
      const data = event.data as MenuItemUpdatedV1;
      if (data.item === null) {
        return { kind: 'deleted', menuItemId: data.itemId, restaurantId: data.restaurantId, at: event.time };
      }
      const item = data.item;
      return {
        kind: 'saved',
        menuItemId: item.id,
        restaurantId: item.restaurantId,
        name: item.name,
        price: item.price.amount,
        imageUrl: item.imageUrl,
        dietaryTags: item.dietaryTags,
        allergens: item.allergens,
        available: item.available && !item.deleted,
        at: item.updatedAt,
      };
    }
    case RestaurantEvents.PROFILE_UPDATED: {
      const { restaurant } = event.data as RestaurantProfileUpdatedV1;
      return {
        kind: 'profile',
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
      };
    }
    case RestaurantEvents.STATUS_CHANGED: {
      const data = event.data as RestaurantStatusChangedV1;
      return { kind: 'switch', restaurantId: data.restaurantId, open: data.open, at: event.time };
    }
    default:
      return null;
  }
}

/** The rows the facts changed, each folded from what was held and the facts about it, in order. */
function fold<Row, Fact>(
  held: ReadonlyMap<string, Row>,
  facts: readonly Fact[],
  idOf: (fact: Fact) => string,
  apply: (row: Row | undefined, fact: Fact) => Row,
): Row[] {
  const rows = new Map(held);
  const changed = new Set<string>();
  for (const fact of facts) {
    const id = idOf(fact);
    const before = rows.get(id);
    const after = apply(before, fact);
    if (after !== before) {
      rows.set(id, after);
      changed.add(id);
    }
  }
  return [...changed].map((id) => rows.get(id) as Row);
}

/**
 * Each user's preference change with the latest instant (of two at one instant, the later delivered), as
 * one by one: the upsert keeps it unless a newer one is stored.
 */
function newestPreferences(
  items: Batch,
): Array<{ userId: string; cuisines: string[]; restrictions: string[]; at: string }> {
  const newest = new Map<
    string,
    { userId: string; cuisines: string[]; restrictions: string[]; at: string }
  >();
  for (const { event } of items) {
    if (event.type !== UserEvents.PREFERENCE_UPDATED) continue;
    const data = event.data as UserPreferenceUpdatedV1;
    const held = newest.get(data.userId);
    if (held !== undefined && Date.parse(held.at) > Date.parse(event.time)) continue;
    newest.set(data.userId, {
      userId: data.userId,
      cuisines: data.cuisines,
      restrictions: data.dietaryRestrictions,
      at: event.time,
    });
  }
  return [...newest.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

function placedOrderOf(event: EventEnvelope): PlacedOrder | null {
  if (event.type !== OrdersEvents.ORDER_CREATED) return null;
  const order = event.data as OrderCreatedV1;
  if (order.items.length === 0) return null;
  return {
    customerId: order.customerId,
    restaurantId: order.restaurantId,
    createdAt: order.createdAt,
    lines: order.items.map((line) => ({
      menuItemId: line.menuItemId,
      name: line.name,
      quantity: line.quantity,
      unitPrice: line.unitPrice.amount,
    })),
  };
}
