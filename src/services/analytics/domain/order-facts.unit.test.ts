import { describe, expect, it } from 'vitest';
import { contributionDelta, contributionOf } from './contribution.js';
import {
  applyCreated,
  applyPayment,
  applyRefund,
  applyStatus,
  emptyFacts,
  type OrderFacts,
} from './order-facts.js';

const R = 'restaurant-a';
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();

type Step = (facts: OrderFacts) => OrderFacts;
const created: Step = (f) =>
  applyCreated(f, {
    restaurantId: R,
    createdAt: at(0),
    totalAmount: 31000,
    paymentMethod: 'CARD',
    lines: [{ menuItemId: 'dosa', name: 'Masala Dosa', quantity: 2, lineTotal: 24000 }],
  });
const status =
  (s: Parameters<typeof applyStatus>[1]['status'], minute: number, refunded = false): Step =>
  (f) =>
    applyStatus(f, { restaurantId: R, status: s, changedAt: at(minute), totalAmount: 31000, refunded });
const captured: Step = (f) => applyPayment(f, { captured: 31000 });
const refund: Step = (f) => applyRefund(f, 31000);

const run = (steps: Step[]) => steps.reduce((facts, step) => step(facts), emptyFacts('o1'));

/** Every ordering of `steps` (n! of them; keep n small). */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('order facts', () => {
  it('come out the same in whatever order the events arrive, and when they repeat', () => {
    const life = [
      created,
      captured,
      status('CONFIRMED', 1),
      status('PREPARING', 3),
      status('READY', 15),
      status('OUT_FOR_DELIVERY', 20),
    ];
    const expected = run(life);
    expect(expected).toMatchObject({ status: 'OUT_FOR_DELIVERY', placedAt: at(0), capturedAmount: 31000 });
    for (const order of permutations(life)) {
      expect(run(order)).toEqual(expected);
      expect(run([...order, ...order])).toEqual(expected);
    }
  });

  it('never moves the status back when an older change arrives late', () => {
    const facts = run([created, status('READY', 15), status('CONFIRMED', 1)]);
    expect(facts.status).toBe('READY');
    expect(facts.reached).toMatchObject({ PENDING: at(0), READY: at(15), CONFIRMED: at(1) });
  });

  it('breaks a tie of instants by the order of statuses (confirmed as it was placed)', () => {
    expect(run([status('CONFIRMED', 0), created]).status).toBe('CONFIRMED');
    expect(run([created, status('CONFIRMED', 0)]).status).toBe('CONFIRMED');
  });

  it('files an order seen only through a status change under that instant until OrderCreated arrives', () => {
    const early = run([status('CONFIRMED', 30)]);
    expect(early).toMatchObject({ placedAt: null, firstSeenAt: at(30), restaurantId: R });
    expect(run([status('CONFIRMED', 30), created]).firstSeenAt).toBe(at(0));
  });

  it('keeps a refund however the refund and the cancellation interleave', () => {
    const cancelledThenRefunded = run([created, captured, status('CANCELLED', 5), refund]);
    const refundedThenCancelled = run([refund, created, status('CANCELLED', 5, true), captured]);
    expect(cancelledThenRefunded).toMatchObject({
      refunded: true,
      refundedAmount: 31000,
      status: 'CANCELLED',
    });
    expect(refundedThenCancelled).toMatchObject({
      refunded: true,
      refundedAmount: 31000,
      status: 'CANCELLED',
    });
  });

  it('gives aggregates whose sum over any order of events equals the final contribution', () => {
    const life = [created, captured, status('CONFIRMED', 1), status('CANCELLED', 4), refund];
    const final = contributionOf(run(life));
    for (const order of permutations(life)) {
      let facts = emptyFacts('o1');
      let applied = null;
      // Sum every delta as the consumer would apply them, then compare with the final contribution.
      const hourly = new Map<string, number>();
      for (const step of order) {
        facts = step(facts);
        const next = contributionOf(facts);
        for (const row of contributionDelta(applied, next, at(0)).hourly) {
          const key = `${row.hour}|${row.restaurantId}`;
          hourly.set(key, (hourly.get(key) ?? 0) + row.counters.orders * 1_000_000 + row.counters.revenue);
        }
        applied = next;
      }
      const nonZero = [...hourly.entries()].filter(([, value]) => value !== 0);
      expect(nonZero).toEqual([[`${final?.hour}|${R}`, 1_000_000 + (final?.counters.revenue ?? 0)]]);
    }
  });
});
