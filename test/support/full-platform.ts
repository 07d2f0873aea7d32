// Every service of the platform in this process, behind a real HTTP server, with the demo city seeded:
// embedded (PGlite in a temporary DATA_DIR, in-process bus, memory cache) or distributed-style (a fresh
// PostgreSQL database, NATS JetStream and a Redis-backed tiered cache).
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { DEMO_PASSWORD } from '../../src/main/demo-accounts.js';
import { seedDemoData } from '../../src/main/demo/seed-demo.js';
import { hostServices, type Host } from '../../src/main/host.js';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../../src/main/runtime.js';
import { SERVICE_NAMES } from '../../src/main/service-registry.js';
import { createTieredCache } from '../../src/platform/cache/index.js';
import { loadConfig } from '../../src/platform/config/index.js';
import { startHttpServer } from '../../src/platform/http/index.js';
import { createNatsBus } from '../../src/platform/messaging/index.js';
import { silentLogger } from '../../src/platform/observability/logger.js';
import { createTestDatabase } from './test-database.js';

/** The servers of a distributed run (already checked with `requireServer`). */
export interface PlatformServers {
  postgres: string;
  redis: string;
  nats: string;
}

export interface FullPlatformOptions {
  /** The servers to run on; embedded (PGlite, in-process bus, memory cache) when absent. */
  distributed?: PlatformServers;
  /** Demo city size; 3 restaurants of 8-10 dishes by default. */
  restaurants?: number;
  seed?: number;
}

export interface Answer<T> {
  status: number;
  body: T;
}

export interface FullPlatform {
  url: string;
  runtime: Runtime;
  host: Host;
  /** Signs a demo account in (password `sattzabite-demo`) and returns its access token. */
  login(email: string): Promise<string>;
  /** A JSON request to the running server, with a Bearer token when given. */
  call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    route: string,
    options?: { token?: string; body?: unknown },
  ): Promise<Answer<T>>;
  /** Stops the platform and removes what it created (database, NATS stream, Redis keys, DATA_DIR). */
  close(): Promise<void>;
}

export async function startFullPlatform(options: FullPlatformOptions = {}): Promise<FullPlatform> {
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sattzabite-full-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = {
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      RATE_LIMIT_PER_MINUTE: '100000',
      DEMO_DATA: 'false',
    };
    const overrides: RuntimeOverrides = {};
    if (options.distributed !== undefined) {
      Object.assign(env, await distributedEnv(options.distributed, overrides, cleanups));
    }

    const runtime = await createRuntime(loadConfig(env), overrides);
    cleanups.push(() => runtime.close());
    const host = await hostServices(runtime, SERVICE_NAMES);
    const server = await startHttpServer(host.app, { port: 0, host: '127.0.0.1', graceMs: 2_000 });
    cleanups.push(() => server.close());
    await host.start(server.url);
    cleanups.push(() => host.stop());

    await seedDemoData(host.services.clients, {
      seed: options.seed ?? 1,
      size: { restaurants: options.restaurants ?? 3, minItems: 8, maxItems: 10 },
      log: runtime.log,
      app: host.app,
    });

    const call: FullPlatform['call'] = async (method, route, { token, body } = {}) => {
      const headers: Record<string, string> = {};
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${server.url}${route}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as never };
    };

    return {
      url: server.url,
      runtime,
      host,
      call,
      async login(email) {
        const answer = await call<{ accessToken: string }>('POST', '/auth/login', {
          body: { email, password: DEMO_PASSWORD },
        });
        if (answer.status !== 200) throw new Error(`login of ${email} failed: ${answer.status}`);
        return answer.body.accessToken;
      },
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/**
 * A fresh database, and a NATS stream and Redis cache namespace of this run only: test files run in
 * parallel on the same servers, and the runtime's fixed stream (whose durables several processes would
 * share, each taking some of the other's events) and cache namespace would mix their runs.
 */
async function distributedEnv(
  servers: PlatformServers,
  overrides: RuntimeOverrides,
  cleanups: Array<() => Promise<void>>,
): Promise<Record<string, string>> {
  const run = randomBytes(6).toString('hex');
  const log = silentLogger();

  const database = await createTestDatabase(servers.postgres, 'sattzabite_full');
  cleanups.push(() => database.drop());

  const streamName = `SATTZABITE_TEST_${run.toUpperCase()}`;
  overrides.bus = await createNatsBus({
    url: servers.nats,
    streamName,
    subjectPrefix: `sattzabite-test-${run}.events`,
    log,
  });
  const bus = overrides.bus;
  cleanups.push(async () => {
    const nc = await connect({ servers: servers.nats.split(',') });
    try {
      await (await jetstreamManager(nc)).streams.delete(streamName);
    } finally {
      await nc.close();
    }
  });
  cleanups.push(() => bus.close());

  // A random logical database, as the other distributed tests do, and a namespace of our own within it.
  const redisUrl = withPath(servers.redis, `/${randomInt(1, 16)}`);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const namespace = `sattzabite:test:${run}:cache`;
  cleanups.push(async () => {
    try {
      const keys = await redis.keys(`${namespace}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });
  overrides.cache = await createTieredCache({
    redis,
    namespace,
    maxEntries: 20_000,
    defaultTtlMs: 60_000,
    log,
  });
  const cache = overrides.cache;
  cleanups.push(() => cache.close());

  return {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    NATS_URL: servers.nats,
  };
}

function withPath(url: string, pathname: string): string {
  const parsed = new URL(url);
  parsed.pathname = pathname;
  return parsed.toString();
}

/** Polls `probe` every 25 ms until it returns a value other than undefined; fails naming `what` after 10 s. */
export async function until<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: last error ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
