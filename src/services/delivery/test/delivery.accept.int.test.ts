import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { DeliveryEvents, type JobView, type Page } from '../index.js';
import { createTestSql, FAR, NEAR, startDelivery, type DeliveryHarness } from './delivery-harness.js';

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

const accept = (orderId: string, token: string) =>
  h.request({ method: 'POST', url: `/api/deliveries/${orderId}/accept`, token });
const locate = (orderId: string, token: string, at = NEAR) =>
  h.request({ method: 'POST', url: `/api/deliveries/${orderId}/location`, token, payload: at });

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function readyOrder(): Promise<string> {
  const orderId = h.newOrder();
  await h.orderStatus(orderId, 'READY');
  return orderId;
}

describe('accepting an offer', () => {
  it('lets exactly one of five concurrent couriers win, and calls orders once', async () => {
    const couriers = await Promise.all([1, 2, 3, 4, 5].map(() => h.courier()));
    const orderId = await readyOrder();
    const answers = await Promise.all(couriers.map((c) => accept(orderId, c.token)));
    const statuses = answers.map((res) => res.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    for (const lost of answers.filter((res) => res.statusCode === 409)) {
      expect(lost.json()).toMatchObject({ code: 'DELIVERY.OFFER_TAKEN' });
    }
    const winner = couriers[answers.findIndex((res) => res.statusCode === 201)];
    expect(h.orders.assignCalls).toEqual([{ orderId, courierId: winner?.id }]);
    expect((await h.orders.client.getOrder({ orderId })).courierId).toBe(winner?.id);
    const rows = await sql.query('SELECT courier_id FROM delivery.assignments WHERE order_id = $1', [
      orderId,
    ]);
    expect(rows.rows).toEqual([{ courier_id: winner?.id }]);
  });

  it('answers a repeated accept by the winner with 200 and the same job', async () => {
    const courier = await h.courier();
    const orderId = await readyOrder();
    const first = await accept(orderId, courier.token);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      orderId,
      courierId: courier.id,
      orderStatus: 'READY',
      active: true,
    });
    const again = await accept(orderId, courier.token);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(h.orders.assignCalls).toHaveLength(1);
  });

  it('refuses an offline courier, a far one, and an unknown order', async () => {
    const orderId = await readyOrder();
    const offline = await h.courier(NEAR, false);
    expect((await accept(orderId, offline.token)).json()).toMatchObject({ code: 'DELIVERY.COURIER_OFFLINE' });
    const far = await h.courier(FAR);
    const tooFar = await accept(orderId, far.token);
    expect(tooFar.statusCode).toBe(409);
    expect(tooFar.json()).toMatchObject({ code: 'DELIVERY.OUT_OF_RANGE', details: { radiusKm: 8 } });
    const unknown = await accept(h.deps.ids.next(), (await h.courier()).token);
    expect(unknown.statusCode).toBe(404);
    expect(h.orders.assignCalls).toEqual([]);
  });

  it('keeps the offer for the courier when orders cannot be reached, and confirms on retry', async () => {
    const [first, second] = [await h.courier(), await h.courier()];
    const orderId = await readyOrder();
    h.orders.assignFailures.push(new AppError('COMMON.SERVICE_UNAVAILABLE', 'orders is down'));
    const pending = await accept(orderId, first.token);
    expect(pending.statusCode).toBe(503);
    expect(pending.json()).toMatchObject({ code: 'DELIVERY.ASSIGNMENT_PENDING' });
    expect(await h.delivery.client.getAssignment({ orderId })).toBeNull();
    expect((await accept(orderId, second.token)).json()).toMatchObject({ code: 'DELIVERY.OFFER_TAKEN' });
    expect((await accept(orderId, first.token)).statusCode).toBe(201);
    expect(await h.delivery.client.getAssignment({ orderId })).toMatchObject({ courierId: first.id });
  });

  it('lets another courier take over a claim orders never confirmed, once it is stale', async () => {
    const [first, second] = [await h.courier(), await h.courier()];
    const orderId = await readyOrder();
    h.orders.assignFailures.push(new AppError('COMMON.TIMEOUT', 'no answer'));
    expect((await accept(orderId, first.token)).statusCode).toBe(503);
    h.clock.advance(60_000);
    expect((await accept(orderId, second.token)).statusCode).toBe(201);
    expect(await h.delivery.client.getAssignment({ orderId })).toMatchObject({ courierId: second.id });
  });

  it('follows orders when it already has another courier', async () => {
    const [first, second] = [await h.courier(), await h.courier()];
    const orderId = await readyOrder();
    await h.orders.client.assignCourier({ orderId, courierId: first.id });
    const res = await accept(orderId, second.token);
    expect(res.json()).toMatchObject({ code: 'DELIVERY.OFFER_TAKEN' });
    expect(await h.delivery.client.getAssignment({ orderId })).toMatchObject({ courierId: first.id });
  });
});

