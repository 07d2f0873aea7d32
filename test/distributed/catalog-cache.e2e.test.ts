// Two platform instances on one PostgreSQL database, one Redis and one NATS: a read that follows a write
// must never see the value from before it, whether it lands on the writing instance or on the other one.
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_RESTAURANT_ID } from '../../src/main/demo-accounts.js';
import { seedDemoData } from '../../src/main/demo/seed-demo.js';
import { hostServices, type Host } from '../../src/main/host.js';
import { createRuntime, type Runtime } from '../../src/main/runtime.js';
import { SERVICE_NAMES } from '../../src/main/service-registry.js';
import { loadConfig } from '../../src/platform/config/index.js';
import { startHttpServer } from '../../src/platform/http/index.js';
import { requireServer } from '../support/require-server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const [postgres, redis, nats] = await Promise.all([
  requireServer('DATABASE_URL'),
  requireServer('REDIS_URL'),
  requireServer('NATS_URL'),
]);
const serversReady = postgres.available && redis.available && nats.available;

interface Instance {
  name: string;
  url: string;
  runtime: Runtime;
  host: Host;
  close(): Promise<void>;
}

interface Answer<T> {
  status: number;
  etag: string | null;
  body: T;
}

interface Money {
  amount: number;
  currency: string;
}
interface MenuItem {
  id: string;
  restaurantId: string;
  price: Money;
  available: boolean;
}
interface Menu {
  restaurantId: string;
  items: MenuItem[];
}
interface Restaurant {
  id: string;
  description: string;
}

