import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AppError, CommonErrors } from '../errors/app-error.js';
import { systemClock, type Clock } from '../time/clock.js';
import { TokenErrors } from './error-status.js';
import type { Principal, TokenVerifier } from './principal.js';
import { cacheVerifiedTokens, DEFAULT_TOKEN_CACHE_ENTRIES } from './token-cache.js';

/** The `iss` and `aud` of every SattzaBite access token. */
export const TOKEN_ISSUER = 'sattzabite';
export const TOKEN_AUDIENCE = 'sattzabite';

/**
 * Only asymmetric algorithms: a token with `alg: none`, or HS256 "signed" with the public key's bytes, is
 * refused before any key is consulted (the classic algorithm-confusion attacks).
 */
export const ACCEPTED_ALGORITHMS = ['EdDSA', 'ES256'];

/**
 * A TokenVerifier for the auth service's JWTs. `keys` picks the key by the token's `kid`: jose's
 * `createLocalJWKSet` (embedded: the auth service's keys), `createRemoteJWKSet` (distributed: its
 * /.well-known/jwks.json) or any getter. Claims: sub → userId, roles, rid → restaurantIds, jti → tokenId.
 * Throws `TOKEN.EXPIRED` or `TOKEN.INVALID` (401 both), or `COMMON.SERVICE_UNAVAILABLE` (503) when the key
 * source itself fails.
 *
 * Accepted tokens are remembered until they expire (token-cache.ts): a client repeating its token pays for
 * the signature check once. There is no per-request revocation check (see token-cache.ts on why).
 */
export function createJwtVerifier(options: {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  clock?: Clock;
  /** Tolerated clock skew between processes, in seconds (default 5). */
  clockToleranceSeconds?: number;
  /** How many verified tokens to remember (default 10,000); 0 checks every token every time. */
  cacheEntries?: number;
}): TokenVerifier {
  const clock = options.clock ?? systemClock;
  const verifier: TokenVerifier = {
    async verify(token: string): Promise<Principal> {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, options.keys, {
          algorithms: ACCEPTED_ALGORITHMS,
          issuer: options.issuer,
          audience: options.audience,
          currentDate: clock.now(),
          clockTolerance: options.clockToleranceSeconds ?? 5,
          requiredClaims: ['sub', 'exp', 'jti'],
        }));
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw new AppError(TokenErrors.EXPIRED, 'The access token has expired.', { cause: error });
        }
        // The key source failing (JWKS endpoint down or slow) is our outage, not the caller's bad token:
        // a 401 would make clients drop a good session.
        if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
          throw new AppError(CommonErrors.UNAVAILABLE, 'Tokens cannot be checked right now.', {
            cause: error,
          });
        }
        // Why it failed (bad signature, unknown kid, wrong audience) is for logs, not for the caller.
        throw new AppError(TokenErrors.INVALID, 'The access token is not valid.', { cause: error });
      }
      return toPrincipal(payload);
    },
  };
  const cacheEntries = options.cacheEntries ?? DEFAULT_TOKEN_CACHE_ENTRIES;
  return cacheEntries > 0 ? cacheVerifiedTokens(verifier, { maxEntries: cacheEntries, clock }) : verifier;
}

function toPrincipal(payload: JWTPayload): Principal {
  const roles = stringArray(payload.roles);
  const restaurantIds = stringArray(payload.rid);
  if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || !roles || !restaurantIds) {
    throw new AppError(TokenErrors.INVALID, 'The access token is not valid.');
  }
  return {
    userId: payload.sub,
    roles,
    restaurantIds,
    tokenId: payload.jti,
    ...(typeof payload.exp === 'number' ? { expiresAt: new Date(payload.exp * 1000) } : {}),
  };
}

/** A claim that must be a list of strings; absent means empty. */
function stringArray(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}
