import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { PromotionPage, PromotionView } from '../index.js';
import {
  RESTAURANT_A,
  RESTAURANT_B,
  UNKNOWN_RESTAURANT,
  at,
  createTestSql,
  inr,
  startPromotions,
  validPromotion,
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

const tokens = () => ({
  customer: h.accounts.customer.token,
  staffA: h.accounts.staffA.token,
  adminA: h.accounts.adminA.token,
  adminB: h.accounts.adminB.token,
  admin: h.accounts.admin.token,
});

async function expectNothingWritten(): Promise<void> {
  expect(await h.promotionRows()).toBe(0);
  expect(await h.outbox()).toEqual([]);
}

describe('creating an offer', () => {
  it('lets a restaurant admin create one for their restaurant, announced at once when it has started', async () => {
    const response = await h.call('POST', '/api/promotions', tokens().adminA, validPromotion());
    expect(response.statusCode).toBe(201);
    const created = response.json<PromotionView>();
    expect(response.headers.location).toBe(`/api/promotions/${created.id}`);
    expect(created).toMatchObject({
      restaurantId: RESTAURANT_A,
      title: 'Weekend feast',
      code: 'FEAST20',
      kind: 'PERCENT',
      percentOff: 20,
      amountOff: null,
      maxDiscount: inr(15_000),
      minimumOrder: null,
      maxRedemptions: null,
      perCustomerLimit: null,
      redeemed: 0,
      active: true,
      status: 'ACTIVE',
      startsAt: at(-60),
      endsAt: at(7 * 24 * 60),
    });
    const outbox = await h.outbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      type: 'PromotionStarted',
      version: 1,
      source: 'promotions',
      subject: created.id,
      data: {
        promotionId: created.id,
        restaurantId: RESTAURANT_A,
        title: 'Weekend feast',
        description: '20% off everything, up to ₹150',
        code: 'FEAST20',
        kind: 'PERCENT',
        percentOff: 20,
        amountOff: null,
        maxDiscount: inr(15_000),
        minimumOrder: null,
        startsAt: at(-60),
        endsAt: at(7 * 24 * 60),
      },
    });
  });

  it('lets a system admin create a platform-wide offer, and one for any restaurant', async () => {
    const platformWide = await h.create(tokens().admin, {
      restaurantId: null,
      code: undefined,
      kind: 'FIXED',
      percentOff: undefined,
      maxDiscount: undefined,
      amountOff: inr(5_000),
      minimumOrder: inr(30_000),
    });
    expect(platformWide).toMatchObject({
      restaurantId: null,
      code: null,
      kind: 'FIXED',
      amountOff: inr(5_000),
      percentOff: null,
      minimumOrder: inr(30_000),
    });
    const atB = await h.create(tokens().admin, { restaurantId: RESTAURANT_B, code: 'b-only' });
    expect(atB).toMatchObject({ restaurantId: RESTAURANT_B, code: 'B-ONLY' });
    expect(await h.promotionRows()).toBe(2);
  });

  it.each<[string, keyof ReturnType<typeof tokens> | undefined, Record<string, unknown>, number, string]>([
    ['without a token', undefined, {}, 401, 'COMMON.UNAUTHENTICATED'],
    ['by a customer', 'customer', {}, 403, 'PROMOTIONS.FORBIDDEN'],
    ['by staff of the restaurant', 'staffA', {}, 403, 'PROMOTIONS.FORBIDDEN'],
    ['by the admin of another restaurant', 'adminB', {}, 403, 'PROMOTIONS.FORBIDDEN'],
    ['platform-wide by a restaurant admin', 'adminA', { restaurantId: null }, 403, 'PROMOTIONS.FORBIDDEN'],
    [
      'without a restaurant by a restaurant admin',
      'adminA',
      { restaurantId: undefined },
      403,
      'PROMOTIONS.FORBIDDEN',
    ],
    [
      'for an unknown restaurant',
      'admin',
      { restaurantId: UNKNOWN_RESTAURANT },
      422,
      'PROMOTIONS.RESTAURANT_NOT_FOUND',
    ],
  ])('is refused %s, writing nothing', async (_why, who, overrides, status, code) => {
    const response = await h.call(
      'POST',
      '/api/promotions',
      who === undefined ? undefined : tokens()[who],
      validPromotion(overrides),
    );
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ status, code, message: expect.any(String) });
    await expectNothingWritten();
  });

  const badInputs: Array<[string, Record<string, unknown>, string]> = [
    ['no title', { title: undefined }, 'COMMON.VALIDATION_FAILED'],
    ['a title of spaces', { title: '   ' }, 'COMMON.VALIDATION_FAILED'],
    ['an oversized title', { title: 't'.repeat(121) }, 'COMMON.VALIDATION_FAILED'],
    ['no description', { description: undefined }, 'COMMON.VALIDATION_FAILED'],
    ['an unknown kind', { kind: 'BOGOF' }, 'COMMON.VALIDATION_FAILED'],
    ['a zero percentage', { percentOff: 0 }, 'COMMON.VALIDATION_FAILED'],
    ['a percentage above 100', { percentOff: 101 }, 'COMMON.VALIDATION_FAILED'],
    ['a fractional percentage', { percentOff: 12.5 }, 'COMMON.VALIDATION_FAILED'],
    ['a percentage as text', { percentOff: '20' }, 'COMMON.VALIDATION_FAILED'],
    ['a negative cap', { maxDiscount: inr(-100) }, 'COMMON.VALIDATION_FAILED'],
    [
      'a cap in another currency',
      { maxDiscount: { amount: 100, currency: 'USD' } },
      'COMMON.VALIDATION_FAILED',
    ],
    ['a fractional minimum order', { minimumOrder: inr(99.5) }, 'COMMON.VALIDATION_FAILED'],
    ['a code too short', { code: 'AB' }, 'COMMON.VALIDATION_FAILED'],
    ['a code too long', { code: 'C'.repeat(33) }, 'COMMON.VALIDATION_FAILED'],
    ['a code with a space', { code: 'SAVE 10' }, 'COMMON.VALIDATION_FAILED'],
    ['a code with a letter outside A-Z', { code: 'ŚAVE10' }, 'COMMON.VALIDATION_FAILED'],
    ['a start that is not an instant', { startsAt: 'tomorrow' }, 'COMMON.VALIDATION_FAILED'],
    ['no end', { endsAt: undefined }, 'COMMON.VALIDATION_FAILED'],
    ['a zero redemption cap', { maxRedemptions: 0 }, 'COMMON.VALIDATION_FAILED'],
    ['a zero per-customer limit', { perCustomerLimit: 0 }, 'COMMON.VALIDATION_FAILED'],
    ['a malformed restaurant id', { restaurantId: 'not-a-uuid' }, 'COMMON.VALIDATION_FAILED'],
    ['an end before the start', { startsAt: at(60), endsAt: at(30) }, 'PROMOTIONS.INVALID_PROMOTION'],
    ['an end equal to the start', { startsAt: at(60), endsAt: at(60) }, 'PROMOTIONS.INVALID_PROMOTION'],
    ['a window already over', { startsAt: at(-120), endsAt: at(-1) }, 'PROMOTIONS.INVALID_PROMOTION'],
    ['PERCENT without a percentage', { percentOff: undefined }, 'PROMOTIONS.INVALID_PROMOTION'],
    ['PERCENT with an amount off', { amountOff: inr(100) }, 'PROMOTIONS.INVALID_PROMOTION'],
    [
      'FIXED without an amount',
      { kind: 'FIXED', percentOff: undefined, maxDiscount: undefined },
      'PROMOTIONS.INVALID_PROMOTION',
    ],
    [
      'FIXED with a cap',
      { kind: 'FIXED', percentOff: undefined, amountOff: inr(100) },
      'PROMOTIONS.INVALID_PROMOTION',
    ],
  ];

  it.each(badInputs)('answers %s with 400 and its code, writing nothing', async (_why, overrides, code) => {
    const response = await h.call('POST', '/api/promotions', tokens().admin, validPromotion(overrides));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, code, message: expect.any(String) });
    await expectNothingWritten();
  });

  it('refuses a code another offer has, whatever its case, with 409 and no second row or event', async () => {
    await h.create(tokens().adminA, { code: 'Feast20' });
    const again = await h.call('POST', '/api/promotions', tokens().adminB, {
      ...validPromotion({ restaurantId: RESTAURANT_B }),
      code: 'fEaSt20',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'PROMOTIONS.CODE_TAKEN', details: { code: 'FEAST20' } });
    expect(await h.promotionRows()).toBe(1);
    expect(await h.outbox()).toHaveLength(1);
  });

  it('is also served under /api/v1', async () => {
    const response = await h.call('POST', '/api/v1/promotions', tokens().adminA, validPromotion());
    expect(response.statusCode).toBe(201);
  });
});

