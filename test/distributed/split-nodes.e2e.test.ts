// Two `sattzabite serve` processes on one PostgreSQL database and NATS JetStream, as in production: node A
// hosts every service but payments, node B hosts payments. An order placed while B is down is answered 202
// PENDING; A is then killed with SIGKILL (no shutdown code runs), B comes up, A restarts, and A's saga
// sweeper finishes the order: CONFIRMED, charged exactly once. Tokens issued by A are verified on B through
// A's JWKS; B's internal RPC refuses a caller without the internal token. Then a `sattzabite gateway`
// process in front of both serves the web app, the API, STOMP over /ws and SSE on one address.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client, type IMessage, type IStompSocket } from '@stomp/stompjs';
import WebSocket from 'ws';
import { DEMO_PASSWORD, DEMO_RESTAURANT_ID } from '../../src/main/demo-accounts.js';
import { requireServer } from '../support/require-server.js';
import { runCli, type CliRun } from '../support/spawn-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const [postgres, nats] = await Promise.all([requireServer('DATABASE_URL'), requireServer('NATS_URL')]);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The status of a GET sent byte for byte as given (fetch would normalise the path first). */
async function rawStatus(base: string, path: string): Promise<number> {
  const { hostname, port } = new URL(base);
  const socket = net.connect(Number(port), hostname);
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
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
    let database: TestDatabase | undefined;
    const running: CliRun[] = [];
    let env: Record<string, string>;
    let a: string;
    let b: string;
    let orderId: string;
    let customerToken: string;

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
      database = await createTestDatabase(postgres.url, 'sattzabite_split');
      a = `http://127.0.0.1:${await freePort()}`;
      b = `http://127.0.0.1:${await freePort()}`;
      env = {
        DATABASE_URL: database.url,
        NATS_URL: nats.url,
        // A stream of this run only: parallel test files share the NATS server.
        NATS_STREAM: `SPLIT_${run}`,
        NATS_SUBJECT_PREFIX: `split.${run}`,
        INTERNAL_TOKEN: `split-test-internal-token-${run}`,
        SAGA_SWEEP_INTERVAL_MS: '300',
        // The gateway runs on loopback: the nodes believe its X-Forwarded-For.
        TRUST_PROXY: 'loopback',
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
      await database?.drop();
      const nc = await connect({ servers: nats.url });
      await (await jetstreamManager(nc)).streams.delete(`SPLIT_${run}`).catch(() => undefined);
      await nc.close();
    });

    it('finishes a saga interrupted by a killed process: 202, SIGKILL, restart, CONFIRMED, one charge', async () => {
      const everythingButPayments =
        'auth,users,restaurants,catalog,search,storage,promotions,orders,delivery,notifications,realtime,analytics,recommendations';
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
      orderId = placed.body.orderId;
      customerToken = token;

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

    it('puts one address in front of both nodes: web app, API, STOMP and SSE through the gateway', async () => {
      const gatewayUrl = `http://127.0.0.1:${await freePort()}`;
      const everything = `auth=${a},users=${a},restaurants=${a},catalog=${a},search=${a},storage=${a},promotions=${a},orders=${a},delivery=${a},notifications=${a},realtime=${a},analytics=${a},recommendations=${a},payments=${b}`;
      const gateway = runCli(['gateway'], {
        ...env,
        PORT: new URL(gatewayUrl).port,
        SERVICE_URLS: everything,
      });
      running.push(gateway);
      await gateway.waitFor(/gateway started/);

      const page = await fetch(`${gatewayUrl}/`);
      expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
      expect(
        await until(async () => ((await fetch(`${gatewayUrl}/ready`)).ok ? true : undefined), 'ready'),
      ).toBe(true);

      // Orders on A, payments on B, one address; the gateway verified the token on the way.
      const detail = await call<{ status: string }>(
        gatewayUrl,
        'GET',
        `/api/orders/${orderId}`,
        customerToken,
      );
      expect([detail.status, detail.body.status]).toEqual([200, 'CONFIRMED']);
      const payments = await call<{ content: unknown[] }>(
        gatewayUrl,
        'GET',
        `/api/payments?orderId=${orderId}`,
        customerToken,
      );
      expect([payments.status, payments.body.content.length]).toEqual([200, 1]);
      const forged = await call<{ code: string }>(gatewayUrl, 'GET', '/api/users/me', 'not-a-token');
      expect([forged.status, forged.body.code]).toEqual([401, 'TOKEN.INVALID']);
      // Internal routes are not public, even with the token header passed along.
      const internal = await fetch(`${gatewayUrl}/internal/rpc/payments/charge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-internal-token': env.INTERNAL_TOKEN ?? '' },
        body: '{}',
      });
      expect(internal.status).toBe(404);
      // Nor through a path that would climb out of a routed prefix once a node normalises it (sent raw:
      // fetch would normalise it first).
      for (const sneaky of [
        '/api/orders/x\\..\\..\\..\\internal/rpc/payments/charge',
        '/api/orders/x/%2e%2e/%2e%2e/%2e%2e/internal/rpc/payments/charge',
        '/api/orders/x/../../metrics',
      ]) {
        expect(await rawStatus(gatewayUrl, sneaky)).toBe(400);
      }

      // The kitchen moves the order on while the customer follows it over STOMP and SSE, both via the gateway.
      const staff = await call<{ accessToken: string }>(gatewayUrl, 'POST', '/auth/login', undefined, {
        email: 'staff@demo.sattzabite.test',
        password: DEMO_PASSWORD,
      });
      const stomp = new Client({
        webSocketFactory: () =>
          new WebSocket(`${gatewayUrl.replace('http', 'ws')}/ws`) as unknown as IStompSocket,
        connectHeaders: { Authorization: `Bearer ${customerToken}` },
        reconnectDelay: 0,
        heartbeatIncoming: 0,
        heartbeatOutgoing: 0,
        debug: () => undefined,
      });
      await new Promise<void>((resolve, reject) => {
        stomp.onConnect = () => resolve();
        stomp.onStompError = (frame) => reject(new Error(frame.body));
        stomp.onWebSocketClose = () => reject(new Error('closed before CONNECTED'));
        stomp.activate();
      });
      const messages: IMessage[] = [];
      await new Promise<void>((resolve) => {
        stomp.watchForReceipt('subscribed', () => resolve());
        stomp.subscribe(`/topic/orders/${orderId}`, (message) => messages.push(message), {
          receipt: 'subscribed',
        });
      });
      const sse = await fetch(`${gatewayUrl}/api/orders/${orderId}/stream`, {
        headers: { authorization: `Bearer ${customerToken}`, accept: 'text/event-stream' },
      });
      expect([sse.status, sse.headers.get('content-type')?.startsWith('text/event-stream')]).toEqual([
        200,
        true,
      ]);

      const moved = await call(gatewayUrl, 'PUT', `/api/orders/${orderId}/status`, staff.body.accessToken, {
        status: 'PREPARING',
      });
      expect(moved.status).toBe(200);
      const pushed = await until(
        async () =>
          messages.find(
            (m) => (JSON.parse(m.body) as { data: { status?: string } }).data.status === 'PREPARING',
          ),
        'the STOMP message through the gateway',
      );
      expect(JSON.parse(pushed.body)).toMatchObject({ type: 'OrderStatusUpdated', subject: orderId });
      await stomp.deactivate();

      const reader = sse.body?.getReader();
      let text = '';
      const streamed = await until(async () => {
        const chunk = await reader?.read();
        text += new TextDecoder().decode(chunk?.value);
        return text.includes('"PREPARING"') ? text : undefined;
      }, 'the SSE event through the gateway');
      expect(streamed).toMatch(/^id: \d+$/m);
      await reader?.cancel();

      // The operators' dead-letter queue of both nodes, merged; customers may not see it.
      const admin = await call<{ accessToken: string }>(gatewayUrl, 'POST', '/auth/login', undefined, {
        email: 'admin@demo.sattzabite.test',
        password: DEMO_PASSWORD,
      });
      const letters = await call<{ content: unknown[]; unreachable: string[] }>(
        gatewayUrl,
        'GET',
        '/api/admin/dlq',
        admin.body.accessToken,
      );
      expect([letters.status, letters.body.unreachable]).toEqual([200, []]);
      const refused = await call(gatewayUrl, 'GET', '/api/admin/dlq', customerToken);
      expect(refused.status).toBe(403);
    }, 120_000);
  },
);
