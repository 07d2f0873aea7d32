import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requireServer } from '../../../../test/support/require-server.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { createMemoryCache } from '../../../platform/cache/index.js';
import { loadConfig } from '../../../platform/config/index.js';
import { createPostgresSql, migrate, type Sql } from '../../../platform/db/index.js';
import {
  createEventSchemaRegistry,
  createInProcessBus,
  type EventBus,
} from '../../../platform/messaging/index.js';
import { silentLogger } from '../../../platform/observability/logger.js';
import { manualClock } from '../../../platform/time/clock.js';
import { uuidV7Ids } from '../../../platform/time/ids.js';
import { createPromotionsService, type PromotionsService } from '../index.js';
import { RESTAURANT_A, START, at, inr } from './promotions-harness.js';

/**
 * The races on PostgreSQL, where transactions really run at once (PGlite has one connection and serialises
 * them): two instances of the service, each with its own pool, on a database of this file's own.
 */
const server = await requireServer('DATABASE_URL');
let database: TestDatabase | undefined;

interface Instance {
  sql: Sql;
  bus: EventBus;
  service: PromotionsService;
}

const clock = manualClock(START);
const instances: Instance[] = [];

async function startInstance(): Promise<Instance> {
  if (database === undefined) throw new Error('the database is made in beforeAll');
  const sql = await createPostgresSql({ url: database.url, poolSize: 8 });
  const log = silentLogger();
  const bus = createInProcessBus({ log });
  const service = await createPromotionsService({
    config: loadConfig({}),
    log,
    sql,
    clock,
    ids: uuidV7Ids,
    bus,
    events: createEventSchemaRegistry(),
    cache: createMemoryCache({ maxEntries: 100, defaultTtlMs: 60_000, clock }),
    restaurants: { getRestaurant: async ({ id }) => ({ id }) },
  });
  await migrate(sql, service.migrations);
  const instance = { sql, bus, service };
  instances.push(instance);
  return instance;
}

let a: Instance;
let b: Instance;

