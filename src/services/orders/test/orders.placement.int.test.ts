import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import {
  ADDRESS_ID,
  ITEM_DOSA,
  ITEM_OF_B,
  ITEM_SOLD_OUT,
  RESTAURANT_B,
  codeOf,
  createTestSql,
  deliveryBody,
  startOrders,
  viewOf,
  type OrdersHarness,
} from './orders-harness.js';
import { claimKey, releaseKey } from '../app/idempotency-keys.js';

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

const UNKNOWN_ITEM = '0190c000-0000-7000-8000-0000000000ff';
const line = (menuItemId = ITEM_DOSA, quantity = 1) => ({ menuItemId, quantity });

describe('refused placements write nothing', () => {
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['no items', deliveryBody({ items: [] }), 400, 'COMMON.VALIDATION_FAILED'],
    ['missing items', { ...deliveryBody(), items: undefined }, 400, 'COMMON.VALIDATION_FAILED'],
    ['quantity 0', deliveryBody({ items: [line(ITEM_DOSA, 0)] }), 400, 'COMMON.VALIDATION_FAILED'],
    [
      '51 lines',
      deliveryBody({ items: Array.from({ length: 51 }, () => line()) }),
      400,
      'COMMON.VALIDATION_FAILED',
    ],
    ['an unknown fulfillment', deliveryBody({ fulfillment: 'DRONE' }), 400, 'COMMON.VALIDATION_FAILED'],
    ['both address kinds', deliveryBody({ addressId: ADDRESS_ID }), 400, 'ORDERS.INVALID_DELIVERY_ADDRESS'],
    [
      'no address for DELIVERY',
      deliveryBody({ deliveryAddress: undefined }),
      400,
      'ORDERS.INVALID_DELIVERY_ADDRESS',
    ],
    [
      'an address for PICKUP',
      deliveryBody({ fulfillment: 'PICKUP' }),
      400,
      'ORDERS.INVALID_DELIVERY_ADDRESS',
    ],
    [
      'an unknown address id',
      deliveryBody({ deliveryAddress: undefined, addressId: UNKNOWN_ITEM }),
      422,
      'ORDERS.ADDRESS_NOT_FOUND',
    ],
    ['an unknown item', deliveryBody({ items: [line(), line(UNKNOWN_ITEM)] }), 422, 'ORDERS.ITEM_NOT_FOUND'],
    ['a sold-out item', deliveryBody({ items: [line(ITEM_SOLD_OUT)] }), 422, 'ORDERS.ITEM_SOLD_OUT'],
    [
      'an item of another restaurant',
      deliveryBody({ items: [line(ITEM_OF_B)] }),
      422,
      'ORDERS.ITEM_FROM_ANOTHER_RESTAURANT',
    ],
    [
      'an unknown restaurant',
      deliveryBody({ restaurantId: UNKNOWN_ITEM, items: [line()] }),
      422,
      'ORDERS.ITEM_FROM_ANOTHER_RESTAURANT',
    ],
  ];
  it.each(cases)('%s → %s %s', async (_name, body, status, code) => {
    const response = await h.place({ body });
    expect([response.statusCode, codeOf(response)]).toEqual([status, code]);
    expect(await h.counts()).toEqual({ events: 0, views: 0, outbox: 0, keys: 0 });
    expect(h.payments.chargeCalls).toHaveLength(0);
  });

  it('lists every failing line in the details', async () => {
    const response = await h.place({
      body: deliveryBody({ items: [line(UNKNOWN_ITEM), line(ITEM_SOLD_OUT)] }),
    });
    expect(
      response.json<{ details: { failures: Array<{ menuItemId: string; reason: string }> } }>().details
        .failures,
    ).toEqual([
      expect.objectContaining({ menuItemId: UNKNOWN_ITEM, reason: 'NOT_FOUND' }),
      expect.objectContaining({ menuItemId: ITEM_SOLD_OUT, reason: 'SOLD_OUT' }),
    ]);
  });

  it('refuses a closed, inactive or out-of-range restaurant', async () => {
    h.upstreams.restaurant.open = false;
    expect(codeOf(await h.place())).toBe('ORDERS.RESTAURANT_CLOSED');
    h.upstreams.restaurant.open = true;
    h.upstreams.restaurant.distanceKm = 12;
    const far = await h.place();
    expect([far.statusCode, codeOf(far)]).toEqual([422, 'ORDERS.OUTSIDE_DELIVERY_RADIUS']);
    h.upstreams.restaurant.active = false;
    expect(codeOf(await h.place())).toBe('ORDERS.RESTAURANT_NOT_ACTIVE');
    expect(
      codeOf(await h.place({ body: deliveryBody({ restaurantId: RESTAURANT_B, items: [line(ITEM_OF_B)] }) })),
    ).toBe('ORDERS.RESTAURANT_NOT_ACTIVE');
    expect((await h.counts()).events).toBe(0);
  });

  it('refuses non-customers', async () => {
    const response = await h.place({ token: h.people.staffA.token });
    expect(response.statusCode).toBe(403);
    expect((await h.counts()).events).toBe(0);
  });
});