describe('changing and ending an offer', () => {
  it("lets the restaurant's admin change title, description, end and cap", async () => {
    const created = await h.create(tokens().adminA);
    h.clock.advance(60_000);
    const response = await h.call('PATCH', `/api/promotions/${created.id}`, tokens().adminA, {
      title: 'Weekday feast',
      description: 'Now on weekdays',
      endsAt: at(24 * 60),
      maxRedemptions: 500,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: created.id,
      title: 'Weekday feast',
      description: 'Now on weekdays',
      endsAt: at(24 * 60),
      maxRedemptions: 500,
      updatedAt: at(1),
    });
    const lifted = await h.call('PATCH', `/api/promotions/${created.id}`, tokens().admin, {
      maxRedemptions: null,
    });
    expect(lifted.json()).toMatchObject({ maxRedemptions: null });
    // A change is not a start: still the one announcement of the creation.
    expect(await h.outbox()).toHaveLength(1);
  });

  it.each<[string, keyof ReturnType<typeof tokens> | undefined, number, string]>([
    ['without a token', undefined, 401, 'COMMON.UNAUTHENTICATED'],
    ['by a customer', 'customer', 403, 'PROMOTIONS.FORBIDDEN'],
    ['by staff of the restaurant', 'staffA', 403, 'PROMOTIONS.FORBIDDEN'],
    ['by the admin of another restaurant', 'adminB', 403, 'PROMOTIONS.FORBIDDEN'],
  ])('refuses a change or an end %s, changing nothing', async (_why, who, status, code) => {
    const created = await h.create(tokens().adminA);
    const token = who === undefined ? undefined : tokens()[who];
    const patch = await h.call('PATCH', `/api/promotions/${created.id}`, token, { title: 'Hijacked' });
    expect(patch.statusCode).toBe(status);
    expect(patch.json()).toMatchObject({ code });
    const end = await h.call('DELETE', `/api/promotions/${created.id}`, token);
    expect(end.statusCode).toBe(status);
    const now = await h.call('GET', `/api/promotions/${created.id}`, tokens().adminA);
    expect(now.json()).toEqual(created);
  });

  it('refuses a platform-wide offer to restaurant admins', async () => {
    const created = await h.create(tokens().admin, { restaurantId: null });
    const patch = await h.call('PATCH', `/api/promotions/${created.id}`, tokens().adminA, { title: 'Mine' });
    expect(patch.statusCode).toBe(403);
    expect(patch.json()).toMatchObject({ code: 'PROMOTIONS.FORBIDDEN' });
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const unknown = h.deps.ids.next();
    const patch = await h.call('PATCH', `/api/promotions/${unknown}`, tokens().admin, { title: 'x' });
    expect(patch.statusCode).toBe(404);
    expect(patch.json()).toMatchObject({ code: 'PROMOTIONS.NOT_FOUND' });
    const end = await h.call('DELETE', `/api/promotions/${unknown}`, tokens().admin);
    expect(end.statusCode).toBe(404);
    const get = await h.call('GET', `/api/promotions/${unknown}`);
    expect(get.statusCode).toBe(404);
    expect(get.json()).toMatchObject({ code: 'PROMOTIONS.NOT_FOUND' });
    const malformed = await h.call('PATCH', '/api/promotions/not-a-uuid', tokens().admin, { title: 'x' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty change', {}, 'PROMOTIONS.INVALID_PROMOTION'],
    ['an end before the start', { endsAt: at(-61) }, 'PROMOTIONS.INVALID_PROMOTION'],
    ['a cap below the redemptions held', { maxRedemptions: 1 }, 'PROMOTIONS.INVALID_PROMOTION'],
    ['a blank title', { title: ' ' }, 'COMMON.VALIDATION_FAILED'],
    ['an end that is not an instant', { endsAt: 'soon' }, 'COMMON.VALIDATION_FAILED'],
    ['a cap of zero', { maxRedemptions: 0 }, 'COMMON.VALIDATION_FAILED'],
    ['an active flag as text', { active: 'no' }, 'COMMON.VALIDATION_FAILED'],
  ])('refuses %s with 400, changing nothing', async (_why, patch, code) => {
    const created = await h.create(tokens().adminA, { maxRedemptions: 10 });
    for (const orderId of [h.deps.ids.next(), h.deps.ids.next()]) {
      await h.promotions.client.redeem({
        code: 'FEAST20',
        orderId,
        restaurantId: RESTAURANT_A,
        customerId: h.accounts.customer.id,
        subtotal: inr(50_000),
      });
    }
    const before = (await h.call('GET', `/api/promotions/${created.id}`, tokens().adminA)).json();
    const response = await h.call('PATCH', `/api/promotions/${created.id}`, tokens().adminA, patch);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, code });
    expect((await h.call('GET', `/api/promotions/${created.id}`, tokens().adminA)).json()).toEqual(before);
    expect(await h.outbox()).toHaveLength(1);
  });

  it('deactivates on DELETE: hidden from the public, shown INACTIVE to its admins, twice is fine', async () => {
    const created = await h.create(tokens().adminA);
    const end = await h.call('DELETE', `/api/promotions/${created.id}`, tokens().adminA);
    expect(end.statusCode).toBe(204);
    expect((await h.call('GET', `/api/promotions/${created.id}`, tokens().customer)).statusCode).toBe(404);
    expect((await h.call('GET', `/api/promotions/${created.id}`)).statusCode).toBe(404);
    const seen = await h.call('GET', `/api/promotions/${created.id}`, tokens().adminA);
    expect(seen.json()).toMatchObject({ active: false, status: 'INACTIVE' });
    expect((await h.call('DELETE', `/api/promotions/${created.id}`, tokens().admin)).statusCode).toBe(204);
    const list = await h.call('GET', '/api/promotions');
    expect(list.json<PromotionPage>().totalElements).toBe(0);
  });
});

