import type { LightMyRequestResponse } from 'fastify';
import { createTestSql } from '../../../../test/support/test-sql.js';
import { loadConfig } from '../../../platform/config/load-config.js';
import { migrate, resetSchemas } from '../../../platform/db/migrate.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createHttpApp } from '../../../platform/http/create-http-app.js';
import type { HttpApp } from '../../../platform/http/http-app.js';
import { silentLogger } from '../../../platform/observability/logger.js';
import { manualClock } from '../../../platform/time/clock.js';
import { uuidV7Ids } from '../../../platform/time/ids.js';
import {
  authErrorStatuses,
  createAuthService,
  type AuthService,
  type Role,
  type TokenResponse,
} from '../index.js';

/** Cheap argon2 for tests only: the production cost would make lockout tests crawl. */
const CHEAP_HASH = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

export const PASSWORD = 'correct-horse-42';

export interface AuthHarness {
  app: HttpApp;
  auth: AuthService;
  sql: PgliteSql;
  clock: ReturnType<typeof manualClock>;
  config: ReturnType<typeof loadConfig>;
  /** Creates an account through the client and returns its id. */
  account(email: string, options?: { roles?: Role[]; restaurantIds?: string[] }): Promise<string>;
  login(email: string, password?: string): Promise<LightMyRequestResponse>;
  /** Logs in and returns the token body. */
  tokens(email: string): Promise<TokenResponse>;
  close(): Promise<void>;
}

/**
 * The auth service on a fresh `auth` schema of `sql`, behind the real HTTP kernel, with a manual clock. One
 * database per test file (initdb is slow); each test gets a clean schema, a new service and a new app.
 */
export async function startAuth(sql: PgliteSql, env: Record<string, string> = {}): Promise<AuthHarness> {
  const clock = manualClock('2026-03-01T10:00:00.000Z');
  const config = loadConfig({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_SECONDS: '600', ...env });
  const log = silentLogger();
  await resetSchemas(sql, ['auth']);
  const auth = await createAuthService({
    sql,
    config,
    clock,
    ids: uuidV7Ids,
    log,
    passwordHashCost: CHEAP_HASH,
  });
  await migrate(sql, auth.migrations);
  await auth.start();
  const app = await createHttpApp({
    config,
    log,
    clock,
    verifier: auth.verifier,
    errorStatuses: authErrorStatuses,
    openapi: { title: 'auth test', version: '0.0.0' },
  });
  await app.register(auth.routes);
  await app.ready();

  const login = (email: string, password = PASSWORD) =>
    app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } });
  return {
    app,
    auth,
    sql,
    clock,
    config,
    async account(email, options = {}) {
      const user = await auth.client.createAccount({
        email,
        password: PASSWORD,
        name: 'Test Person',
        roles: options.roles ?? ['CUSTOMER'],
        ...(options.restaurantIds ? { restaurantIds: options.restaurantIds } : {}),
      });
      return user.id;
    },
    login,
    async tokens(email) {
      const response = await login(email);
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
      return response.json<TokenResponse>();
    },
    async close() {
      await app.close();
      await auth.stop();
    },
  };
}

export { createTestSql };

/** A Set-Cookie header of `response` by cookie name, as the raw string. */
export function setCookie(response: LightMyRequestResponse, name: string): string | undefined {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header === undefined ? [] : [String(header)];
  return all.find((cookie) => cookie.startsWith(`${name}=`));
}

export async function countRows(sql: PgliteSql, table: string): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM auth.${table}`);
  return rows[0]?.n ?? 0;
}
