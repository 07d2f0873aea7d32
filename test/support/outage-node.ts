// One `sattzabite serve` node hosting every service on its own private PostgreSQL, NATS and Redis, for the
// tests that take those dependencies away under it: start, seed, sign in, place orders, read /ready.
import { randomBytes } from 'node:crypto';
import { DEMO_PASSWORD, DEMO_RESTAURANT_ID } from '../../src/main/demo-accounts.js';
import { SERVICE_NAMES } from '../../src/main/service-registry.js';
import { freePort, PrivateNats, PrivatePostgres, PrivateRedis } from './private-servers.js';
import { runCli, type CliRun } from './spawn-cli.js';

export interface Answer<T> {
  status: number;
  body: T;
}

export interface ReadyReport {
  status: 'UP' | 'DEGRADED' | 'DOWN';
  checks: Record<string, 'UP' | 'DOWN'>;
  errors?: Record<string, string>;
}

/** Polls `probe` until it returns a value; errors count as "not yet". Bounded, never a fixed sleep. */
export async function until<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export class OutageNode {
  private token = '';
  private menuItemId = '';

  private constructor(
    readonly postgres: PrivatePostgres,
    readonly nats: PrivateNats,
    readonly redis: PrivateRedis,
    readonly url: string,
    readonly node: CliRun,
  ) {}

  /** Starts the three servers, seeds, serves every service, and signs the demo customer in. */
  static async start(): Promise<OutageNode> {
    const [postgres, nats, redis] = await Promise.all([
      PrivatePostgres.start(),
      PrivateNats.start(),
      PrivateRedis.start(),
    ]);
    try {
      return await OutageNode.serve(postgres, nats, redis);
    } catch (error) {
      await Promise.all([postgres.remove(), nats.remove(), redis.remove()]);
      throw error;
    }
  }

  private static async serve(postgres: PrivatePostgres, nats: PrivateNats, redis: PrivateRedis) {
    const run = randomBytes(4).toString('hex');
    const port = await freePort();
    const env = {
      DATABASE_URL: postgres.url,
      NATS_URL: nats.url,
      REDIS_URL: redis.url,
      NATS_STREAM: `OUTAGE_${run}`,
      NATS_SUBJECT_PREFIX: `outage.${run}`,
      INTERNAL_TOKEN: `outage-test-internal-token-${run}`,
      RATE_LIMIT_PER_MINUTE: '100000',
      SAGA_SWEEP_INTERVAL_MS: '500',
      PORT: String(port),
      LOG_LEVEL: 'info',
    };
    const seeded = runCli(['seed', '--restaurants', '3'], env);
    try {
      await seeded.waitFor(/seeded \d+ restaurants/, 90_000);
    } finally {
      await seeded.stop();
    }
    const node = runCli(['serve', SERVICE_NAMES.join(',')], env);
    const started = new OutageNode(postgres, nats, redis, `http://127.0.0.1:${port}`, node);
    try {
      await node.waitFor(/node started/, 90_000);
      await started.signIn();
    } catch (error) {
      await node.stop();
      throw error;
    }
    return started;
  }

  /** True while the node's process has neither exited nor been killed. */
  get alive(): boolean {
    return this.node.child.exitCode === null && this.node.child.signalCode === null;
  }

  async call<T>(method: string, route: string, body?: unknown): Promise<Answer<T>> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: {
        ...(this.token === '' ? {} : { authorization: `Bearer ${this.token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  /** Places one card order for one available dish of the demo restaurant. */
  placeOrder(): Promise<Answer<{ orderId: string; status: string; code?: string }>> {
    return this.call('POST', '/api/orders', {
      restaurantId: DEMO_RESTAURANT_ID,
      items: [{ menuItemId: this.menuItemId, quantity: 1 }],
      fulfillment: 'PICKUP',
      payment: { method: 'CARD', token: 'tok_visa' },
    });
  }

  /** The menu: a read served through the catalog's cache. */
  menu(): Promise<Answer<{ items: Array<{ id: string; available: boolean }> }>> {
    return this.call('GET', `/api/menu/restaurants/${DEMO_RESTAURANT_ID}`);
  }

  async ready(): Promise<Answer<ReadyReport>> {
    return this.call('GET', '/ready');
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.url}/metrics`)).text();
  }

  /** Stops the node and deletes the servers and their data. */
  async remove(): Promise<void> {
    if (this.alive) await this.node.stop();
    await Promise.all([this.postgres.remove(), this.nats.remove(), this.redis.remove()]);
  }

  private async signIn(): Promise<void> {
    const login = await this.call<{ accessToken: string }>('POST', '/auth/login', {
      email: 'customer@demo.sattzabite.test',
      password: DEMO_PASSWORD,
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    this.token = login.body.accessToken;
    const item = (await this.menu()).body.items.find((candidate) => candidate.available);
    if (item === undefined) throw new Error('the demo restaurant has no available dish');
    this.menuItemId = item.id;
  }
}