describe.skipIf(!serversReady)('caches across two instances (PostgreSQL + Redis + NATS)', () => {
  let database: TestDatabase | undefined;
  // A logical Redis database of our own: the cache namespace is fixed, and the server is shared.
  const redisDb = randomInt(1, 16);
  const redisUrl = withPath(redis.url, `/${redisDb}`);
  const dataDirs: string[] = [];
  const instances: Instance[] = [];
  let a: Instance;
  let b: Instance;
  let ownerToken: string;
  let adminToken: string;
  let itemId: string;

  beforeAll(async () => {
    database = await createTestDatabase(postgres.url, 'sattzabite_cache');
    // One after the other: the second finds the first one's schemas and signing key in place.
    a = await startInstance('A');
    b = await startInstance('B');
    await seedDemoData(a.host.services.clients, {
      seed: 1,
      size: { restaurants: 3, minItems: 15, maxItems: 20 },
      log: a.runtime.log,
      app: a.host.app,
    });
    ownerToken = await login(a, 'owner@demo.sattzabite.test');
    adminToken = await login(b, 'admin@demo.sattzabite.test');
    const menu = await get<Menu>(a, `/api/menu/restaurants/${DEMO_RESTAURANT_ID}`);
    expect(menu.status).toBe(200);
    expect(menu.body.items.length).toBeGreaterThanOrEqual(15);
    itemId = menu.body.items[0]!.id;
  }, 120_000);

  afterAll(async () => {
    for (const instance of instances.reverse()) await instance.close();
    await database?.drop();
    if (redis.available) {
      const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      try {
        await client.flushdb();
      } finally {
        client.disconnect();
      }
    }
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function startInstance(name: string): Promise<Instance> {
    if (database === undefined) throw new Error('the test database was not created');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `sattzabite-cache-${name}-`));
    dataDirs.push(dataDir);
    const runtime = await createRuntime(
      loadConfig({
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        NATS_URL: nats.url,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        RATE_LIMIT_PER_MINUTE: '100000',
        DEMO_DATA: 'false',
      }),
    );
    try {
      const host = await hostServices(runtime, SERVICE_NAMES);
      const server = await startHttpServer(host.app, { port: 0, host: '127.0.0.1', graceMs: 2_000 });
      await host.start(server.url);
      const instance: Instance = {
        name,
        url: server.url,
        runtime,
        host,
        async close() {
          await host.stop();
          await server.close();
          await runtime.close();
        },
      };
      instances.push(instance);
      return instance;
    } catch (error) {
      await runtime.close();
      throw error;
    }
  }

  it('caches the menu in the shared tier once it has been read', async () => {
    await get<Menu>(b, `/api/menu/restaurants/${DEMO_RESTAURANT_ID}`);
    const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    try {
      // Without this, the test below would also pass with no cache at all.
      expect(await client.exists(`sattzabite:cache:d:catalog:menu:${DEMO_RESTAURANT_ID}`)).toBe(1);
    } finally {
      client.disconnect();
    }
  });

  it('shows a new price at once on the writing instance and on the other one', async () => {
    for (const amount of [11_100, 22_200, 33_300, 44_400]) {
      // Both instances hold the menu and the item (in memory) before the write.
      for (const instance of [a, b]) {
        expect((await get<Menu>(instance, menuPath())).status).toBe(200);
        expect((await get<MenuItem>(instance, `/api/menu/items/${itemId}`)).status).toBe(200);
      }
      const patched = await send<MenuItem>(a, 'PATCH', `/api/menu/items/${itemId}`, ownerToken, {
        price: { amount, currency: 'INR' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.price.amount).toBe(amount);

      for (const instance of [b, a]) {
        const menu = await get<Menu>(instance, menuPath());
        expect(itemOf(menu.body).price.amount, `menu on ${instance.name}`).toBe(amount);
        const item = await get<MenuItem>(instance, `/api/menu/items/${itemId}`);
        expect(item.body.price.amount, `item on ${instance.name}`).toBe(amount);
      }
    }
  });

  it('shows an availability change made on B at once on A', async () => {
    for (const available of [false, true, false, true]) {
      await get<Menu>(a, menuPath());
      await get<MenuItem>(a, `/api/menu/items/${itemId}`);
      const changed = await send<MenuItem>(b, 'PUT', `/api/menu/items/${itemId}/availability`, adminToken, {
        available,
      });
      expect(changed.status).toBe(200);
      expect(itemOf((await get<Menu>(a, menuPath())).body).available).toBe(available);
      expect((await get<MenuItem>(a, `/api/menu/items/${itemId}`)).body.available).toBe(available);
      expect(itemOf((await get<Menu>(b, menuPath())).body).available).toBe(available);
    }
  });

  it('shows a restaurant description changed on A at once on B', async () => {
    const detail = `/api/restaurants/${DEMO_RESTAURANT_ID}`;
    for (const round of [1, 2, 3]) {
      await get<Restaurant>(a, detail);
      await get<Restaurant>(b, detail);
      const description = `Round ${round}: ${randomBytes(4).toString('hex')}`;
      const patched = await send<Restaurant>(a, 'PATCH', detail, ownerToken, { description });
      expect(patched.status).toBe(200);
      expect((await get<Restaurant>(b, detail)).body.description).toBe(description);
      expect((await get<Restaurant>(a, detail)).body.description).toBe(description);
    }
  });

  it('gives the changed menu a new ETag: the old one gets 200 with the new body, the new one 304', async () => {
    const before = await get<Menu>(b, menuPath());
    expect(before.etag).not.toBeNull();
    expect((await get<Menu>(b, menuPath(), { 'if-none-match': before.etag! })).status).toBe(304);
    const amount = itemOf(before.body).price.amount + 1;
    const patched = await send<MenuItem>(a, 'PATCH', `/api/menu/items/${itemId}`, ownerToken, {
      price: { amount, currency: 'INR' },
    });
    expect(patched.status).toBe(200);

    for (const instance of [b, a]) {
      const withOld = await get<Menu>(instance, menuPath(), { 'if-none-match': before.etag! });
      expect(withOld.status, `old ETag on ${instance.name}`).toBe(200);
      expect(withOld.etag).not.toBe(before.etag);
      expect(itemOf(withOld.body).price.amount).toBe(amount);
      const withNew = await get<Menu>(instance, menuPath(), { 'if-none-match': withOld.etag! });
      expect(withNew.status, `new ETag on ${instance.name}`).toBe(304);
    }
    // Both instances agree on the new tag, as they serve the same bytes.
    expect((await get<Menu>(a, menuPath())).etag).toBe((await get<Menu>(b, menuPath())).etag);
  });

  function itemOf(menu: Menu): MenuItem {
    const item = menu.items.find((candidate) => candidate.id === itemId);
    if (item === undefined) throw new Error(`item ${itemId} is missing from the menu`);
    return item;
  }
});

function menuPath(): string {
  return `/api/menu/restaurants/${DEMO_RESTAURANT_ID}`;
}

async function get<T>(instance: Instance, route: string, headers: Record<string, string> = {}) {
  return answer<T>(await fetch(`${instance.url}${route}`, { headers }));
}

async function send<T>(
  instance: Instance,
  method: 'PATCH' | 'PUT',
  route: string,
  token: string,
  body: unknown,
): Promise<Answer<T>> {
  const response = await fetch(`${instance.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return answer<T>(response);
}

async function answer<T>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    body: (text === '' ? undefined : JSON.parse(text)) as T,
  };
}

async function login(instance: Instance, email: string): Promise<string> {
  const response = await fetch(`${instance.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

function withPath(url: string, pathname: string): string {
  const parsed = new URL(url);
  parsed.pathname = pathname;
  return parsed.toString();
}
