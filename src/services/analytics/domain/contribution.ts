import type { OrderStatus } from '../../orders/index.js';
import type { FactLine, OrderFacts } from './order-facts.js';

/**
 * What one order adds to the aggregates, given what is known of it. The aggregates are sums of these, so
 * when an order's facts change, the change to the aggregates is (new contribution − applied contribution):
 * the order's row keeps the contribution it applied, which makes every update exact whatever came before.
 */
export interface Contribution {
  restaurantId: string;
  /** The order's placement hour and minute (UTC, ISO); every figure of the order counts there. */
  hour: string;
  minute: string;
  counters: Counters;
  status: OrderStatus;
  items: ItemContribution[];
}

/** The additive figures of an hour at a restaurant (`analytics.hourly`). */
export interface Counters {
  orders: number;
  revenue: number;
  /** Orders that brought revenue: the divisor of the average order value. */
  revenueOrders: number;
  cancelled: number;
  refunded: number;
  prepMs: number;
  prepCount: number;
  deliveryMs: number;
  deliveryCount: number;
  totalMs: number;
  totalCount: number;
}

export interface ItemContribution {
  menuItemId: string;
  name: string;
  quantity: number;
  revenue: number;
}

export const COUNTER_NAMES = [
  'orders',
  'revenue',
  'revenueOrders',
  'cancelled',
  'refunded',
  'prepMs',
  'prepCount',
  'deliveryMs',
  'deliveryCount',
  'totalMs',
  'totalCount',
] as const satisfies ReadonlyArray<keyof Counters>;

/** Money taken for the order, net of refunds (see the contract's notes); never below zero. */
export function orderRevenue(facts: OrderFacts): number {
  const fulfilled = facts.status === 'DELIVERED' || facts.status === 'PICKED_UP';
  const cash = facts.paymentMethod === 'CASH' && fulfilled ? (facts.totalAmount ?? 0) : 0;
  return Math.max(0, facts.capturedAmount + cash - facts.refundedAmount);
}

/** The order's share of the aggregates, or null while its restaurant or an instant to file it under is unknown. */
export function contributionOf(facts: OrderFacts): Contribution | null {
  const anchor = facts.placedAt ?? facts.firstSeenAt;
  if (facts.restaurantId === null || anchor === null || facts.status === null) return null;
  const revenue = orderRevenue(facts);
  const prep = span(facts.reached.CONFIRMED, facts.reached.READY);
  const delivery = span(facts.reached.OUT_FOR_DELIVERY, facts.reached.DELIVERED);
  const total = span(facts.placedAt ?? undefined, facts.reached.DELIVERED);
  const cancelled = facts.status === 'CANCELLED';
  return {
    restaurantId: facts.restaurantId,
    hour: truncate(anchor, HOUR_MS),
    minute: truncate(anchor, MINUTE_MS),
    status: facts.status,
    counters: {
      orders: 1,
      revenue,
      revenueOrders: revenue > 0 ? 1 : 0,
      cancelled: cancelled ? 1 : 0,
      refunded: facts.refunded ? 1 : 0,
      prepMs: prep ?? 0,
      prepCount: prep === null ? 0 : 1,
      deliveryMs: delivery ?? 0,
      deliveryCount: delivery === null ? 0 : 1,
      totalMs: total ?? 0,
      totalCount: total === null ? 0 : 1,
    },
    // What was sold: a cancelled order's lines sold nothing.
    items: cancelled
      ? []
      : mergeLines(facts.lines ?? []).map((line) => ({
          menuItemId: line.menuItemId,
          name: line.name,
          quantity: line.quantity,
          revenue: line.lineTotal,
        })),
  };
}

/** The changes to apply to each aggregate table; zero changes are left out. */
export interface AggregateDelta {
  hourly: Array<{ hour: string; restaurantId: string; counters: Counters }>;
  minutely: Array<{ minute: string; restaurantId: string; orders: number; revenue: number }>;
  statuses: Array<{ hour: string; restaurantId: string; status: OrderStatus; orders: number }>;
  items: Array<{ hour: string; restaurantId: string; menuItemId: string; name: string } & ItemQty>;
}

interface ItemQty {
  quantity: number;
  revenue: number;
}

/**
 * The aggregate changes that replace `applied` with `next`. Minutes before `minuteCutoff` are left alone on
 * both sides: those rows are pruned, and a change there must not bring a lone negative row back.
 * Rows come out sorted by key so that concurrent transactions touch shared rows in one order (no deadlock).
 */
