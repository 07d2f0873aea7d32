// Two `sattzabite serve` processes on one PostgreSQL database and NATS JetStream, as in production: node A
// hosts every service but payments, node B hosts payments. An order placed while B is down is answered 202
// PENDING; A is then killed with SIGKILL (no shutdown code runs), B comes up, A restarts, and A's saga
// sweeper finishes the order: CONFIRMED, charged exactly once. Tokens issued by A are verified on B through
// A's JWKS; B's internal RPC refuses a caller without the internal token.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DEMO_PASSWORD, DEMO_RESTAURANT_ID } from '../../src/main/demo-accounts.js';
import { requireServer } from '../support/require-server.js';
import { runCli, type CliRun } from '../support/spawn-cli.js';

const [postgres, nats] = await Promise.all([requireServer('DATABASE_URL'), requireServer('NATS_URL')]);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!(postgres.available && nats.available))(
  'split nodes (two processes, PostgreSQL + NATS)',
  () => {
    const run = randomBytes(5).toString('hex');
    const database = `sattzabite_split_${run}`;
    const running: CliRun[] = [];
    let env: Record<string, string>;
    let a: string;
    let b: string;

    const serve = async (services: string, url: string, peers: string): Promise<CliRun> => {
      const node = runCli(['serve', services], {
        ...env,
        PORT: new URL(url).port,
        INSTANCE_URL: url,
        SERVICE_URLS: peers,
      });
      running.push(node);
      await node.waitFor(/node started/);
      return node;
    };
    const call = async <T>(base: string, method: string, route: string, token?: string, body?: unknown) => {
      const response = await fetch(`${base}${route}`, {
        method,
        headers: {
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
    };

    beforeAll(async () => {
      await onServer(postgres.url, `CREATE DATABASE ${database}`);
      const databaseUrl = new URL(postgres.url);
      databaseUrl.pathname = `/${database}`;
      a = `http://127.0.0.1:${await freePort()}`;
      b = `http://127.0.0.1:${await freePort()}`;
      env = {
        DATABASE_URL: databaseUrl.toString(),
        NATS_URL: nats.url,
        // A stream of this run only: parallel test files share the NATS server.
        NATS_STREAM: `SPLIT_${run}`,
        NATS_SUBJECT_PREFIX: `split.${run}`,
        INTERNAL_TOKEN: `split-test-internal-token-${run}`,
        SAGA_SWEEP_INTERVAL_MS: '300',
        RATE_LIMIT_PER_MINUTE: '100000',
        LOG_LEVEL: 'info',
      };
      const seeded = runCli(['seed', '--restaurants', '3'], env);
      expect(await seeded.exited).toBe(0);
    }, 120_000);

    afterAll(async () => {
      for (const node of running) {
        if (node.child.exitCode === null && node.child.signalCode === null) await node.stop();
      }
      await onServer(postgres.url, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      const nc = await connect({ servers: nats.url });
      await (await jetstreamManager(nc)).streams.delete(`SPLIT_${run}`).catch(() => undefined);
      await nc.close();
    });

    it('finishes a saga interrupted by a killed process: 202, SIGKILL, restart, CONFIRMED, one charge', async () => {
      const everythingButPayments =
        'auth,users,restaurants,catalog,promotions,orders,delivery,notifications,analytics,recommendations';
      let nodeA = await serve(everythingButPayments, a, `payments=${b}`);

      const login = await call<{ accessToken: string }>(a, 'POST', '/auth/login', undefined, {
        email: 'customer@demo.sattzabite.test',
        password: DEMO_PASSWORD,
      });
      expect(login.status).toBe(200);
      const token = login.body.accessToken;
      const menu = await call<{ items: Array<{ id: string; available: boolean }> }>(
        a,
        'GET',
        `/api/menu/restaurants/${DEMO_RESTAURANT_ID}`,
      );
      const item = menu.body.items.find((candidate) => candidate.available);
      expect(item).toBeDefined();

      // Payments (node B) is not running: the order waits.
      const placed = await call<{ orderId: string; status: string }>(a, 'POST', '/api/orders', token, {
        restaurantId: DEMO_RESTAURANT_ID,
        items: [{ menuItemId: item?.id, quantity: 1 }],
        fulfillment: 'PICKUP',
        payment: { method: 'CARD', token: 'tok_visa' },
      });
      expect([placed.status, placed.body.status]).toEqual([202, 'PENDING']);
      const { orderId } = placed.body;

      // Kill A outright, bring up B, restart A: the sweeper of the new A resumes the charge.
      nodeA.child.kill('SIGKILL');
      await nodeA.exited;
      await serve('payments', b, `auth=${a},users=${a},orders=${a}`);
      nodeA = await serve(everythingButPayments, a, `payments=${b}`);

      const confirmed = await until(async () => {
        const detail = await call<{ status: string }>(a, 'GET', `/api/orders/${orderId}`, token);
        return detail.body.status === 'CONFIRMED' ? detail.body : undefined;
      }, 'the order to be CONFIRMED');
      expect(confirmed.status).toBe('CONFIRMED');

      // B verifies A's token (JWKS over HTTP) and shows one captured payment.
      const payments = await call<{ content: Array<{ status: string; orderId: string }> }>(
        b,
        'GET',
        `/api/payments?orderId=${orderId}`,
        token,
      );
      expect(payments.status).toBe(200);
      expect(payments.body.content).toHaveLength(1);
      expect(payments.body.content[0]).toMatchObject({ orderId, status: 'CAPTURED' });

      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      try {
        const charges = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM payments.provider_calls c JOIN payments.payments p ON p.id = c.payment_id
          WHERE p.order_id = $1 AND c.step = 'AUTHORIZE' AND c.outcome = 'SUCCEEDED'`,
          [orderId],
        );
        expect(charges.rows[0]?.n).toBe(1);
      } finally {
        await client.end();
      }

      // Internal RPC needs the internal token.
      const anonymous = await fetch(`${b}/internal/rpc/payments/charge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(anonymous.status).toBe(403);
    }, 120_000);
  },
);