describe('courier location', () => {
  it('takes the assigned courier’s location only while out for delivery', async () => {
    const [courier, other] = [await h.courier(), await h.courier()];
    const orderId = await readyOrder();
    expect((await accept(orderId, courier.token)).statusCode).toBe(201);

    const early = await locate(orderId, courier.token);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({
      code: 'DELIVERY.NOT_OUT_FOR_DELIVERY',
      details: { status: 'READY' },
    });

    await h.orderStatus(orderId, 'OUT_FOR_DELIVERY');
    const at = { latitude: 12.98, longitude: 77.601 };
    const ok = await locate(orderId, courier.token, at);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ orderId, ...at });
    expect(h.orders.locationCalls).toEqual([{ orderId, courierId: courier.id, ...at }]);

    const stranger = await locate(orderId, other.token);
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json()).toMatchObject({ code: 'DELIVERY.NOT_ASSIGNED_COURIER' });
    expect(h.orders.locationCalls).toHaveLength(1);

    const me = await h.request({ method: 'GET', url: '/api/deliveries/me', token: courier.token });
    expect(me.json()).toMatchObject({ ...at, activeJobs: 1 });
  });

  it('publishes CourierLocationUpdated with the location, and nothing for a refused report', async () => {
    const received: EventEnvelope[] = [];
    const unsubscribe = await h.bus.subscribe({
      durableName: 'test.location-watch',
      types: [DeliveryEvents.COURIER_LOCATION_UPDATED],
      maxDeliver: 1,
      backoffMs: () => 10,
      handle: async (event) => {
        received.push(event);
      },
    });
    const [courier, other] = [await h.courier(), await h.courier()];
    const orderId = await readyOrder();
    expect((await accept(orderId, courier.token)).statusCode).toBe(201);
    expect((await locate(orderId, courier.token)).statusCode).toBe(409);
    expect((await locate(orderId, other.token)).statusCode).toBe(403);
    const outboxRows = () =>
      sql.query<{ event: EventEnvelope }>(
        `SELECT event FROM delivery.outbox WHERE event->>'type' = $1 ORDER BY id`,
        [DeliveryEvents.COURIER_LOCATION_UPDATED],
      );
    expect((await outboxRows()).rows).toEqual([]);

    await h.orderStatus(orderId, 'OUT_FOR_DELIVERY');
    const at = { latitude: 12.98, longitude: 77.601 };
    const ok = await locate(orderId, courier.token, at);
    expect(ok.statusCode).toBe(200);
    const rows = (await outboxRows()).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.event).toMatchObject({
      type: DeliveryEvents.COURIER_LOCATION_UPDATED,
      source: 'delivery',
      subject: orderId,
      data: { orderId, courierId: courier.id, ...at, recordedAt: (ok.json() as { at: string }).at },
    });
    await waitFor(() => received.length === 1, 'the event on the bus');
    expect(received[0]?.id).toBe(rows[0]?.event.id);
    await unsubscribe();
  });

  it('asks orders when its own view of the status lags behind', async () => {
    const courier = await h.courier();
    const orderId = await readyOrder();
    await accept(orderId, courier.token);
    h.orders.setStatus(orderId, 'OUT_FOR_DELIVERY');
    expect((await locate(orderId, courier.token)).statusCode).toBe(200);
  });

  it('refuses invalid coordinates', async () => {
    const courier = await h.courier();
    const res = await locate(await readyOrder(), courier.token, { latitude: 100, longitude: 0 });
    expect(res.statusCode).toBe(400);
  });
});

describe('jobs', () => {
  it('lists my assignments, active ones first', async () => {
    const courier = await h.courier();
    const done = await readyOrder();
    await accept(done, courier.token);
    await h.orderStatus(done, 'OUT_FOR_DELIVERY');
    await h.orderStatus(done, 'DELIVERED');
    const active = await readyOrder();
    // Assigned before the delivered one: active jobs come first whatever their age.
    h.clock.advance(-10_000);
    await accept(active, courier.token);

    const res = await h.request({ method: 'GET', url: '/api/deliveries/jobs', token: courier.token });
    expect(res.statusCode).toBe(200);
    const page = res.json<Page<JobView>>();
    expect(page.totalElements).toBe(2);
    expect(page.content.map((job) => [job.orderId, job.orderStatus, job.active])).toEqual([
      [active, 'READY', true],
      [done, 'DELIVERED', false],
    ]);
    expect(page.content[0]).toMatchObject({ restaurantName: 'Dosa Corner', dropOff: { city: 'Bengaluru' } });
  });
});
