import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Cache } from './cache.port.js';

/** A loader that counts its calls and answers `<name>#<call number>`, so a reload is visible in the value. */
export function countingLoader(name: string): (() => Promise<string>) & { calls: number } {
  const load = Object.assign(
    async () => {
      load.calls += 1;
      return `${name}#${load.calls}`;
    },
    { calls: 0 },
  );
  return load;
}

/** A promise that the test resolves by hand: lets a load be held open while something else happens. */
export function gate<T>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/** Polls `check` until it is true; fails after `timeoutMs`. Tests wait for conditions, never for sleeps. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The cache port's behaviour, which every adapter must show. `make` returns a fresh, empty cache. */
export function cacheContract(
  name: string,
  make: (options: { defaultTtlMs: number }) => Promise<Cache>,
): void {
  describe(`cache port: ${name}`, () => {
    const open: Cache[] = [];
    const fresh = async (defaultTtlMs = 60_000) => {
      const cache = await make({ defaultTtlMs });
      open.push(cache);
      return cache;
    };
    const key = (label: string) => `${label}:${randomUUID()}`;

    afterEach(async () => {
      await Promise.all(open.splice(0).map((cache) => cache.close()));
    });

    it('loads on a miss and serves the cached value afterwards', async () => {
      const cache = await fresh();
      const k = key('item');
      const load = countingLoader('item');
      expect(await cache.getOrLoad(k, load)).toBe('item#1');
      expect(await cache.getOrLoad(k, load)).toBe('item#1');
      expect(load.calls).toBe(1);
    });

    it('gets, sets and round-trips JSON values, null included', async () => {
      const cache = await fresh();
      const k = key('menu');
      expect(await cache.get(k)).toBeUndefined();
      const menu = { items: [{ id: 'm1', price: { amount: 24900, currency: 'INR' } }], open: true };
      await cache.set(k, menu);
      expect(await cache.get(k)).toEqual(menu);
      const nothing = key('nothing');
      await cache.set(nothing, null);
      expect(await cache.get(nothing)).toBeNull();
      expect(await cache.getOrLoad(nothing, countingLoader('never'))).toBeNull();
    });

    it('does not cache a failed load', async () => {
      const cache = await fresh();
      const k = key('flaky');
      await expect(cache.getOrLoad(k, () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
      expect(await cache.getOrLoad(k, countingLoader('flaky'))).toBe('flaky#1');
    });

    it('expires a value after its ttl and keeps one with a long ttl', async () => {
      const cache = await fresh();
      const short = key('short');
      const long = key('long');
      const loadShort = countingLoader('short');
      const loadLong = countingLoader('long');
      await cache.getOrLoad(short, loadShort, { ttlMs: 40 });
      await cache.getOrLoad(long, loadLong);
      await until(async () => (await cache.getOrLoad(short, loadShort, { ttlMs: 40 })) === 'short#2');
      expect(await cache.getOrLoad(long, loadLong)).toBe('long#1');
    });

    it('applies the default ttl when none is given', async () => {
      const cache = await fresh(40);
      const k = key('default');
      const load = countingLoader('default');
      await cache.getOrLoad(k, load);
      await until(async () => (await cache.getOrLoad(k, load)) === 'default#2');
    });

    it('loads fresh after invalidate', async () => {
      const cache = await fresh();
      const k = key('restaurant');
      const load = countingLoader('restaurant');
      await cache.getOrLoad(k, load);
      await cache.invalidate(k);
      expect(await cache.get(k)).toBeUndefined();
      expect(await cache.getOrLoad(k, load)).toBe('restaurant#2');
    });

    it('loads once for concurrent misses on one key (single flight)', async () => {
      const cache = await fresh();
      const k = key('hot');
      const held = gate<string>();
      let calls = 0;
      const load = () => {
        calls += 1;
        return held.promise;
      };
      const readers = Array.from({ length: 10 }, () => cache.getOrLoad(k, load));
      held.open('hot value');
      expect(await Promise.all(readers)).toEqual(Array(10).fill('hot value'));
      expect(calls).toBe(1);
    });

    it('never writes back a load that started before an invalidate', async () => {
      const cache = await fresh();
      const k = key('price');
      const held = gate<string>();
      const before = cache.getOrLoad(k, () => held.promise);
      await cache.invalidate(k);
      // A reader arriving after the invalidation must not join the old load.
      const after = cache.getOrLoad(k, async () => 'new price');
      held.open('old price');
      expect(await before).toBe('old price');
      expect(await after).toBe('new price');
      expect(await cache.getOrLoad(k, async () => 'unexpected load')).toBe('new price');
    });

    it('invalidates every key under a prefix and nothing else', async () => {
      const cache = await fresh();
      const restaurant = key('menu');
      const other = key('menu');
      const entries = [
        [`${restaurant}:a`, countingLoader('a')],
        [`${restaurant}:b`, countingLoader('b')],
        [`${other}:a`, countingLoader('c')],
      ] as const;
      await Promise.all(entries.map(([k, load]) => cache.getOrLoad(k, load)));
      await cache.invalidatePrefix(`${restaurant}:`);
      const again = await Promise.all(entries.map(([k, load]) => cache.getOrLoad(k, load)));
      expect(again).toEqual(['a#2', 'b#2', 'c#1']);
    });

    it('cancels a load in flight under an invalidated prefix', async () => {
      const cache = await fresh();
      const k = `${key('menu')}:item`;
      const held = gate<string>();
      const before = cache.getOrLoad(k, () => held.promise);
      await cache.invalidatePrefix(k.slice(0, -'item'.length));
      held.open('old');
      expect(await before).toBe('old');
      expect(await cache.getOrLoad(k, async () => 'new')).toBe('new');
    });
  });
}
