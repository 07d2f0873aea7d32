import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { systemClock } from '../../../platform/time/clock.js';
import { uuidV7Ids } from '../../../platform/time/ids.js';
import { createSandboxProvider, type PaymentProvider } from '../index.js';
import {
  aCharge,
  createTestSql,
  startPayments,
  statusUpdated,
  type PaymentsHarness,
} from '../test/payments-harness.js';

// The cancellation consumer takes OrderStatusUpdated in batches: most are not cancellations.
let sql: PgliteSql;
let h: PaymentsHarness;

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
afterEach(async () => {
  await h.close();
});

const statusOf = async (orderId: string) =>
  (await sql.query<{ status: string }>('SELECT status FROM payments.payments WHERE order_id = $1', [orderId]))
    .rows[0]?.status;
const refundCount = async (orderId: string) =>
  (await sql.query('SELECT 1 FROM payments.refunds WHERE order_id = $1', [orderId])).rows.length;
const refundEvents = async () => (await h.outbox()).filter((e) => e.type === 'PaymentRefunded');

/** Two paid orders, and an update of `status` for each. */
async function twoPaidOrders() {
  const orders = [aCharge(), aCharge()] as const;
  for (const order of orders) await h.client.charge(order);
  const update = (i: 0 | 1, status: 'CANCELLED' | 'PREPARING' | 'READY') =>
    statusUpdated(h, { orderId: orders[i].orderId, customerId: orders[i].customerId, status });
  return { orders, update };
}

it('a batch of updates refunds its one cancelled order once, and records every update', async () => {
  h = await startPayments(sql);
  const { orders, update } = await twoPaidOrders();
  const cancelled = update(1, 'CANCELLED');
  const batch = [update(0, 'PREPARING'), cancelled, update(0, 'READY')];
  await h.cancellations.deliverBatch(batch);

  expect(h.calls.refund).toBe(1);
  expect(await statusOf(orders[1].orderId)).toBe('REFUNDED');
  expect(await statusOf(orders[0].orderId)).toBe('CAPTURED');
  expect(await refundCount(orders[0].orderId)).toBe(0);
  // The refund joins its cancellation's flow, not the batch's first event's.
  expect((await refundEvents()).map((e) => e.causationId)).toEqual([cancelled.id]);
  for (const event of batch) expect(await h.cancellations.deliver(event)).toBe('duplicate');
  expect(h.calls.refund).toBe(1);
});

it('a refund timing out fails the batch; one by one, each order is refunded once', async () => {
  const sandbox = createSandboxProvider({ sql, ids: uuidV7Ids, clock: systemClock });
  const refunded: string[] = [];
  let hangOn: string | undefined;
  const provider: PaymentProvider = {
    ...sandbox,
    async refund(input) {
      refunded.push(input.captureId);
      const answer = await sandbox.refund(input);
      if (input.captureId !== hangOn) return answer;
      hangOn = undefined;
      return new Promise<never>(() => undefined);
    },
  };
  h = await startPayments(sql, { inner: provider });
  const { orders, update } = await twoPaidOrders();
  const captureOf = async (orderId: string) =>
    (
      await sql.query<{ capture_id: string }>(
        'SELECT capture_id FROM payments.payments WHERE order_id = $1',
        [orderId],
      )
    ).rows[0]?.capture_id;
  const captures = [await captureOf(orders[0].orderId), await captureOf(orders[1].orderId)];
  hangOn = captures[1];
  const batch = [update(0, 'CANCELLED'), update(1, 'CANCELLED')];

  await expect(h.cancellations.deliverBatch(batch)).rejects.toMatchObject({
    code: 'PAYMENTS.PROVIDER_TIMEOUT',
  });
  // The batch recorded nothing in its inbox: the bus delivers each event again on its own.
  for (const event of batch) expect(await h.cancellations.deliver(event)).toBe('applied');

  // The first order's refund, repeated, found itself recorded; the second was asked for again.
  expect(refunded).toEqual([captures[0], captures[1], captures[1]]);
  for (const order of orders) {
    expect(await statusOf(order.orderId)).toBe('REFUNDED');
    expect(await refundCount(order.orderId)).toBe(1);
  }
  expect(await refundEvents()).toHaveLength(2);
});
