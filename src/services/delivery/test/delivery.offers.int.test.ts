import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { OfferView, Page } from '../index.js';
import {
  createTestSql,
  DROP_OFF,
  FAR,
  NEAR,
  RESTAURANT,
  startDelivery,
  type DeliveryHarness,
} from './delivery-harness.js';

let sql: PgliteSql;
let h: DeliveryHarness;
beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startDelivery(sql);
});
afterEach(async () => {
  await h.close();
});

async function offersFor(token: string): Promise<Page<OfferView>> {
  const res = await h.request({ method: 'GET', url: '/api/deliveries/offers', token });
  expect(res.statusCode).toBe(200);
  return res.json<Page<OfferView>>();
}

describe('offers', () => {
  it('offers a READY delivery order to a nearby online courier, with pickup, drop-off and distance', async () => {
    const near = await h.courier(NEAR);
    const orderId = h.newOrder({ status: 'PREPARING' });
    await h.orderStatus(orderId, 'PREPARING');
    expect((await offersFor(near.token)).content).toEqual([]);

    expect(await h.orderStatus(orderId, 'READY')).toBe('applied');
    const page = await offersFor(near.token);
    expect(page.totalElements).toBe(1);
    expect(page.content[0]).toMatchObject({
      orderId,
      restaurantId: RESTAURANT.id,
      restaurantName: 'Dosa Corner',
      pickup: { latitude: RESTAURANT.latitude, longitude: RESTAURANT.longitude },
      dropOff: DROP_OFF,
    });
    expect(page.content[0]?.distanceKm).toBeGreaterThan(1);
    expect(page.content[0]?.distanceKm).toBeLessThan(3);
  });

  it('does not show it to a far courier, and refuses the list to an offline one', async () => {
    const far = await h.courier(FAR);
    const offline = await h.courier(NEAR, false);
    await h.orderStatus(h.newOrder(), 'READY');
    expect((await offersFor(far.token)).content).toEqual([]);
    const res = await h.request({ method: 'GET', url: '/api/deliveries/offers', token: offline.token });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'DELIVERY.COURIER_OFFLINE' });
  });

  it('makes one offer of a READY event delivered twice', async () => {
    const near = await h.courier();
    const orderId = h.newOrder();
    // orderStatus feeds the consumer the same event twice; the second delivery is a duplicate.
    await h.orderStatus(orderId, 'READY');
    const page = await offersFor(near.token);
    expect(page.content.map((offer) => offer.orderId)).toEqual([orderId]);
    const rows = await sql.query('SELECT 1 FROM delivery.offers WHERE order_id = $1', [orderId]);
    expect(rows.rowCount).toBe(1);
  });

  it('lists the nearest restaurant first', async () => {
    const courier = await h.courier({ latitude: RESTAURANT.latitude, longitude: RESTAURANT.longitude });
    const first = h.newOrder();
    await h.orderStatus(first, 'READY');
    // The same restaurant: both offers are equally near, so the older is listed first.
    const second = h.newOrder();
    await h.orderStatus(second, 'READY');
    const page = await offersFor(courier.token);
    expect(page.content.map((offer) => offer.orderId)).toEqual([first, second]);
    expect(page.content[0]?.distanceKm).toBe(0);
  });

  it('withdraws the offer when the order is cancelled', async () => {
    const near = await h.courier();
    const orderId = h.newOrder();
    await h.orderStatus(orderId, 'READY');
    expect((await offersFor(near.token)).totalElements).toBe(1);
    await h.orderStatus(orderId, 'CANCELLED');
    expect((await offersFor(near.token)).content).toEqual([]);
    const accept = await h.request({
      method: 'POST',
      url: `/api/deliveries/${orderId}/accept`,
      token: near.token,
    });
    expect(accept.statusCode).toBe(409);
    expect(accept.json()).toMatchObject({ code: 'DELIVERY.OFFER_WITHDRAWN' });
  });

  it('never offers a pickup order', async () => {
    const near = await h.courier();
    const orderId = h.newOrder({ fulfillment: 'PICKUP' });
    await h.orderStatus(orderId, 'READY');
    expect((await offersFor(near.token)).content).toEqual([]);
  });

  it('keeps an offer hidden while its restaurant cannot be looked up', async () => {
    const near = await h.courier();
    const orderId = h.newOrder();
    await h.orderStatus(orderId, 'READY');
    await sql.query('UPDATE delivery.offers SET restaurant_id = $2 WHERE order_id = $1', [
      orderId,
      '0190f000-0000-7000-8000-0000000000ff',
    ]);
    expect((await offersFor(near.token)).content).toEqual([]);
  });
});
