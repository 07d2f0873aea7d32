import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { manualClock } from '../time/clock.js';
import { TokenErrors } from './error-status.js';
import type { Principal, TokenVerifier } from './principal.js';
import { cacheVerifiedTokens } from './token-cache.js';

const clock = manualClock('2026-03-01T12:00:00.000Z');
const inMs = (ms: number) => new Date(clock.now().getTime() + ms);

/**
 * A verifier that accepts tokens named `good:<user>` until `expiresAt[token]`, answers TOKEN.EXPIRED from
 * then on like the JWT verifier, refuses anything else, and counts every check it makes.
 */
function countingVerifier(expiresAt: Record<string, Date | undefined>) {
  const checks: string[] = [];
  const verifier: TokenVerifier = {
    async verify(token) {
      checks.push(token);
      if (!token.startsWith('good:')) throw new AppError(TokenErrors.INVALID, 'bad token');
      const exp = expiresAt[token];
      if (exp !== undefined && clock.now().getTime() >= exp.getTime()) {
        throw new AppError(TokenErrors.EXPIRED, 'expired');
      }
      const principal: Principal = {
        userId: token.slice('good:'.length),
        roles: ['CUSTOMER'],
        restaurantIds: [],
        tokenId: `jti-${token}`,
        ...(exp === undefined ? {} : { expiresAt: exp }),
      };
      return principal;
    },
  };
  return { verifier, checks };
}

describe('cacheVerifiedTokens', () => {
  it('checks a token once and answers its repeats from the cache', async () => {
    const { verifier, checks } = countingVerifier({ 'good:ann': inMs(60_000) });
    const cached = cacheVerifiedTokens(verifier, { clock });

    const first = await cached.verify('good:ann');
    const again = await cached.verify('good:ann');

    expect(again).toEqual(first);
    expect(again.userId).toBe('ann');
    expect(checks).toEqual(['good:ann']);
  });

  it('hands each caller its own principal, so one route changing it cannot reach the next request', async () => {
    const { verifier } = countingVerifier({ 'good:ann': inMs(60_000) });
    const cached = cacheVerifiedTokens(verifier, { clock });

    (await cached.verify('good:ann')).roles.push('SYSTEM_ADMIN');
    const next = await cached.verify('good:ann');
    next.roles.push('SYSTEM_ADMIN');

    expect((await cached.verify('good:ann')).roles).toEqual(['CUSTOMER']);
  });

  it('stops answering from the cache at the expiry: the token goes back to the verifier, which says expired', async () => {
    const { verifier, checks } = countingVerifier({ 'good:ann': inMs(60_000) });
    const cached = cacheVerifiedTokens(verifier, { clock });
    await cached.verify('good:ann');

    clock.advance(59_999);
    await cached.verify('good:ann');
    expect(checks).toHaveLength(1);

    clock.advance(1);
    await expect(cached.verify('good:ann')).rejects.toThrowCode('TOKEN.EXPIRED');
    await expect(cached.verify('good:ann')).rejects.toThrowCode('TOKEN.EXPIRED');
    expect(checks).toHaveLength(3);
  });

  it('never caches a refused token', async () => {
    const { verifier, checks } = countingVerifier({});
    const cached = cacheVerifiedTokens(verifier, { clock });

    await expect(cached.verify('forged')).rejects.toThrowCode('TOKEN.INVALID');
    await expect(cached.verify('forged')).rejects.toThrowCode('TOKEN.INVALID');

    expect(checks).toEqual(['forged', 'forged']);
  });

  it('never caches a failed check, so a key source that was down is asked again', async () => {
    let down = true;
    const verifier: TokenVerifier = {
      async verify() {
        if (down) throw new AppError('COMMON.SERVICE_UNAVAILABLE', 'keys unreachable');
        return { userId: 'ann', roles: [], restaurantIds: [], tokenId: 'j', expiresAt: inMs(60_000) };
      },
    };
    const cached = cacheVerifiedTokens(verifier, { clock });

    await expect(cached.verify('good:ann')).rejects.toThrowCode('COMMON.SERVICE_UNAVAILABLE');
    down = false;
    expect((await cached.verify('good:ann')).userId).toBe('ann');
  });

  it('does not cache a principal without an expiry, nor one already at its expiry', async () => {
    const { verifier, checks } = countingVerifier({ 'good:bob': undefined });
    const atExpiry: TokenVerifier = {
      // A verifier with clock tolerance may still accept a token whose exp has just passed.
      verify: async () => ({ userId: 'cy', roles: [], restaurantIds: [], tokenId: 'j', expiresAt: inMs(0) }),
    };
    const cached = cacheVerifiedTokens(verifier, { clock });
    const tolerant = cacheVerifiedTokens(
      {
        verify: (token) => {
          checks.push(token);
          return atExpiry.verify(token);
        },
      },
      { clock },
    );

    await cached.verify('good:bob');
    await cached.verify('good:bob');
    await tolerant.verify('good:cy');
    await tolerant.verify('good:cy');

    expect(checks).toEqual(['good:bob', 'good:bob', 'good:cy', 'good:cy']);
  });

  it('holds at most maxEntries tokens, dropping the least recently used', async () => {
    const tokens = ['good:a', 'good:b', 'good:c'];
    const { verifier, checks } = countingVerifier(Object.fromEntries(tokens.map((t) => [t, inMs(60_000)])));
    const cached = cacheVerifiedTokens(verifier, { clock, maxEntries: 2 });

    await cached.verify('good:a');
    await cached.verify('good:b');
    await cached.verify('good:a'); // a is now the most recently used
    await cached.verify('good:c'); // pushes out b
    checks.length = 0;

    await cached.verify('good:a');
    await cached.verify('good:c');
    expect(checks).toEqual([]);
    await cached.verify('good:b');
    expect(checks).toEqual(['good:b']);
  });
});