describe.skipIf(!server.available)('promotions on PostgreSQL', () => {
  beforeAll(async () => {
    database = await createTestDatabase(server.url, 'sattzabite_promotions');
    a = await startInstance();
    b = await startInstance();
  });

  afterAll(async () => {
    for (const instance of instances) {
      await instance.service.stop();
      await instance.bus.close();
      await instance.sql.close();
    }
    await database?.drop();
  });

  beforeEach(async () => {
    await a.sql.exec(
      `TRUNCATE promotions.customer_uses, promotions.redemptions, promotions.promotions, promotions.outbox`,
    );
    clock.set(START);
  });

  /** An offer written straight to the table (the routes are covered on PGlite); returns its id. */
  async function offer(
    code: string,
    terms: { maxRedemptions?: number; perCustomerLimit?: number; startsAt?: string } = {},
  ): Promise<string> {
    const id = uuidV7Ids.next();
    await a.sql.query(
      `INSERT INTO promotions.promotions (id, restaurant_id, title, description, code, kind, percent_off,
         starts_at, ends_at, max_redemptions, per_customer_limit, created_by, created_at, updated_at)
       VALUES ($1, $2, 'Race day', '', $3, 'PERCENT', 10, $4, $5, $6, $7, $8, $9, $9)`,
      [
        id,
        RESTAURANT_A,
        code,
        terms.startsAt ?? at(-60),
        at(24 * 60),
        terms.maxRedemptions ?? null,
        terms.perCustomerLimit ?? null,
        uuidV7Ids.next(),
        at(-60),
      ],
    );
    return id;
  }

  const redeemInput = (code: string, customerId = uuidV7Ids.next(), orderId = uuidV7Ids.next()) => ({
    code,
    orderId,
    restaurantId: RESTAURANT_A,
    customerId,
    subtotal: inr(50_000),
  });

  async function counts(promotionId: string): Promise<{ redeemed: number; held: number }> {
    const { rows } = await a.sql.query<{ redeemed: number; held: number }>(
      `SELECT p.redeemed, (SELECT count(*)::int FROM promotions.redemptions r
                           WHERE r.promotion_id = p.id AND r.status <> 'RELEASED') AS held
       FROM promotions.promotions p WHERE p.id = $1`,
      [promotionId],
    );
    return rows[0] ?? { redeemed: -1, held: -1 };
  }

  it('lets exactly one of two orders on two instances take the last redemption, every time', async () => {
    for (let round = 0; round < 10; round += 1) {
      const code = `LAST-${round}`;
      const id = await offer(code, { maxRedemptions: 1 });
      const outcomes = await Promise.allSettled([
        a.service.client.redeem(redeemInput(code)),
        b.service.client.redeem(redeemInput(code)),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find((outcome) => outcome.status === 'rejected');
      expect(lost?.status === 'rejected' && lost.reason).toMatchObject({ code: 'PROMOTIONS.CODE_EXHAUSTED' });
      expect(await counts(id)).toEqual({ redeemed: 1, held: 1 });
    }
  });

  it('hands out exactly the cap when twenty orders race for five', async () => {
    const id = await offer('FIVE', { maxRedemptions: 5 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).service.client.redeem(redeemInput('FIVE'))),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
    expect(await counts(id)).toEqual({ redeemed: 5, held: 5 });
  });

  it('answers concurrent repeats of one order the same, taking one redemption', async () => {
    const id = await offer('SAME', { maxRedemptions: 3 });
    const input = redeemInput('SAME');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? a : b).service.client.redeem(input)),
    );
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await counts(id)).toEqual({ redeemed: 1, held: 1 });
  });

  it("holds one customer's racing orders to the per-customer limit", async () => {
    const id = await offer('MINE', { perCustomerLimit: 2 });
    const customerId = uuidV7Ids.next();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 === 0 ? a : b).service.client.redeem(redeemInput('MINE', customerId)),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toMatchObject({ code: 'PROMOTIONS.CUSTOMER_LIMIT_REACHED' });
      }
    }
    expect(await counts(id)).toEqual({ redeemed: 2, held: 2 });
  });

  it('gives a redemption back once when releases race, and redeems and releases interleave cleanly', async () => {
    const id = await offer('BACK', { maxRedemptions: 10 });
    const inputs = Array.from({ length: 6 }, () => redeemInput('BACK'));
    await Promise.all(inputs.map((input) => a.service.client.redeem(input)));
    const first = inputs[0]!;
    const releases = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 === 0 ? a : b).service.client.release({ orderId: first.orderId }),
      ),
    );
    expect(releases).toEqual(Array.from({ length: 6 }, () => ({ released: true })));
    expect(await counts(id)).toEqual({ redeemed: 5, held: 5 });

    // Releases of held orders interleaved with new orders: the counter always equals the held rows.
    await Promise.all([
      ...inputs.slice(1, 4).map((input) => b.service.client.release({ orderId: input.orderId })),
      ...Array.from({ length: 4 }, () => a.service.client.redeem(redeemInput('BACK'))),
    ]);
    expect(await counts(id)).toEqual({ redeemed: 6, held: 6 });
  });

  it('announces each offer once when both instances run the timer at the same moment', async () => {
    const ids = await Promise.all(
      ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'].map((code) => offer(`${code}-X`, { startsAt: at(10) })),
    );
    clock.set(at(10));
    const announced = await Promise.all([
      a.service.announceDue(),
      b.service.announceDue(),
      a.service.announceDue(),
      b.service.announceDue(),
    ]);
    expect(announced.reduce((x, y) => x + y, 0)).toBe(ids.length);
    const { rows } = await a.sql.query<{ subject: string }>(
      `SELECT subject FROM promotions.outbox WHERE event->>'type' = 'PromotionStarted' ORDER BY subject`,
    );
    expect(rows.map((row) => row.subject)).toEqual([...ids].sort());
  });

  it('releases each lapsed reservation once when both instances run the timer', async () => {
    const id = await offer('LAPSE', { maxRedemptions: 20 });
    await Promise.all(Array.from({ length: 8 }, () => a.service.client.redeem(redeemInput('LAPSE'))));
    clock.set(at(16));
    const released = await Promise.all([
      a.service.releaseLapsedReservations(),
      b.service.releaseLapsedReservations(),
    ]);
    expect(released[0] + released[1]).toBe(8);
    expect(await counts(id)).toEqual({ redeemed: 0, held: 0 });
  });
});
