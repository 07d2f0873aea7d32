import type { LightMyRequestResponse } from 'fastify';
import { createMemoryCache } from '../../src/platform/cache/index.js';
import { loadConfig, type Config } from '../../src/platform/config/index.js';
import { migrate, resetSchemas, type PgliteSql } from '../../src/platform/db/index.js';
import { createHttpApp, type HttpApp } from '../../src/platform/http/index.js';
import {
  createEventSchemaRegistry,
  createInProcessBus,
  type EventBus,
  type EventSchemaRegistry,
} from '../../src/platform/messaging/index.js';
import { silentLogger } from '../../src/platform/observability/logger.js';
import type { ServiceDeps } from '../../src/platform/runtime/service-deps.js';
import type { ServiceModule } from '../../src/platform/runtime/service-module.js';
import { manualClock } from '../../src/platform/time/clock.js';
import { uuidV7Ids } from '../../src/platform/time/ids.js';
import {
  authErrorStatuses,
  createAuthService,
  type AuthService,
  type Role,
} from '../../src/services/auth/index.js';

/** Cheap argon2 for tests only. */
const CHEAP_HASH = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
export const TEST_PASSWORD = 'correct-horse-42';

export interface TestPlatform {
  app: HttpApp;
  deps: ServiceDeps;
  auth: AuthService;
  modules: ServiceModule[];
  clock: ReturnType<typeof manualClock>;
  bus: EventBus;
  /** Creates an account with these roles and returns its id and an access token for it. */
  user(options?: {
    roles?: Role[];
    restaurantIds?: string[];
    email?: string;
  }): Promise<{ id: string; token: string }>;
  /** `app.inject` with a Bearer token when given. */
  request(options: {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: string;
    token?: string;
    payload?: unknown;
    headers?: Record<string, string>;
  }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestPlatformOptions {
  /** Builds the services under test from the shared deps and the auth client. */
  build(deps: ServiceDeps & { auth: AuthService['client'] }): Promise<ServiceModule[]>;
  /** Registers the event schemas of the contracts under test. */
  events?: (registry: EventSchemaRegistry) => void;
  errorStatuses?: Record<string, number>;
  /** Schemas to drop first, so each test file (or test) starts clean on a shared PGlite. */
  schemas: string[];
  env?: Record<string, string>;
}

/**
 * The services under test with auth, the in-process bus and a memory cache, behind the real HTTP kernel,
 * on a shared PGlite (`createTestSql()` once per file). Consumers get short retries.
 */
export async function startTestPlatform(sql: PgliteSql, options: TestPlatformOptions): Promise<TestPlatform> {
  const clock = manualClock('2026-03-02T09:00:00.000Z');
  const config: Config = loadConfig({ RATE_LIMIT_PER_MINUTE: '100000', ...options.env });
  const log = silentLogger();
  await resetSchemas(sql, ['auth', ...options.schemas]);
  const events = createEventSchemaRegistry();
  options.events?.(events);
  const bus = createInProcessBus({ log });
  const deps: ServiceDeps = {
    config,
    log,
    sql,
    clock,
    ids: uuidV7Ids,
    bus,
    events,
    cache: createMemoryCache({ maxEntries: 10_000, defaultTtlMs: 60_000, clock }),
  };
  const auth = await createAuthService({ ...deps, passwordHashCost: CHEAP_HASH, loginPerMinute: 100_000 });
  await migrate(sql, auth.migrations);
  await auth.start();
  const modules = await options.build({ ...deps, auth: auth.client });
  for (const module of modules) await migrate(sql, module.migrations);
  const app = await createHttpApp({
    config,
    log,
    clock,
    verifier: auth.verifier,
    errorStatuses: { ...authErrorStatuses, ...options.errorStatuses },
    openapi: { title: 'test', version: '0.0.0' },
  });
  await app.register(auth.routes);
  for (const module of modules) await app.register(module.routes);
  await app.ready();
  for (const module of modules) await module.start();

  let counter = 0;
  return {
    app,
    deps,
    auth,
    modules,
    clock,
    bus,
    async user(options = {}) {
      counter += 1;
      const email = options.email ?? `user${counter}-${Date.now()}@test.sattzabite.test`;
      const account = await auth.client.createAccount({
        email,
        password: TEST_PASSWORD,
        name: `Test User ${counter}`,
        roles: options.roles ?? ['CUSTOMER'],
        ...(options.restaurantIds === undefined ? {} : { restaurantIds: options.restaurantIds }),
      });
      const login = await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email, password: TEST_PASSWORD },
      });
      return { id: account.id, token: (login.json() as { accessToken: string }).accessToken };
    },
    request({ method, url, token, payload, headers }) {
      return app.inject({
        method,
        url,
        headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    },
    async close() {
      for (const module of [...modules].reverse()) await module.stop();
      await auth.stop();
      await app.close();
      await bus.close();
    },
  };
}