export function contributionDelta(
  applied: Contribution | null,
  next: Contribution | null,
  minuteCutoff: string,
): AggregateDelta {
  return contributionsDelta([{ applied, next }], minuteCutoff);
}

/** The summed delta of several orders' changes (a batch of events), one row per aggregate key. */
export function contributionsDelta(
  changes: ReadonlyArray<{ applied: Contribution | null; next: Contribution | null }>,
  minuteCutoff: string,
): AggregateDelta {
  const hourly = new Map<string, { hour: string; restaurantId: string; counters: Counters }>();
  const minutely = new Map<
    string,
    { minute: string; restaurantId: string; orders: number; revenue: number }
  >();
  const statuses = new Map<
    string,
    { hour: string; restaurantId: string; status: OrderStatus; orders: number }
  >();
  const items = new Map<string, AggregateDelta['items'][number]>();
  const cutoff = Date.parse(minuteCutoff);

  const add = (c: Contribution, sign: 1 | -1) => {
    const hourKey = `${c.hour}|${c.restaurantId}`;
    const h = hourly.get(hourKey) ?? { hour: c.hour, restaurantId: c.restaurantId, counters: zeroCounters() };
    for (const name of COUNTER_NAMES) h.counters[name] += sign * c.counters[name];
    hourly.set(hourKey, h);

    if (Date.parse(c.minute) >= cutoff) {
      const minuteKey = `${c.minute}|${c.restaurantId}`;
      const m = minutely.get(minuteKey) ?? {
        minute: c.minute,
        restaurantId: c.restaurantId,
        orders: 0,
        revenue: 0,
      };
      m.orders += sign * c.counters.orders;
      m.revenue += sign * c.counters.revenue;
      minutely.set(minuteKey, m);
    }

    const statusKey = `${hourKey}|${c.status}`;
    const s = statuses.get(statusKey) ?? {
      hour: c.hour,
      restaurantId: c.restaurantId,
      status: c.status,
      orders: 0,
    };
    s.orders += sign;
    statuses.set(statusKey, s);

    for (const item of c.items) {
      const itemKey = `${hourKey}|${item.menuItemId}`;
      const i = items.get(itemKey) ?? {
        hour: c.hour,
        restaurantId: c.restaurantId,
        menuItemId: item.menuItemId,
        name: item.name,
        quantity: 0,
        revenue: 0,
      };
      i.quantity += sign * item.quantity;
      i.revenue += sign * item.revenue;
      // The newest name wins (an item renamed in the catalog keeps its id).
      if (sign === 1) i.name = item.name;
      items.set(itemKey, i);
    }
  };
  for (const { applied, next } of changes) {
    if (applied !== null) add(applied, -1);
    if (next !== null) add(next, 1);
  }

  const sorted = <T>(map: Map<string, T>, keep: (value: T) => boolean): T[] =>
    [...map.entries()]
      .filter(([, value]) => keep(value))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, value]) => value);

  return {
    hourly: sorted(hourly, (h) => COUNTER_NAMES.some((name) => h.counters[name] !== 0)),
    minutely: sorted(minutely, (m) => m.orders !== 0 || m.revenue !== 0),
    statuses: sorted(statuses, (s) => s.orders !== 0),
    items: sorted(items, (i) => i.quantity !== 0 || i.revenue !== 0),
  };
}

export function zeroCounters(): Counters {
  return {
    orders: 0,
    revenue: 0,
    revenueOrders: 0,
    cancelled: 0,
    refunded: 0,
    prepMs: 0,
    prepCount: 0,
    deliveryMs: 0,
    deliveryCount: 0,
    totalMs: 0,
    totalCount: 0,
  };
}

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** The ISO instant of the start of the hour (or minute) holding `iso`, in UTC. */
export function truncate(iso: string, unitMs: number): string {
  const ms = Date.parse(iso);
  return new Date(ms - (((ms % unitMs) + unitMs) % unitMs)).toISOString();
}

/** Milliseconds from `start` to `end` when both are known and in that order. */
function span(start: string | undefined, end: string | undefined): number | null {
  if (start === undefined || end === undefined) return null;
  const ms = Date.parse(end) - Date.parse(start);
  return ms >= 0 ? ms : null;
}

/** One entry per item: an order may list the same dish twice (different instructions). */
function mergeLines(lines: readonly FactLine[]): FactLine[] {
  const merged = new Map<string, FactLine>();
  for (const line of lines) {
    const held = merged.get(line.menuItemId);
    if (held === undefined) merged.set(line.menuItemId, { ...line });
    else {
      held.quantity += line.quantity;
      held.lineTotal += line.lineTotal;
    }
  }
  return [...merged.values()];
}
