// How a process verifies access tokens: with the auth service's own keys when it hosts auth, else with the
// keys auth publishes (JWKS over HTTP).
import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import { staticServiceUrls } from '../platform/config/index.js';
import { withPassiveHealth, type Discovery } from '../platform/discovery/index.js';
import { AppError, CommonErrors } from '../platform/errors/app-error.js';
import {
  createJwtVerifier,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type TokenVerifier,
} from '../platform/http/index.js';
import type { Runtime } from './runtime.js';
import { directoryOf } from './service-clients.js';

/**
 * A process that does not host auth verifies tokens with the keys the auth instances publish, found like
 * any other service: through SERVICE_URLS when it names auth, else through the registry in Redis.
 */
export function remoteVerifier(runtime: Pick<Runtime, 'config' | 'redis' | 'log'>): TokenVerifier {
  if (runtime.redis === undefined && !staticServiceUrls(runtime.config).has('auth')) {
    throw new AppError(
      'CONFIG.INVALID',
      'SERVICE_URLS: expected an auth=http://... entry, or REDIS_URL to find auth through the registry, since this process does not host the auth service',
    );
  }
  const { discovery, health } = directoryOf(runtime);
  return discoveredVerifier(withPassiveHealth(discovery, health));
}

/** Verifies tokens with the keys of the auth instances discovery names (the gateway, which hosts no service). */
export function discoveredVerifier(discovery: Discovery): TokenVerifier {
  return createJwtVerifier({
    keys: keysOfInstances(() => discovery.instances('auth')),
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
  });
}

/**
 * The key of a token from the published key sets of the auth instances, in order: every instance
 * publishes the same keys, so the next one is asked only when one cannot be reached. A key set is fetched
 * once per instance and refreshed by jose when an unknown key id appears; a verdict on the token (no such
 * key) is final.
 */
export function keysOfInstances(instances: () => Promise<readonly string[]>): JWTVerifyGetKey {
  const sets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  return async (header, token) => {
    const urls = await instances();
    if (urls.length === 0) {
      throw new AppError(CommonErrors.UNAVAILABLE, 'No auth instance is known to verify the token.');
    }
    let unreachable: unknown;
    for (const url of urls) {
      let set = sets.get(url);
      if (set === undefined) {
        set = createRemoteJWKSet(new URL('/.well-known/jwks.json', url));
        sets.set(url, set);
      }
      try {
        return await set(header, token);
      } catch (error) {
        if (error instanceof errors.JOSEError && VERDICTS.has(error.code)) throw error;
        unreachable = error;
      }
    }
    throw new AppError(CommonErrors.UNAVAILABLE, 'No auth instance answered with its keys.', {
      cause: unreachable,
    });
  };
}

/** jose's answers about the token itself; anything else (no answer, a 503, a broken set) is the instance's. */
const VERDICTS = new Set([
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
]);
