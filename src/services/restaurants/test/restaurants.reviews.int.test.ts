import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { ReviewPage, RestaurantProfileUpdatedV1, RestaurantView } from '../index.js';
import { feed, statusUpdated } from './order-events.js';
import {
  ALWAYS_OPEN,
  createTestSql,
  startRestaurants,
  type RestaurantsHarness,
} from './restaurants-harness.js';

let sql: PgliteSql;
let h: RestaurantsHarness;
let restaurant: RestaurantView;
let ann: { id: string; token: string };
beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startRestaurants(sql);
  restaurant = await h.restaurant();
  ann = await h.user();
});
afterEach(async () => {
  await h.close();
});

const UNKNOWN = '0190f000-0000-7000-8000-0000000000ff';

/** A new order of `customer` at `restaurantId`, completed (DELIVERED) through the event unless told otherwise. */
async function order(
  customer = ann.id,
  options: { restaurantId?: string; status?: 'DELIVERED' | 'PICKED_UP' | 'PREPARING' } = {},
): Promise<string> {
  const orderId = h.deps.ids.next();
  const restaurantId = options.restaurantId ?? restaurant.id;
  await feed(
    h,
    statusUpdated({ orderId, customerId: customer, restaurantId }, options.status ?? 'DELIVERED'),
  );
  return orderId;
}
const review = (payload: unknown, token = ann.token, id = restaurant.id) =>
  h.request({ method: 'POST', url: `/api/restaurants/${id}/reviews`, token, payload });
const rating = async (id = restaurant.id) =>
  (await h.request({ method: 'GET', url: `/api/restaurants/${id}` })).json<RestaurantView>().rating;
const reviews = async (query = '', id = restaurant.id) =>
  (await h.request({ method: 'GET', url: `/api/restaurants/${id}/reviews${query}` })).json<ReviewPage>();
