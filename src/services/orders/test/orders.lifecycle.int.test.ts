import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { OrderPage, OrderStatusUpdatedV1, TimelineView } from '../index.js';
import {
  RESTAURANT_A,
  codeOf,
  createTestSql,
  deliveryBody,
  startOrders,
  viewOf,
  type OrdersHarness,
} from './orders-harness.js';

let sql: PgliteSql;
let h: OrdersHarness;
beforeAll(async () => {
  sql = await createTestSql();
  h = await startOrders(sql);
});
afterAll(async () => {
  await h.close();
  await sql.close();
});
beforeEach(async () => {
  await h.reset();
});

const page = async (token: string, query = '') =>
  (await h.get(`/api/orders${query}`, token)).json<OrderPage>();
const statusesIn = (p: OrderPage) => p.content.map((o) => o.status);

describe('an order, from placement to the door', () => {
  it('is placed and paid (201 CONFIRMED), prepared, handed to its courier and delivered', async () => {
    const { customer, staffA, courier, admin } = h.people;
    const placed = await h.place();
    expect(placed.statusCode).toBe(201);
    const order = viewOf(placed);
    expect(placed.headers.location).toBe(`/api/orders/${order.orderId}`);
    // 2 × ₹120 + ₹80 = ₹320; fee ₹30 + 3 km started × ₹8 = ₹54; ETA 20 min prep + 2.5 km at 20 km/h (8 min).
    expect(order).toMatchObject({
      customerId: customer.id,
      restaurantId: RESTAURANT_A,
      status: 'CONFIRMED',
      subtotal: { amount: 32_000, currency: 'INR' },
      deliveryFee: { amount: 5_400, currency: 'INR' },
      totalAmount: { amount: 37_400, currency: 'INR' },
      estimatedDeliveryTime: '2026-03-02T09:28:00.000Z',
      createdAt: '2026-03-02T09:00:00.000Z',
      payment: { state: 'SUCCEEDED', paymentId: `pay-${order.orderId}` },
      refunded: false,
      courierId: null,
    });
    expect(order.items[0]).toMatchObject({
      name: 'Masala Dosa',
      quantity: 2,
      specialInstructions: 'extra chutney',
    });
    expect(h.payments.chargeCalls).toEqual([
      {
        orderId: order.orderId,
        customerId: customer.id,
        amount: { amount: 37_400, currency: 'INR' },
        payment: { method: 'CARD', token: 'tok_visa' },
      },
    ]);

    expect(statusesIn(await page(customer.token))).toEqual(['CONFIRMED']);
    expect(statusesIn(await page(staffA.token, '?active=true'))).toEqual(['CONFIRMED']);
    expect((await page(courier.token)).totalElements).toBe(0);

    h.clock.advance(60_000);
    expect((await h.setStatus(order.orderId, staffA.token, 'PREPARING')).statusCode).toBe(200);
    h.clock.advance(60_000);
    const ready = await h.setStatus(order.orderId, staffA.token, 'READY');
    expect(viewOf(ready).status).toBe('READY');

    const assigned = await h.orders.client.assignCourier({ orderId: order.orderId, courierId: courier.id });
    expect(assigned).toMatchObject({ courierId: courier.id, status: 'READY' });
    expect(await h.orders.client.assignCourier({ orderId: order.orderId, courierId: courier.id })).toEqual(
      assigned,
    );
    expect(statusesIn(await page(courier.token))).toEqual(['READY']);

    h.clock.advance(60_000);
    expect((await h.setStatus(order.orderId, courier.token, 'OUT_FOR_DELIVERY')).statusCode).toBe(200);
    await h.orders.client.recordCourierLocation({
      orderId: order.orderId,
      courierId: courier.id,
      latitude: 12.97,
      longitude: 77.6,
    });
    const onTheWay = viewOf(await h.get(`/api/orders/${order.orderId}`, customer.token));
    expect(onTheWay.courierLocation).toMatchObject({ latitude: 12.97, longitude: 77.6 });

    h.clock.advance(60_000);
    const delivered = await h.setStatus(order.orderId, courier.token, 'DELIVERED');
    expect(viewOf(delivered)).toMatchObject({ status: 'DELIVERED', updatedAt: '2026-03-02T09:04:00.000Z' });

    expect(statusesIn(await page(customer.token))).toEqual(['DELIVERED']);
    expect((await page(staffA.token, '?active=true')).totalElements).toBe(0);
    expect(statusesIn(await page(staffA.token))).toEqual(['DELIVERED']);
    expect(statusesIn(await page(courier.token))).toEqual(['DELIVERED']);
    expect((await page(admin.token, `?restaurantId=${RESTAURANT_A}&status=DELIVERED`)).totalElements).toBe(1);

    const timeline = (
      await h.get(`/api/orders/${order.orderId}/timeline`, staffA.token)
    ).json<TimelineView>();
    expect(timeline.entries.map((e) => e.type)).toEqual([
      'ORDER_PLACED',
      'PAYMENT_REQUESTED',
      'PAYMENT_SUCCEEDED',
      'STATUS_CHANGED',
      'STATUS_CHANGED',
      'STATUS_CHANGED',
      'COURIER_ASSIGNED',
      'STATUS_CHANGED',
      'STATUS_CHANGED',
    ]);
    expect(timeline.entries[4]).toMatchObject({
      actor: { id: staffA.id, role: 'RESTAURANT_STAFF' },
      details: { from: 'CONFIRMED', to: 'PREPARING' },
      at: '2026-03-02T09:01:00.000Z',
    });

    const published = await h.outbox(order.orderId);
    expect(published.map((e) => e.type)).toEqual([
      'OrderCreated',
      'OrderStatusUpdated',
      'OrderStatusUpdated',
      'OrderStatusUpdated',
      'OrderStatusUpdated',
      'OrderStatusUpdated',
    ]);
    const updates = published.slice(1).map((e) => e.data as OrderStatusUpdatedV1);
    expect(updates.map((u) => [u.previousStatus, u.status, u.changedBy.role])).toEqual([
      ['PENDING', 'CONFIRMED', 'SYSTEM'],
      ['CONFIRMED', 'PREPARING', 'RESTAURANT_STAFF'],
      ['PREPARING', 'READY', 'RESTAURANT_STAFF'],
      ['READY', 'OUT_FOR_DELIVERY', 'DELIVERY_PARTNER'],
      ['OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_PARTNER'],
    ]);
    expect(updates[4]).toMatchObject({
      courierId: courier.id,
      customerId: customer.id,
      restaurantId: RESTAURANT_A,
    });
  });

  it('finishes a pickup order with PICKED_UP by the staff', async () => {
    const order = viewOf(
      await h.place({ body: deliveryBody({ fulfillment: 'PICKUP', deliveryAddress: undefined }) }),
    );
    expect(order).toMatchObject({ status: 'CONFIRMED', deliveryFee: { amount: 0 }, deliveryAddress: null });
    for (const status of ['PREPARING', 'READY', 'PICKED_UP']) {
      expect((await h.setStatus(order.orderId, h.people.adminA.token, status)).statusCode).toBe(200);
    }
    expect(codeOf(await h.setStatus(order.orderId, h.people.adminA.token, 'DELIVERED'))).toBe(
      'ORDERS.INVALID_ORDER_STATE',
    );
  });
});