describe('reading offers', () => {
  async function seedOffers() {
    const running = await h.create(tokens().adminA, { code: 'RUN-A', title: 'B running' });
    const platformWide = await h.create(tokens().admin, { restaurantId: null, code: 'ALL', title: 'A all' });
    const atB = await h.create(tokens().adminB, {
      restaurantId: RESTAURANT_B,
      code: 'RUN-B',
      title: 'C at B',
    });
    const scheduled = await h.create(tokens().adminA, { code: 'LATER', startsAt: at(60), endsAt: at(120) });
    const ending = await h.create(tokens().adminA, { code: 'ENDING', startsAt: at(-60), endsAt: at(10) });
    const ended = await h.create(tokens().adminA, { code: 'ENDED' });
    await h.call('DELETE', `/api/promotions/${ended.id}`, tokens().adminA);
    h.clock.advance(11 * 60_000);
    return { running, platformWide, atB, scheduled, ending, ended };
  }
  const ids = (response: { json<T>(): T }) => response.json<PromotionPage>().content.map((p) => p.id);

  it('lists the offers running now to anyone, soonest-ending first, filtered by restaurant', async () => {
    const o = await seedOffers();
    const all = await h.call('GET', '/api/promotions');
    expect(all.statusCode).toBe(200);
    expect(new Set(ids(all))).toEqual(new Set([o.running.id, o.platformWide.id, o.atB.id]));
    expect(all.json<PromotionPage>().content.every((p) => p.status === 'ACTIVE')).toBe(true);
    const atA = await h.call('GET', `/api/promotions?restaurantId=${RESTAURANT_A}`, tokens().customer);
    expect(ids(atA)).toEqual([o.running.id]);
    const byTitle = await h.call('GET', '/api/promotions?sort=title');
    expect(ids(byTitle)).toEqual([o.platformWide.id, o.running.id, o.atB.id]);
  });

  it('pages like the other lists', async () => {
    await seedOffers();
    const page = await h.call('GET', '/api/promotions?sort=title&size=2&page=1');
    expect(page.json()).toMatchObject({ page: 1, size: 2, totalElements: 3, totalPages: 2 });
    expect(page.json<PromotionPage>().content).toHaveLength(1);
    const tooBig = await h.call('GET', '/api/promotions?size=101');
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json()).toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
    const badSort = await h.call('GET', '/api/promotions?sort=code');
    expect(badSort.statusCode).toBe(400);
  });

  it("shows inactive offers to the restaurant's admins and system admins only", async () => {
    const o = await seedOffers();
    const mine = await h.call(
      'GET',
      `/api/promotions?restaurantId=${RESTAURANT_A}&includeInactive=true&sort=createdAt`,
      tokens().adminA,
    );
    expect(mine.statusCode).toBe(200);
    expect(ids(mine)).toEqual([o.running.id, o.scheduled.id, o.ending.id, o.ended.id]);
    expect(mine.json<PromotionPage>().content.map((p) => p.status)).toEqual([
      'ACTIVE',
      'SCHEDULED',
      'EXPIRED',
      'INACTIVE',
    ]);
    const everything = await h.call('GET', '/api/promotions?includeInactive=true', tokens().admin);
    expect(everything.json<PromotionPage>().totalElements).toBe(6);

    const refusals: Array<[string | undefined, string, number, string]> = [
      [undefined, `restaurantId=${RESTAURANT_A}`, 401, 'COMMON.UNAUTHENTICATED'],
      [tokens().customer, `restaurantId=${RESTAURANT_A}`, 403, 'PROMOTIONS.FORBIDDEN'],
      [tokens().staffA, `restaurantId=${RESTAURANT_A}`, 403, 'PROMOTIONS.FORBIDDEN'],
      [tokens().adminB, `restaurantId=${RESTAURANT_A}`, 403, 'PROMOTIONS.FORBIDDEN'],
      [tokens().adminA, '', 403, 'PROMOTIONS.FORBIDDEN'],
    ];
    for (const [token, filter, status, code] of refusals) {
      const response = await h.call('GET', `/api/promotions?includeInactive=true&${filter}`, token);
      expect(response.statusCode).toBe(status);
      expect(response.json()).toMatchObject({ code });
    }
  });

  it('shows one offer to anyone once started, a scheduled one only to its admins', async () => {
    const o = await seedOffers();
    const running = await h.call('GET', `/api/promotions/${o.running.id}`);
    expect(running.statusCode).toBe(200);
    expect(running.json()).toMatchObject({ id: o.running.id, status: 'ACTIVE' });
    const expired = await h.call('GET', `/api/promotions/${o.ending.id}`, tokens().customer);
    expect(expired.json()).toMatchObject({ status: 'EXPIRED' });
    expect((await h.call('GET', `/api/promotions/${o.scheduled.id}`, tokens().customer)).statusCode).toBe(
      404,
    );
    expect((await h.call('GET', `/api/promotions/${o.scheduled.id}`, tokens().adminB)).statusCode).toBe(404);
    const own = await h.call('GET', `/api/promotions/${o.scheduled.id}`, tokens().adminA);
    expect(own.json()).toMatchObject({ status: 'SCHEDULED', code: 'LATER' });
  });
});

describe('the API document', () => {
  it('documents every promotions route, tagged promotions', async () => {
    const response = await h.call('GET', '/docs/json');
    expect(response.statusCode).toBe(200);
    const paths = response.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>().paths;
    const routes = [
      ['/api/promotions', 'get'],
      ['/api/promotions', 'post'],
      ['/api/promotions/quote', 'post'],
      ['/api/promotions/{id}', 'get'],
      ['/api/promotions/{id}', 'patch'],
      ['/api/promotions/{id}', 'delete'],
    ] as const;
    for (const [path, method] of routes) expect(paths[path]?.[method]?.tags).toEqual(['promotions']);
  });
});
