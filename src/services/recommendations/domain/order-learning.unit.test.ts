import { describe, expect, it } from 'vitest';
import {
  customerCounts,
  itemsToLookUp,
  learnOrders,
  type ModelIncrements,
  type PlacedOrder,
} from './order-learning.js';

const CAP = 2;
const at = (hour: number) => `2026-03-02T${String(hour).padStart(2, '0')}:00:00.000Z`;

const order = (customerId: string, items: string[], hour: number, restaurantId = 'r1'): PlacedOrder => ({
  customerId,
  restaurantId,
  createdAt: at(hour),
  lines: items.map((menuItemId) => ({ menuItemId, name: `Dish ${menuItemId}`, quantity: 1, unitPrice: 100 })),
});

/** Every customer's whole history, as stored: item → instant last ordered (ms). */
type Store = Map<string, Map<string, number>>;

/** What the batch's history query returns: each customer's `CAP` most recent items, and the wanted ones. */
function readAsTheQuery(store: Store, orders: readonly PlacedOrder[]): Map<string, Map<string, number>> {
  const read = new Map<string, Map<string, number>>();
  for (const { customerId } of customerCounts(orders)) {
    const history = store.get(customerId) ?? new Map<string, number>();
    const recent = [...history.entries()]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, CAP);
    read.set(customerId, new Map(recent));
  }
  for (const { customerId, menuItemId } of itemsToLookUp(orders)) {
    const last = store.get(customerId)?.get(menuItemId);
    if (last !== undefined) read.get(customerId)?.set(menuItemId, last);
  }
  return read;
}

/** Stores what the increments tell of each customer's items (the upsert keeps the latest instant). */
function store(into: Store, learnt: ModelIncrements): void {
  for (const { customerId, menuItemId, lastOrderedAt } of learnt.customerItems) {
    const history = into.get(customerId) ?? new Map<string, number>();
    history.set(menuItemId, Math.max(history.get(menuItemId) ?? 0, Date.parse(lastOrderedAt)));
    into.set(customerId, history);
  }
}

/** Sums increments as the tables' upserts do; the first dish and daily restaurant seen stay. */
function sum(all: readonly ModelIncrements[]) {
  const add = <T>(rows: T[], key: (row: T) => string, merge: (held: T, row: T) => T) => {
    const summed = new Map<string, T>();
    for (const row of rows) {
      const held = summed.get(key(row));
      summed.set(key(row), held === undefined ? row : merge(held, row));
    }
    return [...summed.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
  };
  return {
    dishes: add(
      all.flatMap((one) => one.dishes),
      (d) => d.menuItemId,
      (held) => held,
    ),
    customerItems: add(
      all.flatMap((one) => one.customerItems),
      (c) => `${c.customerId}|${c.menuItemId}`,
      (held, c) => ({
        ...held,
        orders: held.orders + c.orders,
        lastOrderedAt:
          Date.parse(c.lastOrderedAt) > Date.parse(held.lastOrderedAt) ? c.lastOrderedAt : held.lastOrderedAt,
      }),
    ),
    itemCustomers: add(
      all.flatMap((one) => one.itemCustomers),
      (i) => i.menuItemId,
      (held, i) => ({ ...held, customers: held.customers + i.customers }),
    ),
    pairs: add(
      all.flatMap((one) => one.pairs),
      (p) => `${p.a}|${p.b}`,
      (held, p) => ({ ...held, customers: held.customers + p.customers }),
    ),
    itemDaily: add(
      all.flatMap((one) => one.itemDaily),
      (i) => `${i.menuItemId}|${i.day}`,
      (held, i) => ({ ...held, orders: held.orders + i.orders, quantity: held.quantity + i.quantity }),
    ),
    restaurantDaily: add(
      all.flatMap((one) => one.restaurantDaily),
      (r) => `${r.restaurantId}|${r.day}`,
      (held, r) => ({ ...held, orders: held.orders + r.orders }),
    ),
  };
}

describe('learning a batch of orders', () => {
  it('adds up to what the orders teach one by one, past the cap on history and in any time order', () => {
    // Customer A has four items, two of them at one instant; only two pair with a new one (the cap).
    const initial: Store = new Map([
      [
        'A',
        new Map([
          ['a1', Date.parse(at(1))],
          ['a2', Date.parse(at(2))],
          ['a3', Date.parse(at(3))],
          ['a4', Date.parse(at(3))],
        ]),
      ],
      ['B', new Map([['x', Date.parse(at(4))]])],
    ]);
    const orders = [
      order('A', ['a1', 'x'], 10),
      order('B', ['x', 'a1', 'x'], 10),
      order('A', ['y'], 11, 'r2'),
      // Older than A's others: its items do not come first in A's history.
      order('A', ['a2', 'y', 'z'], 9),
      order('C', ['y', 'z'], 12, 'r2'),
      order('A', ['w'], 13),
      order('C', [], 13),
    ];

    const oneByOne: ModelIncrements[] = [];
    const stored: Store = new Map([...initial].map(([c, h]) => [c, new Map(h)]));
    for (const one of orders) {
      const learnt = learnOrders([one], readAsTheQuery(stored, [one]), CAP);
      oneByOne.push(learnt);
      store(stored, learnt);
    }
    const batch = learnOrders(orders, readAsTheQuery(initial, orders), CAP);

    expect(sum([batch])).toEqual(sum(oneByOne));
    // Each key once in the batch, as a multi-row upsert needs.
    expect(batch.pairs.length).toBe(new Set(batch.pairs.map((p) => `${p.a}|${p.b}`)).size);
    // A's last order pairs w with A's two most recent items only: y, then a1 before x at one instant.
    expect(oneByOne[5]?.pairs.filter((p) => p.a === 'w').map((p) => p.b)).toEqual(['a1', 'y']);
    expect(batch.pairs.find((p) => p.a === 'y' && p.b === 'z')).toEqual({ a: 'y', b: 'z', customers: 2 });
    expect(batch.itemDaily.find((i) => i.menuItemId === 'x')).toEqual({
      menuItemId: 'x',
      day: '2026-03-02',
      restaurantId: 'r1',
      orders: 2,
      quantity: 3,
    });
  });

  it('counts each customer once with the newest of their order instants', () => {
    expect(customerCounts([order('B', ['x'], 9), order('A', ['x'], 11), order('B', ['y'], 8)])).toEqual([
      { customerId: 'A', orders: 1, lastOrderAt: at(11) },
      { customerId: 'B', orders: 2, lastOrderAt: at(9) },
    ]);
  });
});
