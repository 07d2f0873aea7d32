import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { ServiceModule } from '../../../platform/runtime/service-module.js';
import {
  createPaymentsService,
  createSandboxProvider,
  paymentsErrorStatuses,
  paymentsEventSchemas,
  type PaymentProvider,
  type PaymentsClient,
} from '../../payments/index.js';
import { promotionsErrorStatuses } from '../../promotions/index.js';
import { createOrdersService, ordersErrorStatuses, ordersEventSchemas, type OrderView } from '../index.js';
import type { OrdersService } from '../service.js';
import { createTestSql, deliveryBody, fakeUpstreams, viewOf } from './orders-harness.js';

/**
 * The placement saga against the real payments service and its sandbox provider (in one process, on one
 * PGlite), through a provider outage and a capture that never answers: an order waits (202) and ends
 * CONFIRMED, or CANCELLED with its hold released; never CANCELLED with an AUTHORIZED payment.
 */
const PAYMENT_TIMEOUT_MS = 10 * 60_000;
const PROVIDER_TIMEOUT_MS = 50;

let sql: PgliteSql;
let h: TestPlatform;
let orders: OrdersService;
let customer: { id: string; token: string };
/** The sandbox's outage switch, as PAYMENTS_SANDBOX_OUTAGE would set it on a restart. */
const provider = { down: false };

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  provider.down = false;
  const upstreams = fakeUpstreams();
  h = await startTestPlatform(sql, {
    build: async (deps) => {
      const sandbox = createSandboxProvider({ sql: deps.sql, ids: deps.ids, clock: deps.clock });
      const payments = await createPaymentsService({
        ...deps,
        provider: switchable(sandbox),
        providerTimeoutMs: PROVIDER_TIMEOUT_MS,
      });
      orders = await createOrdersService({
        ...deps,
        ...upstreams,
        payments: payments.client,
        // The sweeper is run by hand (sweepOnce); its timer is far away.
        sagaSettings: { sweepIntervalMs: 3_600_000, paymentTimeoutMs: PAYMENT_TIMEOUT_MS },
      });
      return [payments, orders];
    },
    events: (registry) => {
      for (const { type, version, schema } of [...ordersEventSchemas, ...paymentsEventSchemas]) {
        registry.register(type, version, schema);
      }
    },
    errorStatuses: { ...ordersErrorStatuses, ...paymentsErrorStatuses, ...promotionsErrorStatuses },
    schemas: ['orders', 'payments'],
    // The tests move the clock past the payment timeout; the tokens must outlive it.
    env: { JWT_ACCESS_TTL_SECONDS: '86400' },
  });
  customer = await h.user({ roles: ['CUSTOMER'] });
});
afterEach(async () => {
  await h.close();
});

function switchable(inner: PaymentProvider): PaymentProvider {
  const guard = () => {
    if (provider.down) throw new Error('provider outage');
  };
  return {
    authorize: async (input) => (guard(), inner.authorize(input)),
    capture: async (input) => (guard(), inner.capture(input)),
    voidAuthorization: async (input) => (guard(), inner.voidAuthorization(input)),
    findAuthorization: async (input) => (guard(), inner.findAuthorization(input)),
    refund: async (input) => (guard(), inner.refund(input)),
  };
}

const place = (token: string) =>
  h.request({
    method: 'POST',
    url: '/api/orders',
    token: customer.token,
    payload: deliveryBody({ payment: { method: 'CARD', token } }),
  });
const detail = async (orderId: string) =>
  viewOf(await h.request({ method: 'GET', url: `/api/orders/${orderId}`, token: customer.token }));
const paymentOf = async (orderId: string) =>
  (await sql.query<{ status: string }>('SELECT status FROM payments.payments WHERE order_id = $1', [orderId]))
    .rows[0]?.status;
const sandboxHolds = async () =>
  (
    await sql.query<{ capture_id: string | null; void_id: string | null }>(
      'SELECT capture_id, void_id FROM payments.sandbox_authorizations',
    )
  ).rows;
/** The invariant: no order is CANCELLED while its payment still holds money on the card. */
const cancelledWithAHold = async () =>
  (
    await sql.query(
      `SELECT o.order_id FROM orders.order_views o JOIN payments.payments p ON p.order_id::text = o.order_id::text
        WHERE o.status = 'CANCELLED' AND p.status = 'AUTHORIZED'`,
    )
  ).rows;

/** A card order left PENDING with its payment AUTHORIZED: the capture never answered. */
async function heldOrder(): Promise<OrderView> {
  const response = await place('tok_captureHangsOnce');
  expect(response.statusCode).toBe(202);
  const order = viewOf(response);
  expect(order).toMatchObject({ status: 'PENDING', payment: { state: 'PENDING' } });
  expect(await paymentOf(order.orderId)).toBe('AUTHORIZED');
  return order;
}