describe('placement details', () => {
  it('takes prices from the catalog, never from the client', async () => {
    const order = viewOf(
      await h.place({ body: deliveryBody({ items: [{ ...line(ITEM_DOSA, 2), unitPrice: 1 }] }) }),
    );
    expect(order.subtotal).toEqual({ amount: 24_000, currency: 'INR' });
  });

  it('uses a saved address by id', async () => {
    const order = viewOf(
      await h.place({ body: deliveryBody({ deliveryAddress: undefined, addressId: ADDRESS_ID }) }),
    );
    expect(order.deliveryAddress).toMatchObject({ line1: '12 Residency Road', postcode: '560025' });
  });

  it('answers with exactly the detail the read model then holds', async () => {
    // The answer is built from the state the placement wrote, not read back: it must match the stored view.
    const placed = await h.place();
    const stored = await h.get(`/api/orders/${viewOf(placed).orderId}`, h.people.customer.token);
    expect(placed.json()).toEqual(stored.json());
    h.payments.mode = 'unreachable';
    const pending = await h.place();
    expect(pending.statusCode).toBe(202);
    const storedPending = await h.get(`/api/orders/${viewOf(pending).orderId}`, h.people.customer.token);
    expect(pending.json()).toEqual(storedPending.json());
  });

  it('adds the restaurant queue to the estimate', async () => {
    const first = viewOf(await h.place());
    const second = viewOf(await h.place());
    expect(
      new Date(second.estimatedDeliveryTime).getTime() - new Date(first.estimatedDeliveryTime).getTime(),
    ).toBe(3 * 60_000);
  });
});

describe('Idempotency-Key', () => {
  it('answers a repeat with the same order and writes nothing new', async () => {
    const first = await h.place({ key: 'key-1' });
    const before = await h.counts();
    const again = await h.place({ key: 'key-1' });
    expect(again.statusCode).toBe(201);
    expect(viewOf(again)).toEqual(viewOf(first));
    expect(await h.counts()).toEqual(before);
    expect(h.payments.chargeCalls).toHaveLength(1);
    // Another customer's same key is another order.
    const other = await h.place({ key: 'key-1', token: h.people.otherCustomer.token });
    expect(viewOf(other).orderId).not.toBe(viewOf(first).orderId);
  });

  it('refuses the same key with another body (422)', async () => {
    await h.place({ key: 'key-2' });
    const before = await h.counts();
    const response = await h.place({ key: 'key-2', body: deliveryBody({ items: [line(ITEM_DOSA, 5)] }) });
    expect([response.statusCode, codeOf(response)]).toEqual([422, 'ORDERS.IDEMPOTENCY_KEY_REUSED']);
    expect(await h.counts()).toEqual(before);
  });

  it('frees the key of a refused request, so that the corrected request may use it', async () => {
    const refused = await h.place({ key: 'key-4', body: deliveryBody({ items: [line(ITEM_SOLD_OUT)] }) });
    expect(refused.statusCode).toBe(422);
    expect((await h.counts()).keys).toBe(0);
    const placed = await h.place({ key: 'key-4' });
    expect(placed.statusCode).toBe(201);
    expect(viewOf(await h.place({ key: 'key-4' })).orderId).toBe(viewOf(placed).orderId);
  });

  it('answers IN_USE while a twin is being placed, and takes over a claim its request abandoned', async () => {
    const request = { customerId: h.people.customer.id, key: 'key-5', requestHash: 'hash-5' };
    const first = '0190c000-0000-7000-8000-0000000000a1';
    expect(await claimKey(sql, h.clock, request, first)).toEqual({ kind: 'claimed' });
    // The twin's order is not written yet: a repeat waits, then answers 409 with a retry.
    await expect(
      claimKey(sql, h.clock, request, '0190c000-0000-7000-8000-0000000000a2', 50),
    ).rejects.toThrowCode('ORDERS.IDEMPOTENCY_KEY_IN_USE');
    await expect(
      claimKey(
        sql,
        h.clock,
        { ...request, requestHash: 'other' },
        '0190c000-0000-7000-8000-0000000000a3',
        50,
      ),
    ).rejects.toThrowCode('ORDERS.IDEMPOTENCY_KEY_REUSED');
    // The twin died without writing its order: two minutes on, a repeat takes the key over.
    h.clock.advance(121_000);
    const second = '0190c000-0000-7000-8000-0000000000a4';
    expect(await claimKey(sql, h.clock, request, second, 50)).toEqual({ kind: 'claimed' });
    await releaseKey(sql, request, second);
    expect((await h.counts()).keys).toBe(0);
  });

  it('repeats a declined answer as it was', async () => {
    h.payments.mode = 'decline';
    const first = await h.place({ key: 'key-3' });
    const again = await h.place({ key: 'key-3' });
    expect([first.statusCode, again.statusCode]).toEqual([402, 402]);
    expect(again.json<{ details: unknown }>().details).toEqual(first.json<{ details: unknown }>().details);
  });
});
