// The split deployment found entirely through the Redis registry, with no SERVICE_URLS anywhere: node A hosts
// everything but payments, node B payments alone, node C orders alone, and a gateway in front. B and C do
// not host auth: they verify tokens with the keys of the auth instance they find in the registry. One
// order placed through the gateway with a correlation id is followed across nodes: the orders node's call to
// payments on B carries it, and B's log lines and the events it writes have it. Then C, one of the two orders
// instances, is killed with SIGKILL: the gateway tries it once, marks it down and sends that write and every
// later one to A, although C's registration lives on in Redis; C restarted heartbeats and gets traffic again.
// Another environment's prefix on the same Redis sees none of these instances.
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_RESTAURANT_ID } from '../../src/main/demo-accounts.js';
import { redisKeys } from '../../src/main/redis-keys.js';
import { createRedisDiscovery } from '../../src/platform/discovery/index.js';
import { freePort } from '../support/private-servers.js';
import { requireServer } from '../support/require-server.js';
import { runCli, type CliRun } from '../support/spawn-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const [postgres, nats, redisServer] = await Promise.all([
  requireServer('DATABASE_URL'),
  requireServer('NATS_URL'),
  requireServer('REDIS_URL'),
]);

/** The JSON lines a process wrote (pino), skipping anything else. */
function jsonLines(run: CliRun): Array<Record<string, unknown>> {
  return run
    .output()
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

/** SIGTERM, then SIGKILL if the process has not ended within 10 s: cleanup must not hang the file. */
async function stopSoon(run: CliRun): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 10_000);
  await run.stop();
  clearTimeout(timer);
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