const countOf = async (table: 'reviews' | 'review_eligibility') =>
  (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM restaurants.${table}`)).rows[0]?.n;

describe('review eligibility', () => {
  it('records DELIVERED and PICKED_UP orders from OrderStatusUpdated, each event fed twice', async () => {
    const ids = { orderId: h.deps.ids.next(), customerId: ann.id, restaurantId: restaurant.id };
    await feed(h, statusUpdated(ids, 'PREPARING'));
    await feed(h, statusUpdated(ids, 'CANCELLED'));
    expect(await countOf('review_eligibility')).toBe(0);
    await feed(h, statusUpdated(ids, 'DELIVERED', '2026-03-02T08:45:00.000Z'));
    await feed(h, statusUpdated({ ...ids, orderId: h.deps.ids.next() }, 'PICKED_UP'));
    // A repeated fact under a new event id (the orders service re-publishing) changes nothing either.
    await feed(h, statusUpdated(ids, 'DELIVERED', '2026-03-02T08:50:00.000Z'));
    const { rows } = await sql.query(
      `SELECT order_id, customer_id, restaurant_id, completed_at FROM restaurants.review_eligibility
       WHERE order_id = $1`,
      [ids.orderId],
    );
    expect(rows).toEqual([
      {
        order_id: ids.orderId,
        customer_id: ann.id,
        restaurant_id: restaurant.id,
        completed_at: new Date('2026-03-02T08:45:00.000Z'),
      },
    ]);
    expect(await countOf('review_eligibility')).toBe(2);
  });
});

describe('POST /api/restaurants/{id}/reviews', () => {
  it('takes a review of a delivered order; the rating, the event and the cached detail follow', async () => {
    expect(await rating()).toEqual({ average: 0, count: 0 }); // now cached
    const first = await review({ orderId: await order(), rating: 5, comment: '  Crisp!  ' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({
      id: expect.any(String),
      restaurantId: restaurant.id,
      rating: 5,
      comment: 'Crisp!',
      reviewerName: expect.stringMatching(/^Test User \d+$/),
      createdAt: '2026-03-02T09:00:00.000Z',
    });
    expect(await rating()).toEqual({ average: 5, count: 1 });

    h.clock.advance(60_000);
    const second = await review({ orderId: await order(ann.id, { status: 'PICKED_UP' }), rating: 3 });
    expect(second.statusCode).toBe(201);
    expect(second.json()).not.toHaveProperty('comment');
    expect(await rating()).toEqual({ average: 4, count: 2 });

    const events = await h.outbox('RestaurantProfileUpdated');
    expect(events.map((e) => (e.data as RestaurantProfileUpdatedV1).restaurant.rating)).toEqual([
      { average: 0, count: 0 },
      { average: 5, count: 1 },
      { average: 4, count: 2 },
    ]);
  });

  it("blends reviews into an imported restaurant's rating by its count", async () => {
    const id = '0190f000-0000-7000-8000-00000000b001';
    await h.client.importRestaurants({
      restaurants: [
        {
          id,
          name: 'Imported',
          address: {
            line1: '1 Road',
            city: 'Bengaluru',
            postcode: '560001',
            latitude: 12.97,
            longitude: 77.59,
          },
          contact: { phone: '+91 80 0000 0000', email: 'imported@demo.test' },
          deliveryRadiusKm: 5,
          timeZone: 'UTC',
          hours: ALWAYS_OPEN,
          rating: { average: 4.5, count: 10 },
        },
      ],
    });
    const response = await review(
      { orderId: await order(ann.id, { restaurantId: id }), rating: 1 },
      ann.token,
      id,
    );
    expect(response.statusCode).toBe(201);
    const after = await rating(id);
    expect(after.count).toBe(11);
    expect(after.average).toBeCloseTo((4.5 * 10 + 1) / 11, 10);
  });

  it('answers 409 RESTAURANTS.ALREADY_REVIEWED for a second review of one order, changing nothing', async () => {
    const orderId = await order();
    expect((await review({ orderId, rating: 4 })).statusCode).toBe(201);
    const again = await review({ orderId, rating: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'RESTAURANTS.ALREADY_REVIEWED' });
    expect(await rating()).toEqual({ average: 4, count: 1 });
    expect(await countOf('reviews')).toBe(1);
  });

  it('answers 422 RESTAURANTS.REVIEW_NOT_ALLOWED unless the order is the caller’s, completed, and of this restaurant', async () => {
    const bob = await h.user();
    const other = await h.restaurant({ name: 'Other Place' });
    const cases = [
      await order(bob.id), // someone else's
      await order(ann.id, { status: 'PREPARING' }), // not delivered yet
      await order(ann.id, { restaurantId: other.id }), // another restaurant's
      UNKNOWN, // never seen
    ];
    for (const orderId of cases) {
      const response = await review({ orderId, rating: 5 });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ code: 'RESTAURANTS.REVIEW_NOT_ALLOWED' });
    }
    expect(await countOf('reviews')).toBe(0);
    expect(await rating()).toEqual({ average: 0, count: 0 });
    expect((await review({ orderId: await order(), rating: 5 }, ann.token, UNKNOWN)).statusCode).toBe(404);
    expect((await review({ orderId: cases[0], rating: 5 }, '')).statusCode).toBe(401);
  });

  it.each([
    ['a rating of 0', { rating: 0 }],
    ['a rating of 6', { rating: 6 }],
    ['a fractional rating', { rating: 4.5 }],
    ['a rating as text', { rating: 'five' }],
    ['no rating', { rating: undefined }],
    ['a comment of 1001 characters', { rating: 4, comment: 'x'.repeat(1001) }],
    ['an order id that is not a UUID', { rating: 4, orderId: 'order-1' }],
  ])('refuses %s with 400, writing nothing', async (_what, fields) => {
    const response = await review({ orderId: await order(), ...fields });
    expect(response.statusCode).toBe(400);
    expect(await countOf('reviews')).toBe(0);
    expect(await rating()).toEqual({ average: 0, count: 0 });
  });

  it.each([
    ['the review insert', 'reviews'],
    ['the event write', 'outbox'],
  ])('writes nothing when %s fails: no review, same rating, no event', async (_what, table) => {
    await sql.exec(`
      CREATE FUNCTION restaurants.refuse() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
      CREATE TRIGGER refuse BEFORE INSERT ON restaurants.${table}
        FOR EACH ROW EXECUTE FUNCTION restaurants.refuse();`);
    const orderId = await order();
    const events = (await h.outbox()).length;
    expect((await review({ orderId, rating: 1 })).statusCode).toBe(500);
    expect(await countOf('reviews')).toBe(0);
    expect(await rating()).toEqual({ average: 0, count: 0 });
    expect(await h.outbox()).toHaveLength(events);

    await sql.exec(`DROP TRIGGER refuse ON restaurants.${table}`);
    expect((await review({ orderId, rating: 1 })).statusCode).toBe(201);
    expect(await rating()).toEqual({ average: 1, count: 1 });
  });
});

describe('GET /api/restaurants/{id}/reviews', () => {
  it('pages the reviews newest first, to anyone', async () => {
    for (const stars of [5, 4, 3]) {
      expect((await review({ orderId: await order(), rating: stars })).statusCode).toBe(201);
      h.clock.advance(60_000);
    }
    const first = await reviews('?size=2');
    expect(first).toMatchObject({ page: 0, size: 2, totalElements: 3, totalPages: 2 });
    expect(first.content.map((r) => r.rating)).toEqual([3, 4]);
    expect((await reviews('?size=2&page=1')).content.map((r) => r.rating)).toEqual([5]);
    expect((await reviews('', (await h.restaurant({ name: 'Quiet' })).id)).content).toEqual([]);
  });

  it('answers 404 for an unknown restaurant and 400 for a bad page', async () => {
    const unknown = await h.request({ method: 'GET', url: `/api/restaurants/${UNKNOWN}/reviews` });
    expect(unknown.statusCode).toBe(404);
    const bad = await h.request({ method: 'GET', url: `/api/restaurants/${restaurant.id}/reviews?size=101` });
    expect(bad.statusCode).toBe(400);
  });
});