describe('payments unavailable: the order waits and completes', () => {
  it("a provider outage answers 202 PENDING (not a decline); the sweeper confirms once it's over", async () => {
    provider.down = true;
    const response = await place('tok_visa');
    expect(response.statusCode).toBe(202);
    const order = viewOf(response);
    expect(order).toMatchObject({ status: 'PENDING', payment: { state: 'PENDING' } });
    expect(await orders.sweepOnce()).toMatchObject({ stillPending: 1 });

    provider.down = false;
    expect(await orders.sweepOnce()).toMatchObject({ confirmed: 1 });
    expect(await detail(order.orderId)).toMatchObject({
      status: 'CONFIRMED',
      payment: { state: 'SUCCEEDED' },
    });
    expect(await paymentOf(order.orderId)).toBe('CAPTURED');
    expect(await sandboxHolds()).toEqual([{ capture_id: expect.stringMatching(/^cap_/), void_id: null }]);
  });

  it('a capture that never answered is resumed by the sweeper: CONFIRMED, captured once', async () => {
    const order = await heldOrder();
    expect(await orders.sweepOnce()).toMatchObject({ confirmed: 1 });
    expect(await detail(order.orderId)).toMatchObject({ status: 'CONFIRMED' });
    expect(await paymentOf(order.orderId)).toBe('CAPTURED');
    expect(await sandboxHolds()).toEqual([{ capture_id: expect.stringMatching(/^cap_/), void_id: null }]);
  });

  it('a payments restart between authorise and capture (new provider, same database) still captures', async () => {
    const order = await heldOrder();
    // Another payments process over the same tables, with a sandbox of its own: nothing in memory survives.
    const restarted: ServiceModule<PaymentsClient> = await createPaymentsService({
      ...h.deps,
      providerTimeoutMs: PROVIDER_TIMEOUT_MS,
    });
    const sweeper = await createOrdersService({
      ...h.deps,
      ...fakeUpstreams(),
      payments: restarted.client,
      sagaSettings: { sweepIntervalMs: 3_600_000, paymentTimeoutMs: PAYMENT_TIMEOUT_MS },
    });
    expect(await sweeper.sweepOnce()).toMatchObject({ confirmed: 1 });
    expect(await paymentOf(order.orderId)).toBe('CAPTURED');
    expect(await sandboxHolds()).toHaveLength(1);
  });
});

describe('payments unavailable until the timeout: cancelled, the hold released', () => {
  it('stays PENDING while the provider is down, then voids the hold and cancels', async () => {
    const order = await heldOrder();
    provider.down = true;
    expect(await orders.sweepOnce()).toMatchObject({ stillPending: 1 });
    h.clock.advance(PAYMENT_TIMEOUT_MS + 1_000);
    // Past the timeout, but the hold cannot be released yet: the order must not be CANCELLED.
    expect(await orders.sweepOnce()).toMatchObject({ stillPending: 1 });
    expect(await orders.sweepOnce()).toMatchObject({ stillPending: 1 });
    expect(await detail(order.orderId)).toMatchObject({ status: 'PENDING' });
    expect(await paymentOf(order.orderId)).toBe('AUTHORIZED');
    expect(await cancelledWithAHold()).toEqual([]);

    provider.down = false;
    expect(await orders.sweepOnce()).toMatchObject({ cancelled: 1 });
    expect(await detail(order.orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellation: { reason: 'payment_timeout' },
      refunded: false,
    });
    expect(await paymentOf(order.orderId)).toBe('VOIDED');
    expect(await sandboxHolds()).toEqual([{ capture_id: null, void_id: expect.stringMatching(/^void_/) }]);
    expect(await orders.sweepOnce()).toMatchObject({ examined: 0 });
  });

  it("the customer's cancellation of a PENDING order with an AUTHORIZED payment releases the hold", async () => {
    const order = await heldOrder();
    const response = await h.request({
      method: 'POST',
      url: `/api/orders/${order.orderId}/cancel`,
      token: customer.token,
      payload: { reason: 'taking too long' },
    });
    expect(response.statusCode).toBe(200);
    expect(viewOf(response)).toMatchObject({ status: 'CANCELLED', refunded: false });
    expect(await paymentOf(order.orderId)).toBe('VOIDED');
    expect(await sandboxHolds()).toEqual([{ capture_id: null, void_id: expect.stringMatching(/^void_/) }]);
    expect(await cancelledWithAHold()).toEqual([]);
  });
});
