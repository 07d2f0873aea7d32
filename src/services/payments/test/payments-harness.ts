import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createEvent, type Consumer, type EventEnvelope } from '../../../platform/messaging/index.js';
import type { ServiceModule } from '../../../platform/runtime/service-module.js';
import { ordersEventSchemas, type OrderStatusUpdatedV1 } from '../../orders/index.js';
import {
  createPaymentsService,
  createSandboxProvider,
  paymentsErrorStatuses,
  type ChargeInput,
  type PaymentProvider,
  type PaymentsClient,
} from '../index.js';
import { spyProvider } from './spy-provider.js';

export { createTestSql } from '../../../../test/support/test-sql.js';

export const TIMEOUT_MS = 50;

export interface PaymentsHarness extends TestPlatform {
  payments: ServiceModule<PaymentsClient>;
  client: PaymentsClient;
  calls: ReturnType<typeof spyProvider>['calls'];
  /** Every log line the payments service wrote, as JSON text. */
  logs: string[];
  cancellations: Consumer;
  outbox(): Promise<EventEnvelope[]>;
  /** Another instance of the service on the same database and provider, as in a scaled-out deployment. */
  anotherInstance(): Promise<ServiceModule<PaymentsClient>>;
}

/**
 * The payments service on a clean `payments` schema, behind the real HTTP kernel, with a spy around the
 * sandbox provider (or `inner`), a 50 ms provider timeout and a logger that keeps its lines.
 */
export async function startPayments(
  sql: PgliteSql,
  options: { hangAuthorize?: number; hangCapture?: number; inner?: PaymentProvider } = {},
): Promise<PaymentsHarness> {
  let payments: ServiceModule<PaymentsClient> | undefined;
  let spy: ReturnType<typeof spyProvider> | undefined;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const platform = await startTestPlatform(sql, {
    build: async (deps) => {
      spy = spyProvider(
        options.inner ?? createSandboxProvider({ sql: deps.sql, ids: deps.ids, clock: deps.clock }),
        options,
      );
      payments = await createPaymentsService({
        ...deps,
        log: pino({ level: 'debug' }, sink),
        provider: spy.provider,
        providerTimeoutMs: TIMEOUT_MS,
        consumerRetry: { maxAttempts: 2, backoff: () => 10 },
      });
      return [payments];
    },
    // The composition root registers every contract's schemas; here, the orders events the consumer reads.
    events: (registry) => {
      for (const { type, version, schema } of ordersEventSchemas) registry.register(type, version, schema);
    },
    errorStatuses: paymentsErrorStatuses,
    schemas: ['payments'],
  });
  if (payments === undefined || spy === undefined) throw new Error('the payments service was not built');
  const { provider } = spy;
  const cancellations = payments.messaging?.consumers[0];
  if (cancellations === undefined) throw new Error('the cancellation consumer was not declared');
  return {
    ...platform,
    payments,
    client: payments.client,
    calls: spy.calls,
    logs,
    cancellations,
    anotherInstance: () =>
      createPaymentsService({
        ...platform.deps,
        provider,
        providerTimeoutMs: TIMEOUT_MS,
      }),
    async outbox() {
      const { rows } = await sql.query<{ event: EventEnvelope }>(
        'SELECT event FROM payments.outbox ORDER BY id',
      );
      return rows.map((row) => row.event);
    },
  };
}

/** A card charge for a fresh order; override any field. */
export function aCharge(overrides: Partial<ChargeInput> = {}, token = 'tok_visa'): ChargeInput {
  return {
    orderId: crypto.randomUUID(),
    customerId: crypto.randomUUID(),
    amount: { amount: 45_000, currency: 'INR' },
    payment: { method: 'CARD', token },
    ...overrides,
  };
}

/** An `OrderStatusUpdated` as the orders service publishes it. */
export function statusUpdated(
  h: TestPlatform,
  input: { orderId: string; customerId: string; status: OrderStatusUpdatedV1['status']; previous?: string },
): EventEnvelope<OrderStatusUpdatedV1> {
  const data = {
    orderId: input.orderId,
    customerId: input.customerId,
    restaurantId: crypto.randomUUID(),
    courierId: null,
    fulfillment: 'DELIVERY',
    previousStatus: input.previous ?? 'CONFIRMED',
    status: input.status,
    reason: 'changed my mind',
    changedBy: { id: input.customerId, role: 'CUSTOMER' },
    totalAmount: { amount: 45_000, currency: 'INR' },
    items: [{ menuItemId: crypto.randomUUID(), name: 'Masala Dosa', quantity: 2 }],
    changedAt: h.clock.now().toISOString(),
  } as OrderStatusUpdatedV1;
  return createEvent(
    { clock: h.clock, ids: h.deps.ids },
    { type: 'OrderStatusUpdated', source: 'orders', subject: input.orderId, data },
  );
}

/** Every row of every payments table, as JSON text: to prove no token was stored anywhere. */
export async function everyPaymentsRow(sql: PgliteSql): Promise<string> {
  const { rows: tables } = await sql.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'payments' ORDER BY table_name`,
  );
  const dumps: string[] = [];
  for (const { table_name } of tables) {
    const { rows } = await sql.query<{ dump: unknown }>(
      `SELECT coalesce(json_agg(t), '[]'::json) AS dump FROM payments."${table_name}" t`,
    );
    dumps.push(`${table_name}: ${JSON.stringify(rows[0]?.dump)}`);
  }
  return dumps.join('\n');
}