describe.skipIf(!(postgres.available && nats.available && redisServer.available))(
  'discovery through the registry only, passive health and correlation ids (three nodes and a gateway)',
  () => {
    const run = randomBytes(5).toString('hex');
    const prefix = `e2e-${run}`;
    const flow = `flow-${run}`;
    let database: TestDatabase | undefined;
    let redis: Redis;
    const running: CliRun[] = [];
    let env: Record<string, string>;
    const urls = { a: '', b: '', c: '', gateway: '' };
    const nodes: Record<'a' | 'b' | 'c' | 'gateway', CliRun | undefined> = {
      a: undefined,
      b: undefined,
      c: undefined,
      gateway: undefined,
    };
    let token = '';
    let menuItemId = '';

    const serve = async (which: 'a' | 'b' | 'c', services: string): Promise<CliRun> => {
      // No SERVICE_URLS: every peer, auth included, is found in the registry.
      const node = runCli(['serve', services], {
        ...env,
        PORT: new URL(urls[which]).port,
        INSTANCE_URL: urls[which],
      });
      running.push(node);
      nodes[which] = node;
      await node.waitFor(/node started/);
      return node;
    };
    const call = async <T>(
      base: string,
      method: string,
      route: string,
      headers: Record<string, string> = {},
      body?: unknown,
    ) => {
      const response = await fetch(`${base}${route}`, {
        method,
        headers: {
          ...(token === '' ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
    };
    const placeOrder = (base: string, headers: Record<string, string> = {}) =>
      call<{ orderId: string; status: string }>(base, 'POST', '/api/orders', headers, {
        restaurantId: DEMO_RESTAURANT_ID,
        items: [{ menuItemId, quantity: 1 }],
        fulfillment: 'PICKUP',
        payment: { method: 'CARD', token: 'tok_visa' },
      });
    /** The gateway's failed attempts at node C (its warn lines name the target). */
    const failuresAt = (url: string) =>
      jsonLines(nodes.gateway as CliRun).filter(
        (line) => line.msg === 'upstream failed' && line.target === url,
      );

    beforeAll(async () => {
      database = await createTestDatabase(postgres.url, 'sattzabite_discovery');
      redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
      for (const key of ['a', 'b', 'c', 'gateway'] as const)
        urls[key] = `http://127.0.0.1:${await freePort()}`;
      env = {
        DATABASE_URL: database.url,
        NATS_URL: nats.url,
        REDIS_URL: redisServer.url,
        REDIS_KEY_PREFIX: prefix,
        // A stream of this run only: parallel test files share the NATS server.
        NATS_STREAM: `DISCO_${run}`,
        NATS_SUBJECT_PREFIX: `disco.${run}`,
        INTERNAL_TOKEN: `discovery-test-internal-token-${run}`,
        TRUST_PROXY: 'loopback',
        RATE_LIMIT_PER_MINUTE: '100000',
        LOG_LEVEL: 'info',
      };
      // Seeded on the in-process bus: the rows are all the nodes need, and the seed need not wait on NATS.
      const seeded = runCli(['seed', '--restaurants', '2'], { ...env, NATS_URL: undefined });
      expect(await seeded.exited).toBe(0);

      await serve(
        'a',
        'auth,users,restaurants,catalog,search,storage,promotions,orders,delivery,notifications,realtime,analytics,recommendations',
      );
      await Promise.all([serve('b', 'payments'), serve('c', 'orders')]);
      const gateway = runCli(['gateway'], { ...env, PORT: new URL(urls.gateway).port });
      running.push(gateway);
      nodes.gateway = gateway;
      await gateway.waitFor(/gateway started/);

      const login = await call<{ accessToken: string }>(
        urls.gateway,
        'POST',
        '/auth/login',
        {},
        {
          email: 'customer@demo.sattzabite.test',
          password: DEMO_PASSWORD,
        },
      );
      expect(login.status).toBe(200);
      token = login.body.accessToken;
      const menu = await call<{ items: Array<{ id: string; available: boolean }> }>(
        urls.gateway,
        'GET',
        `/api/menu/restaurants/${DEMO_RESTAURANT_ID}`,
      );
      menuItemId = menu.body.items.find((item) => item.available)?.id ?? '';
      expect(menuItemId).not.toBe('');
    }, 150_000);

    afterAll(async () => {
      await Promise.all(running.map(stopSoon));
      await database?.drop();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      const nc = await connect({ servers: nats.url });
      await (await jetstreamManager(nc)).streams.delete(`DISCO_${run}`).catch(() => undefined);
      await nc.close();
    }, 40_000);

    it('finds every peer in the registry, auth keys included, and sees none of another environment', async () => {
      // C hosts orders only: it verified the token and reached catalog, restaurants, users, promotions on A
      // and payments on B, all through the registry.
      const placed = await placeOrder(urls.c);
      expect([placed.status, placed.body.status]).toEqual([201, 'CONFIRMED']);
      // B hosts payments only: it verified the token with the keys of the auth instance it found.
      const route = `/api/payments?orderId=${placed.body.orderId}`;
      const payments = await call<{ content: unknown[] }>(urls.b, 'GET', route);
      expect([payments.status, payments.body.content.length]).toEqual([200, 1]);
      const forged = await call<{ code: string }>(urls.b, 'GET', route, {
        authorization: 'Bearer not-a-token',
      });
      expect([forged.status, forged.body.code]).toEqual([401, 'TOKEN.INVALID']);

      const here = createRedisDiscovery({
        redis,
        namespace: redisKeys({ REDIS_KEY_PREFIX: prefix }).registry,
        cacheMs: 0,
      });
      expect(await here.instances('orders')).toEqual([urls.a, urls.c].sort());
      expect(await here.instances('payments')).toEqual([urls.b]);
      const elsewhere = createRedisDiscovery({
        redis,
        namespace: redisKeys({ REDIS_KEY_PREFIX: `other-${run}` }).registry,
        cacheMs: 0,
      });
      expect(await elsewhere.instances('orders')).toEqual([]);
      expect(await elsewhere.instances('auth')).toEqual([]);
      // Nothing this environment wrote to Redis lies outside its prefix (the default one included).
      const ours = [urls.a, urls.b, urls.c];
      const unprefixed = (await redis.keys('sattzabite:*')).filter((key) =>
        ours.some((url) => key.includes(url)),
      );
      expect(unprefixed).toEqual([]);
      expect((await redis.keys(`${prefix}:cache:*`)).length).toBeGreaterThan(0);
    }, 60_000);

    it("follows one order across nodes by the caller's correlation id", async () => {
      const placed = await placeOrder(urls.gateway, { 'x-correlation-id': flow });
      expect([placed.status, placed.body.status]).toEqual([201, 'CONFIRMED']);
      const { orderId } = placed.body;

      // The orders node (A or C, round-robin) served it under the flow's id, and called payments on B.
      const ordersLines = [...jsonLines(nodes.a as CliRun), ...jsonLines(nodes.c as CliRun)];
      expect(ordersLines.some((line) => line.correlationId === flow && line.msg === 'incoming request')).toBe(
        true,
      );
      const onB = await until(async () => {
        const lines = jsonLines(nodes.b as CliRun).filter((line) => line.correlationId === flow);
        return lines.length > 0 ? lines : undefined;
      }, "B's log lines of the flow");
      expect(
        onB.some((line) =>
          String((line.req as { url?: string } | undefined)?.url).startsWith('/internal/rpc/payments/'),
        ),
      ).toBe(true);

      // The payment event B wrote while serving that call belongs to the same flow.
      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      try {
        const events = await client.query<{ type: string; correlation_id: string }>(
          `SELECT event->>'type' AS type, event->>'correlationId' AS correlation_id FROM payments.outbox WHERE subject = $1`,
          [orderId],
        );
        expect(events.rows).toContainEqual({ type: 'PaymentProcessed', correlation_id: flow });
      } finally {
        await client.end();
      }
    }, 60_000);

    it('stops sending to an orders instance killed with SIGKILL after one refused attempt, and sends its write elsewhere', async () => {
      // Round-robin over A and C: one of the next two writes goes to C.
      const c = nodes.c as CliRun;
      c.child.kill('SIGKILL');
      await c.exited;
      for (let i = 0; i < 8; i += 1) {
        const placed = await placeOrder(urls.gateway);
        expect([placed.status, placed.body.status]).toEqual([201, 'CONFIRMED']);
      }
      // One write went to C, was refused (it never reached C), and was sent to A; nothing else went to C.
      const failures = failuresAt(urls.c);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ failure: 'not-reached' });
      // Not discovery's doing: C's registration is still alive in Redis.
      const registry = createRedisDiscovery({
        redis,
        namespace: redisKeys({ REDIS_KEY_PREFIX: prefix }).registry,
        cacheMs: 0,
      });
      expect(await registry.instances('orders')).toContain(urls.c);
      // The gateway can still route everything: ready, not degraded.
      const ready = await call<{ status: string }>(urls.gateway, 'GET', '/ready');
      expect([ready.status, ready.body.status]).toEqual([200, 'UP']);

      // C comes back: its new registration (or a probe) shows it, and it takes orders again.
      const restarted = await serve('c', 'orders');
      await until(async () => {
        const placed = await placeOrder(urls.gateway);
        expect(placed.status).toBe(201);
        return jsonLines(restarted).some(
          (l) =>
            l.msg === 'request completed' &&
            (l.res as { statusCode?: number } | undefined)?.statusCode === 201,
        )
          ? true
          : undefined;
      }, 'the restarted instance to take an order');
      expect(failuresAt(urls.c)).toHaveLength(1);
    }, 120_000);
  },
);
