import { newItems, newPairs } from './co-occurrence.js';

/**
 * What a batch of orders teaches the model, worked out in memory so that each table takes one write per
 * batch: the increments sum what each order, applied one after another, would have added (a key twice
 * in one multi-row upsert would fail, so every list holds each key once).
 */

export interface OrderedLine {
  menuItemId: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

export interface PlacedOrder {
  customerId: string;
  restaurantId: string;
  /** OrderCreated's createdAt (ISO). */
  createdAt: string;
  lines: OrderedLine[];
}

/**
 * What is known of one customer's history: item → the instant (ms) they last ordered it. It must hold
 * their `cap` most recent items and every item of their orders in the batch they had ordered before.
 */
export type CustomerHistory = ReadonlyMap<string, number>;

export interface ModelIncrements {
  /** Dishes as first seen in the batch: their name and price until MenuItemUpdated brings the facts. */
  dishes: Array<{ menuItemId: string; restaurantId: string; name: string; price: number }>;
  customerItems: Array<{ customerId: string; menuItemId: string; orders: number; lastOrderedAt: string }>;
  /** Customers who ordered each item for the first time. */
  itemCustomers: Array<{ menuItemId: string; customers: number }>;
  /** Customers for whom each pair became co-ordered (both directions are listed). */
  pairs: Array<{ a: string; b: string; customers: number }>;
  itemDaily: Array<{
    menuItemId: string;
    day: string;
    restaurantId: string;
    orders: number;
    quantity: number;
  }>;
  restaurantDaily: Array<{ restaurantId: string; day: string; orders: number }>;
}

/** Each customer's orders in the batch and the newest of their instants, in customer order. */
export function customerCounts(
  orders: readonly PlacedOrder[],
): Array<{ customerId: string; orders: number; lastOrderAt: string }> {
  const counts = new Map<string, { customerId: string; orders: number; lastOrderAt: string }>();
  for (const order of orders) {
    const held = counts.get(order.customerId);
    if (held === undefined) {
      counts.set(order.customerId, { customerId: order.customerId, orders: 1, lastOrderAt: order.createdAt });
    } else {
      held.orders += 1;
      held.lastOrderAt = latest(held.lastOrderAt, order.createdAt);
    }
  }
  return sortedBy([...counts.values()], (c) => [c.customerId]);
}

/** The (customer, item) pairs whose history the batch needs besides each customer's most recent items. */
export function itemsToLookUp(
  orders: readonly PlacedOrder[],
): Array<{ customerId: string; menuItemId: string }> {
  const wanted = new Map<string, { customerId: string; menuItemId: string }>();
  for (const order of orders) {
    for (const line of order.lines) {
      wanted.set(key(order.customerId, line.menuItemId), {
        customerId: order.customerId,
        menuItemId: line.menuItemId,
      });
    }
  }
  return sortedBy([...wanted.values()], (w) => [w.customerId, w.menuItemId]);
}

/**
 * The increments of the orders, in order. Each order pairs its new items with what its customer had
 * before it: their `cap` most recent items (ties by item id) and those of its own items they already had,
 * exactly as when the orders are learnt one by one: a customer's earlier orders in the batch count.
 */
export function learnOrders(
  orders: readonly PlacedOrder[],
  histories: ReadonlyMap<string, CustomerHistory>,
  cap: number,
): ModelIncrements {
  const known = new Map<string, Map<string, number>>();
  const dishes = new Map<string, ModelIncrements['dishes'][number]>();
  const customerItems = new Map<string, ModelIncrements['customerItems'][number]>();
  const itemCustomers = new Map<string, ModelIncrements['itemCustomers'][number]>();
  const pairs = new Map<string, ModelIncrements['pairs'][number]>();
  const itemDaily = new Map<string, ModelIncrements['itemDaily'][number]>();
  const restaurantDaily = new Map<string, ModelIncrements['restaurantDaily'][number]>();

  for (const order of orders) {
    if (order.lines.length === 0) continue;
    let history = known.get(order.customerId);
    if (history === undefined) {
      history = new Map(histories.get(order.customerId) ?? []);
      known.set(order.customerId, history);
    }
    const ordered = [...new Set(order.lines.map((line) => line.menuItemId))].sort(compare);
    const before = [...mostRecent(history, cap), ...ordered.filter((item) => history.has(item))];

    for (const line of order.lines) {
      if (!dishes.has(line.menuItemId)) {
        dishes.set(line.menuItemId, {
          menuItemId: line.menuItemId,
          restaurantId: order.restaurantId,
          name: line.name,
          price: line.unitPrice,
        });
      }
    }
    const at = Date.parse(order.createdAt);
    for (const item of ordered) {
      const counted = customerItems.get(key(order.customerId, item));
      if (counted === undefined) {
        customerItems.set(key(order.customerId, item), {
          customerId: order.customerId,
          menuItemId: item,
          orders: 1,
          lastOrderedAt: order.createdAt,
        });
      } else {
        counted.orders += 1;
        counted.lastOrderedAt = latest(counted.lastOrderedAt, order.createdAt);
      }
    }
    for (const item of newItems(before, ordered)) {
      const counted = itemCustomers.get(item) ?? { menuItemId: item, customers: 0 };
      counted.customers += 1;
      itemCustomers.set(item, counted);
    }
    for (const { a, b } of newPairs(before, ordered)) {
      const counted = pairs.get(key(a, b)) ?? { a, b, customers: 0 };
      counted.customers += 1;
      pairs.set(key(a, b), counted);
    }
    // Learnt after the pairs: the next order of this customer sees this one's items.
    for (const item of ordered) history.set(item, Math.max(history.get(item) ?? at, at));

    const day = new Date(order.createdAt).toISOString().slice(0, 10);
    // One count per item even when an order lists a dish twice (different instructions).
    const quantities = new Map<string, number>();
    for (const line of order.lines) {
      quantities.set(line.menuItemId, (quantities.get(line.menuItemId) ?? 0) + line.quantity);
    }
    for (const [item, quantity] of quantities) {
      const counted = itemDaily.get(key(item, day));
      if (counted === undefined) {
        itemDaily.set(key(item, day), {
          menuItemId: item,
          day,
          restaurantId: order.restaurantId,
          orders: 1,
          quantity,
        });
      } else {
        counted.orders += 1;
        counted.quantity += quantity;
      }
    }
    const daily = restaurantDaily.get(key(order.restaurantId, day)) ?? {
      restaurantId: order.restaurantId,
      day,
      orders: 0,
    };
    daily.orders += 1;
    restaurantDaily.set(key(order.restaurantId, day), daily);
  }

  // In key order, as every write of the model: two transactions writing the same keys never deadlock.
  return {
    dishes: sortedBy([...dishes.values()], (d) => [d.menuItemId]),
    customerItems: sortedBy([...customerItems.values()], (c) => [c.customerId, c.menuItemId]),
    itemCustomers: sortedBy([...itemCustomers.values()], (i) => [i.menuItemId]),
    pairs: sortedBy([...pairs.values()], (p) => [p.a, p.b]),
    itemDaily: sortedBy([...itemDaily.values()], (i) => [i.menuItemId, i.day]),
    restaurantDaily: sortedBy([...restaurantDaily.values()], (r) => [r.restaurantId, r.day]),
  };
}

/**
 * The customer's `cap` most recently ordered items, ties by item id: the order the history query uses
 * (`last_ordered_at DESC, menu_item_id COLLATE "C"`; ids are ASCII, where bytes and UTF-16 agree).
 */
function mostRecent(history: ReadonlyMap<string, number>, cap: number): string[] {
  return [...history.entries()]
    .sort(([itemA, atA], [itemB, atB]) => atB - atA || compare(itemA, itemB))
    .slice(0, cap)
    .map(([item]) => item);
}

function latest(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}

function key(...parts: string[]): string {
  return JSON.stringify(parts);
}

function sortedBy<T>(rows: T[], keys: (row: T) => string[]): T[] {
  return rows.sort((x, y) => {
    const a = keys(x);
    const b = keys(y);
    for (let i = 0; i < a.length; i += 1) {
      const order = compare(a[i] ?? '', b[i] ?? '');
      if (order !== 0) return order;
    }
    return 0;
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
