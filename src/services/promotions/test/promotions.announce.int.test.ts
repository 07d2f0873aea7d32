import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import {
  RESTAURANT_A,
  at,
  createTestSql,
  startPromotions,
  until,
  type PromotionsHarness,
} from './promotions-harness.js';

let sql: PgliteSql;
let h: PromotionsHarness;
beforeAll(async () => {
  sql = await createTestSql();
  h = await startPromotions(sql);
});
afterAll(async () => {
  await h.close();
  await sql.close();
});
beforeEach(async () => {
  await h.reset();
});

const started = async () => (await h.outbox()).filter((event) => event.type === 'PromotionStarted');

describe('announcing an offer', () => {
  it('announces an offer that starts now in its creation transaction, once', async () => {
    const created = await h.create(h.accounts.adminA.token, { startsAt: at(0) });
    expect((await started()).map((event) => event.subject)).toEqual([created.id]);
    expect(await h.promotions.announceDue()).toBe(0);
    h.clock.advance(60 * 60_000);
    expect(await h.promotions.announceDue()).toBe(0);
    expect(await started()).toHaveLength(1);
  });

  it('announces a scheduled offer by the timer once its start has come, exactly once', async () => {
    const later = await h.create(h.accounts.adminA.token, {
      code: 'LATER',
      startsAt: at(30),
      endsAt: at(90),
    });
    const evenLater = await h.create(h.accounts.admin.token, {
      restaurantId: null,
      code: 'EVEN-LATER',
      startsAt: at(45),
      endsAt: at(90),
    });
    expect(await started()).toEqual([]);

    h.clock.set(at(29));
    expect(await h.promotions.announceDue()).toBe(0);
    h.clock.set(at(30));
    expect(await h.promotions.announceDue()).toBe(1);
    expect(await h.promotions.announceDue()).toBe(0);
    h.clock.set(at(50));
    expect(await h.promotions.announceDue()).toBe(1);
    expect(await h.promotions.announceDue()).toBe(0);

    const events = await started();
    expect(events.map((event) => event.subject)).toEqual([later.id, evenLater.id]);
    expect(events[0]).toMatchObject({
      type: 'PromotionStarted',
      time: at(30),
      data: { promotionId: later.id, restaurantId: RESTAURANT_A, code: 'LATER', startsAt: at(30) },
    });
    expect(events[1]).toMatchObject({ data: { restaurantId: null, code: 'EVEN-LATER' } });
  });

  it('announces each offer once when several runs race', async () => {
    for (const code of ['R1', 'R2', 'R3', 'R4', 'R5'].map((c) => `${c}-X`)) {
      await h.create(h.accounts.adminA.token, { code, startsAt: at(10) });
    }
    h.clock.set(at(10));
    const counts = await Promise.all([1, 2, 3, 4].map(() => h.promotions.announceDue()));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
    const subjects = (await started()).map((event) => event.subject);
    expect(new Set(subjects).size).toBe(5);
    expect(subjects).toHaveLength(5);
  });

  it('never announces an offer deactivated before its start, nor one whose window passed unseen', async () => {
    const cancelled = await h.create(h.accounts.adminA.token, { code: 'OFF', startsAt: at(10) });
    await h.create(h.accounts.adminA.token, { code: 'MISSED', startsAt: at(10), endsAt: at(20) });
    expect(
      (await h.call('DELETE', `/api/promotions/${cancelled.id}`, h.accounts.adminA.token)).statusCode,
    ).toBe(204);
    h.clock.set(at(25));
    expect(await h.promotions.announceDue()).toBe(0);
    expect(await started()).toEqual([]);
  });

  it('announces an offer switched back on inside its window in that change, once', async () => {
    const offer = await h.create(h.accounts.adminA.token, { code: 'BACK', startsAt: at(10) });
    await h.call('DELETE', `/api/promotions/${offer.id}`, h.accounts.adminA.token);
    h.clock.set(at(15));
    expect(await h.promotions.announceDue()).toBe(0);
    const back = await h.call('PATCH', `/api/promotions/${offer.id}`, h.accounts.adminA.token, {
      active: true,
    });
    expect(back.json()).toMatchObject({ active: true, status: 'ACTIVE' });
    expect((await started()).map((event) => event.subject)).toEqual([offer.id]);
    await h.call('DELETE', `/api/promotions/${offer.id}`, h.accounts.adminA.token);
    await h.call('PATCH', `/api/promotions/${offer.id}`, h.accounts.adminA.token, { active: true });
    expect(await h.promotions.announceDue()).toBe(0);
    expect(await started()).toHaveLength(1);
  });

  it('publishes the announcement on the bus through the outbox', async () => {
    const seen: EventEnvelope[] = [];
    let arrived: () => void = () => {};
    const delivered = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    await h.bus.subscribe({
      durableName: `promotions-test-observer-${h.deps.ids.next()}`,
      types: ['PromotionStarted'],
      maxDeliver: 3,
      backoffMs: () => 10,
      async handle(event) {
        seen.push(event);
        arrived();
      },
    });
    const created = await h.create(h.accounts.admin.token, { restaurantId: null, code: 'BUS' });
    await delivered;
    expect(seen.map((event) => event.subject)).toEqual([created.id]);
  });
});

describe('the timer', () => {
  it('runs the announcement on its own interval once started', async () => {
    // A platform of its own whose timer fires every 20 ms.
    const own = await createTestSql();
    const quick = await startPromotions(own, { settings: { timerIntervalMs: 20 } });
    try {
      const offer = await quick.create(quick.accounts.adminA.token, { code: 'TICK', startsAt: at(5) });
      quick.clock.set(at(5));
      const subjects = await until(async () => {
        const events = await quick.outbox();
        return events.length > 0 ? events.map((event) => event.subject) : undefined;
      }, 'the timer to announce the offer');
      expect(subjects).toEqual([offer.id]);
    } finally {
      await quick.close();
      await own.close();
    }
  });
});
