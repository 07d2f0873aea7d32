import { describe, expect, it } from 'vitest';
import { manualClock } from '../time/clock.js';
import { cacheContract, countingLoader } from './cache.contract.js';
import { createMemoryCache } from './memory-cache.js';

cacheContract('memory', async ({ defaultTtlMs }) => createMemoryCache({ maxEntries: 1000, defaultTtlMs }));

describe('memory cache', () => {
  it('expires entries by the injected clock', async () => {
    const clock = manualClock();
    const cache = createMemoryCache({ maxEntries: 10, defaultTtlMs: 1000, clock });
    const load = countingLoader('dish');
    await cache.getOrLoad('dish', load);
    clock.advance(999);
    expect(await cache.getOrLoad('dish', load)).toBe('dish#1');
    clock.advance(2);
    expect(await cache.getOrLoad('dish', load)).toBe('dish#2');
  });

  it('drops the least recently used entry past maxEntries', async () => {
    const cache = createMemoryCache({ maxEntries: 2, defaultTtlMs: 60_000 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.get('a');
    await cache.set('c', 3);
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([1, undefined, 3]);
  });

  it('drops a key on invalidateLocal', async () => {
    const cache = createMemoryCache({ maxEntries: 10, defaultTtlMs: 60_000 });
    const load = countingLoader('x');
    await cache.getOrLoad('x', load);
    cache.invalidateLocal('x');
    expect(await cache.getOrLoad('x', load)).toBe('x#2');
  });
});
