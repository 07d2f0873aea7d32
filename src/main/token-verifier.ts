// How a process verifies access tokens: with the auth service's own keys when it hosts auth, else with the
// keys auth publishes (JWKS over HTTP).
import { createRemoteJWKSet } from 'jose';
import { staticServiceUrls } from '../platform/config/index.js';
import { AppError } from '../platform/errors/app-error.js';
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
