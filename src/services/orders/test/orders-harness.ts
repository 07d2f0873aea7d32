import { promotionsErrorStatuses } from '../../promotions/index.js';
import type { LightMyRequestResponse } from 'fastify';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createEvent, type EventEnvelope } from '../../../platform/messaging/index.js';
import { uuidV7Ids } from '../../../platform/time/ids.js';
import { paymentsEventSchemas, PaymentsEvents } from '../../payments/index.js';
import {
  createOrdersService,
  ordersErrorStatuses,
  ordersEventSchemas,
  type OrderView,
  type OrdersService,
} from '../index.js';
import {
  ITEM_DOSA,
  ITEM_LASSI,
  RESTAURANT_A,
  RESTAURANT_B,
  fakePayments,
  fakeUpstreams,
  type FakePayments,
} from './fake-upstreams.js';

export { createTestSql } from '../../../../test/support/test-sql.js';
export * from './fake-upstreams.js';

type Who = { id: string; token: string };

export interface OrdersHarness extends TestPlatform {
  orders: OrdersService;
  payments: FakePayments;
  upstreams: ReturnType<typeof fakeUpstreams>;
  people: {
    customer: Who;
    otherCustomer: Who;
    staffA: Who;
    adminA: Who;
    staffB: Who;
    courier: Who;
    otherCourier: Who;
    admin: Who;
  };
  /** A second instance of the service on the same database (a restart after a crash). */
  newInstance(): Promise<OrdersService>;
  place(options?: {
    token?: string;
    body?: Record<string, unknown>;
    key?: string;
  }): Promise<LightMyRequestResponse>;
  setStatus(orderId: string, token: string, status: string, reason?: string): Promise<LightMyRequestResponse>;
  get(url: string, token: string): Promise<LightMyRequestResponse>;
  outbox(subject?: string): Promise<EventEnvelope[]>;
  /** Rows of the orders tables that a refused request must not have touched. */
  counts(): Promise<{ events: number; views: number; outbox: number; keys: number }>;
  /** A PaymentProcessed event from payments for this order. */
  paymentProcessed(orderId: string, customerId: string, succeeded: boolean): EventEnvelope;
  paymentRefunded(orderId: string, customerId: string): EventEnvelope;
  /** Delivers the event to the named consumer twice, as the bus may; returns both outcomes. */
  feedTwice(consumer: 'payment-outcomes' | 'payment-refunds', event: EventEnvelope): Promise<string[]>;
  reset(): Promise<void>;
}

export const deliveryBody = (overrides: Record<string, unknown> = {}) => ({
  restaurantId: RESTAURANT_A,
  items: [
    { menuItemId: ITEM_DOSA, quantity: 2, specialInstructions: 'extra chutney' },
    { menuItemId: ITEM_LASSI, quantity: 1 },
  ],
  fulfillment: 'DELIVERY',
  deliveryAddress: {
    line1: '1 MG Road',
    city: 'Bengaluru',
    postcode: '560001',
    latitude: 12.975,
    longitude: 77.605,
  },
  payment: { method: 'CARD', token: 'tok_visa' },
  ...overrides,
});

export const ORDER_TABLES =
  'orders.events, orders.outbox, orders.inbox, orders.dead_letters, orders.order_views, orders.order_timeline, ' +
  'orders.restaurant_queue, orders.courier_jobs, orders.courier_positions, orders.idempotency_keys, orders.payment_requests';

