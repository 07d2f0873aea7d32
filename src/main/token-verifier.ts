// How a process verifies access tokens: with the auth service's own keys when it hosts auth, else with the
// keys auth publishes (JWKS over HTTP).
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { staticServiceUrls } from '../platform/config/index.js';
import type { Discovery } from '../platform/discovery/index.js';
import { AppError, CommonErrors } from '../platform/errors/app-error.js';
import {
  createJwtVerifier,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type TokenVerifier,
} from '../platform/http/index.js';
import type { Runtime } from './runtime.js';

/** A process that does not host auth verifies tokens with the auth service's published keys. */
export function remoteVerifier(runtime: Runtime): TokenVerifier {
  const authUrl = staticServiceUrls(runtime.config).get('auth')?.[0];
  if (authUrl === undefined) {
    throw new AppError(
      'CONFIG.INVALID',
      'SERVICE_URLS: expected an auth=http://... entry, since this process does not host the auth service',
    );
  }
  return createJwtVerifier({
    keys: createRemoteJWKSet(new URL('/.well-known/jwks.json', authUrl)),
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
  });
}

/**
 * Verifies tokens with the keys of whichever auth instance discovery names (the gateway, which hosts no
 * service). An instance's key set is fetched once and refreshed by jose when an unknown key id appears.
 */
export function discoveredVerifier(discovery: Discovery): TokenVerifier {
  const sets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const keys: JWTVerifyGetKey = async (header, token) => {
    const [url] = await discovery.instances('auth');
    if (url === undefined) {
      throw new AppError(CommonErrors.UNAVAILABLE, 'No auth instance is known to verify the token.');
    }
    let set = sets.get(url);
    if (set === undefined) {
      set = createRemoteJWKSet(new URL('/.well-known/jwks.json', url));
      sets.set(url, set);
    }
    return set(header, token);
  };
  return createJwtVerifier({ keys, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
}
