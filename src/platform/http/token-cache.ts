import { LRUCache } from 'lru-cache';
import { systemClock, type Clock } from '../time/clock.js';
import type { Principal, TokenVerifier } from './principal.js';

/** Tokens remembered per process by default: under 10 MB, and more than the users active at once on a node. */
export const DEFAULT_TOKEN_CACHE_ENTRIES = 10_000;

/**
 * Remembers the principal of each token `verifier` accepted, keyed by the whole token, until the token's
 * `exp`, in a bounded LRU. A signature check costs far more than the request it guards; a client sends the
 * same token on every request until it refreshes, so nearly every check is a hit.
 *
 * What is never cached: a refused token (a bad token costs its caller a full check every time, and an error
 * of the key source must be retried), and a principal without `expiresAt`. An entry is handed out only
 * strictly before its token's expiry: from then on the token goes back to `verifier`, which answers
 * `TOKEN.EXPIRED` (or, within its clock tolerance, accepts it once more without it being cached again).
 *
 * Keyed by the whole token, signature included: a hit means these exact bytes were verified before. While
 * the key source is down (JWKS unreachable), tokens verified before it went keep working until they expire.
 *
 * Access tokens have no per-request revocation check, with or without this cache: a token stays valid
 * until its `exp`, which is why JWT_ACCESS_TTL_SECONDS is kept short (see the auth contract). The cache adds
 * one difference: a token whose signing key is dropped before the token expires keeps being accepted here
 * until it expires; key rotation never drops a key while tokens it signed are alive (signing-key-rotation.ts).
 * Should a revocation check ever be added, it must run on hits too, not only inside `verifier`.
 */
export function cacheVerifiedTokens(
  verifier: TokenVerifier,
  options: { maxEntries?: number; clock?: Clock } = {},
): TokenVerifier {
  const clock = options.clock ?? systemClock;
  const cache = new LRUCache<string, Principal>({
    max: options.maxEntries ?? DEFAULT_TOKEN_CACHE_ENTRIES,
    // Expired entries are dropped when read or pushed out by newer ones: no timers.
    ttlAutopurge: false,
    // Every read consults the injected clock; lru-cache otherwise caches "now" for 1 ms.
    perf: { now: () => clock.now().getTime() },
    ttlResolution: 0,
  });
  return {
    async verify(token: string): Promise<Principal> {
      const cached = cache.get(token);
      if (cached?.expiresAt !== undefined) {
        // lru-cache's ttl keeps an entry up to and including its last millisecond: decide here, strictly.
        if (clock.now().getTime() < cached.expiresAt.getTime()) return copyOf(cached);
        cache.delete(token);
      }
      const principal = await verifier.verify(token);
      const ttlMs =
        principal.expiresAt === undefined ? 0 : principal.expiresAt.getTime() - clock.now().getTime();
      if (ttlMs > 0) cache.set(token, copyOf(principal), { ttl: ttlMs });
      return principal;
    },
  };
}

/** Each request gets its own principal: a route that changed its copy must not change the next request's. */
function copyOf(principal: Principal): Principal {
  return {
    ...principal,
    roles: [...principal.roles],
    restaurantIds: [...principal.restaurantIds],
    ...(principal.expiresAt === undefined ? {} : { expiresAt: new Date(principal.expiresAt.getTime()) }),
  };
}