describe('who may do what', () => {
  it('refuses wrong actors with 403 and wrong transitions with 409, changing nothing', async () => {
    const { customer, staffA, staffB, courier, otherCourier } = h.people;
    const order = viewOf(await h.place());
    const before = await h.counts();

    const cases: Array<[string, string, number, string]> = [
      [staffB.token, 'PREPARING', 403, 'ORDERS.FORBIDDEN_TRANSITION'],
      [customer.token, 'PREPARING', 403, 'ORDERS.FORBIDDEN_TRANSITION'],
      [staffA.token, 'READY', 409, 'ORDERS.INVALID_ORDER_STATE'],
      [staffA.token, 'DELIVERED', 409, 'ORDERS.INVALID_ORDER_STATE'],
      [staffA.token, 'PENDING', 409, 'ORDERS.INVALID_ORDER_STATE'],
    ];
    for (const [token, status, code, errorCode] of cases) {
      const response = await h.setStatus(order.orderId, token, status);
      expect([status, response.statusCode, codeOf(response)]).toEqual([status, code, errorCode]);
    }
    await h.setStatus(order.orderId, staffA.token, 'PREPARING');
    await h.setStatus(order.orderId, staffA.token, 'READY');
    await h.orders.client.assignCourier({ orderId: order.orderId, courierId: courier.id });
    const stranger = await h.setStatus(order.orderId, otherCourier.token, 'OUT_FOR_DELIVERY');
    expect([stranger.statusCode, codeOf(stranger)]).toEqual([403, 'ORDERS.FORBIDDEN_TRANSITION']);
    await expect(
      h.orders.client.assignCourier({ orderId: order.orderId, courierId: otherCourier.id }),
    ).rejects.toThrowCode('ORDERS.COURIER_ALREADY_ASSIGNED');
    await expect(
      h.orders.client.recordCourierLocation({
        orderId: order.orderId,
        courierId: otherCourier.id,
        latitude: 1,
        longitude: 1,
      }),
    ).rejects.toThrowCode('ORDERS.FORBIDDEN_TRANSITION');
    expect((await h.counts()).events).toBe(before.events + 3);
  });

  it('shows an order only to its customer, its restaurant, its courier and admins (404 otherwise)', async () => {
    const { otherCustomer, staffB, otherCourier, admin, staffA } = h.people;
    const order = viewOf(await h.place());
    for (const who of [otherCustomer, staffB, otherCourier]) {
      expect((await h.get(`/api/orders/${order.orderId}`, who.token)).statusCode).toBe(404);
      expect((await h.get(`/api/orders/${order.orderId}/timeline`, who.token)).statusCode).toBe(404);
    }
    for (const who of [admin, staffA]) {
      expect((await h.get(`/api/orders/${order.orderId}`, who.token)).statusCode).toBe(200);
    }
    expect((await page(otherCustomer.token)).totalElements).toBe(0);
    expect((await page(staffB.token)).totalElements).toBe(0);
    expect((await h.get(`/api/orders?restaurantId=${RESTAURANT_A}`, staffB.token)).statusCode).toBe(403);
    await expect(h.orders.client.getOrder({ orderId: order.orderId })).resolves.toMatchObject({
      status: 'CONFIRMED',
    });
  });

  it('filters the history by status and creation time, and pages it', async () => {
    const first = viewOf(await h.place());
    // Less than the access token's lifetime.
    h.clock.advance(10 * 60_000);
    await h.place();
    await h.setStatus(first.orderId, h.people.staffA.token, 'PREPARING');
    const token = h.people.customer.token;
    expect((await page(token, '?status=PREPARING')).content.map((o) => o.orderId)).toEqual([first.orderId]);
    expect((await page(token, '?from=2026-03-02T09:05:00.000Z')).totalElements).toBe(1);
    expect((await page(token, '?to=2026-03-02T09:05:00.000Z')).content[0]?.orderId).toBe(first.orderId);
    const paged = await page(token, '?size=1&page=1&sort=createdAt,asc');
    expect(paged).toMatchObject({ page: 1, size: 1, totalElements: 2, totalPages: 2 });
    expect(paged.content[0]?.createdAt).toBe('2026-03-02T09:10:00.000Z');
  });
});
