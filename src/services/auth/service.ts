import type { JSONWebKeySet } from 'jose';
import type { Config } from '../../platform/config/config.schema.js';
import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { Sql } from '../../platform/db/sql.js';
import { createJwtVerifier, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../platform/http/jwt-verifier.js';
import type { TokenVerifier } from '../../platform/http/principal.js';
import type { Logger } from '../../platform/observability/logger.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import type { Clock } from '../../platform/time/clock.js';
import type { Ids } from '../../platform/time/ids.js';
import type { AuthClient } from './contract.js';
import { createArgon2Hasher, DEFAULT_ARGON2_COST, type Argon2Cost } from './adapters/argon2-hasher.js';
import { authRoutes } from './adapters/auth.routes.js';
import { createAuthStore } from './adapters/auth.sql.js';
import {
  findAccountByEmail,
  getAccount,
  getAccountEmails,
  listAccounts,
  setAccountDisabled,
  setRestaurantRoles,
} from './app/accounts.js';
import type { AuthContext } from './app/context.js';
import { createKeyRing } from './app/key-ring.js';
import { createAccount } from './app/register.js';

export interface AuthServiceDeps {
  sql: Sql;
  config: Config;
  clock: Clock;
  ids: Ids;
  log: Logger;
  /** Argon2 cost; production keeps the default, tests may pass a cheap one. */
  passwordHashCost?: Argon2Cost;
  /** Sign-in attempts per client address per minute (default 10). */
  loginPerMinute?: number;
}

export type AuthService = ServiceModule<AuthClient> & {
  /** Verifies access tokens against this service's own keys (the embedded app, processes hosting auth). */
  verifier: TokenVerifier;
  /** The public keys, as /.well-known/jwks.json serves them. */
  jwks(): Promise<JSONWebKeySet>;
};

/**
 * The auth service: accounts and passwords, access tokens (Ed25519 JWTs), rotating refresh tokens and the
 * signing keys. `start()` needs the migrations applied; it makes the first signing key, or rotates when due.
 */
export async function createAuthService(deps: AuthServiceDeps): Promise<AuthService> {
  const { sql, config, clock, ids } = deps;
  const log = deps.log.child({ service: 'auth' });
  const store = createAuthStore(sql);
  const keys = createKeyRing({
    store,
    clock,
    ids,
    policy: { rotationDays: config.JWT_KEY_ROTATION_DAYS, accessTtlSeconds: config.JWT_ACCESS_TTL_SECONDS },
  });
  const ctx: AuthContext = {
    store,
    keys,
    hasher: createArgon2Hasher(deps.passwordHashCost ?? DEFAULT_ARGON2_COST),
    clock,
    ids,
    log,
    settings: {
      accessTtlSeconds: config.JWT_ACCESS_TTL_SECONDS,
      refreshTtlSeconds: config.JWT_REFRESH_TTL_SECONDS,
      lockout: { maxFailures: config.LOGIN_MAX_FAILURES, lockSeconds: config.LOGIN_LOCK_SECONDS },
    },
  };

  const client: AuthClient = {
    createAccount: (input) => createAccount(ctx, input),
    getAccount: (accountId) => getAccount(ctx, accountId),
    getAccountEmails: ({ accountIds }) => getAccountEmails(ctx, accountIds),
    findAccountByEmail: (email) => findAccountByEmail(ctx, email),
    listAccounts: (input) => listAccounts(ctx, input),
    setAccountDisabled: (input) => setAccountDisabled(ctx, input),
    setRestaurantRoles: (input) => setRestaurantRoles(ctx, input),
    rotateSigningKeys: async () => {
      const rotated = await keys.rotate(true);
      log.info({ kid: rotated.kid }, 'signing key rotated');
      return rotated;
    },
  };

  return {
    name: 'auth',
    migrations: loadMigrations('auth', new URL('./migrations/', import.meta.url)),
    routes: authRoutes(ctx, {
      secureCookies: config.NODE_ENV === 'production',
      loginPerMinute: deps.loginPerMinute ?? 10,
    }),
    client,
    verifier: createJwtVerifier({
      keys: (header) => keys.verificationKey(header.kid),
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      clock,
    }),
    jwks: () => keys.jwks(),
    async start() {
      const { kid } = await keys.rotate(false);
      log.info({ kid }, 'auth started');
    },
    async stop() {
      // Nothing runs in the background: keys rotate when a token is signed, so there is no timer to stop.
    },
  };
}