export async function startOrders(sql: PgliteSql): Promise<OrdersHarness> {
  const payments = fakePayments();
  const upstreams = fakeUpstreams();
  const build = (deps: Parameters<Parameters<typeof startTestPlatform>[1]['build']>[0]) =>
    createOrdersService({
      ...deps,
      catalog: upstreams.catalog,
      restaurants: upstreams.restaurants,
      users: upstreams.users,
      promotions: upstreams.promotions,
      payments,
      // Tests run the sweeper by hand (sweepOnce); the timer is far away.
      sagaSettings: { sweepIntervalMs: 3_600_000, paymentTimeoutMs: 10 * 60_000 },
      consumerRetry: { maxAttempts: 3, backoff: () => 5 },
    });
  const platform = await startTestPlatform(sql, {
    build: async (deps) => [await build(deps)],
    events: (registry) => {
      for (const { type, version, schema } of [...ordersEventSchemas, ...paymentsEventSchemas]) {
        registry.register(type, version, schema);
      }
    },
    errorStatuses: { ...ordersErrorStatuses, ...promotionsErrorStatuses },
    schemas: ['orders'],
    // Saga tests move the clock past the payment timeout; the tokens must outlive it.
    env: { JWT_ACCESS_TTL_SECONDS: '86400' },
  });
  const orders = platform.modules[0] as OrdersService;
  const person = (roles: Parameters<TestPlatform['user']>[0]) => platform.user(roles);
  const people = {
    customer: await person({ roles: ['CUSTOMER'] }),
    otherCustomer: await person({ roles: ['CUSTOMER'] }),
    staffA: await person({ roles: ['RESTAURANT_STAFF'], restaurantIds: [RESTAURANT_A] }),
    adminA: await person({ roles: ['RESTAURANT_ADMIN'], restaurantIds: [RESTAURANT_A] }),
    staffB: await person({ roles: ['RESTAURANT_STAFF'], restaurantIds: [RESTAURANT_B] }),
    courier: await person({ roles: ['DELIVERY_PARTNER'] }),
    otherCourier: await person({ roles: ['DELIVERY_PARTNER'] }),
    admin: await person({ roles: ['SYSTEM_ADMIN'] }),
  };
  const count = async (table: string) =>
    (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n ?? 0;
  const paymentEvent = (type: string, subject: string, data: unknown) =>
    createEvent({ clock: platform.clock, ids: uuidV7Ids }, { type, source: 'payments', subject, data });

  return {
    ...platform,
    orders,
    payments,
    upstreams,
    people,
    async newInstance() {
      return build({ ...platform.deps, auth: platform.auth.client });
    },
    place({ token = people.customer.token, body = deliveryBody(), key } = {}) {
      return platform.request({
        method: 'POST',
        url: '/api/orders',
        token,
        payload: body,
        ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
      });
    },
    setStatus(orderId, token, status, reason) {
      return platform.request({
        method: 'PUT',
        url: `/api/orders/${orderId}/status`,
        token,
        payload: { status, ...(reason === undefined ? {} : { reason }) },
      });
    },
    get(url, token) {
      return platform.request({ method: 'GET', url, token });
    },
    async outbox(subject) {
      const { rows } = await sql.query<{ event: EventEnvelope }>(
        subject === undefined
          ? 'SELECT event FROM orders.outbox ORDER BY id'
          : 'SELECT event FROM orders.outbox WHERE subject = $1 ORDER BY id',
        subject === undefined ? [] : [subject],
      );
      return rows.map((row) => row.event);
    },
    async counts() {
      return {
        events: await count('orders.events'),
        views: await count('orders.order_views'),
        outbox: await count('orders.outbox'),
        keys: await count('orders.idempotency_keys'),
      };
    },
    paymentProcessed(orderId, customerId, succeeded) {
      return paymentEvent(PaymentsEvents.PAYMENT_PROCESSED, orderId, {
        paymentId: `pay-${orderId}`,
        orderId,
        customerId,
        succeeded,
        status: succeeded ? 'CAPTURED' : 'FAILED',
        method: 'CARD',
        amount: { amount: 1, currency: 'INR' },
        ...(succeeded ? {} : { failureCode: 'insufficient_funds' }),
      });
    },
    paymentRefunded(orderId, customerId) {
      return paymentEvent(PaymentsEvents.PAYMENT_REFUNDED, orderId, {
        paymentId: `pay-${orderId}`,
        refundId: `ref-${orderId}`,
        orderId,
        customerId,
        amount: { amount: 1, currency: 'INR' },
        reason: 'customer cancelled',
      });
    },
    async feedTwice(name, event) {
      const consumer = orders.messaging?.consumers.find((c) => c.name === `orders.${name}`);
      if (consumer === undefined) throw new Error(`no consumer ${name}`);
      return [await consumer.deliver(event), await consumer.deliver(event)];
    },
    async reset() {
      await sql.exec(`TRUNCATE ${ORDER_TABLES}`);
      // Back to the tokens' issue time, so each test starts with fresh tokens and a known clock.
      platform.clock.set('2026-03-02T09:00:00.000Z');
      payments.mode = 'succeed';
      payments.refundMode = 'succeed';
      payments.chargeCalls.length = 0;
      payments.refundCalls.length = 0;
      payments.outcomes.clear();
      payments.successfulCharges.clear();
      Object.assign(upstreams.restaurant, { active: true, open: true, distanceKm: 2.5, radiusKm: 8 });
    },
  };
}

export const viewOf = (response: LightMyRequestResponse) => response.json<OrderView>();
export const codeOf = (response: LightMyRequestResponse) => response.json<{ code: string }>().code;
