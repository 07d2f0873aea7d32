import type { KV } from '@nats-io/kv';
import { describe, expect, it } from 'vitest';
import { createPartitionLeases } from './nats-partition-leases.js';

/**
 * The bucket operations the leases use, in memory. Its listing of keys yields one member key twice, as a
 * NATS listing can when the key is renewed while it runs.
 */
function bucketListingTwice(duplicated: string) {
  const entries = new Map<string, number>();
  let revision = 0;
  const bucket = {
    async put(key: string) {
      entries.set(key, ++revision);
      return revision;
    },
    async create(key: string) {
      if (entries.has(key)) throw new Error('wrong last sequence');
      entries.set(key, ++revision);
      return revision;
    },
    async update(key: string, _value: string, previous: number) {
      if (entries.get(key) !== previous) throw new Error('wrong last sequence');
      entries.set(key, ++revision);
      return revision;
    },
    async delete(key: string) {
      entries.delete(key);
    },
    async keys(filter: string) {
      const prefix = filter.replace('>', '');
      const keys = [...entries.keys()].filter((key) => key.startsWith(prefix));
      return (async function* () {
        for (const key of keys) {
          yield key;
          if (key === duplicated) yield key;
        }
      })();
    },
  };
  // Only the operations above are used; the KV interface has many more.
  return { kv: bucket as unknown as KV, entries };
}

describe('partition leases', () => {
  it('counts a member once however often the listing names it', async () => {
    const { kv, entries } = bucketListingTwice('m.g.a');
    // Another live member, b, already in the bucket.
    entries.set('m.g.b', 0);
    const owned: number[] = [];
    const leases = createPartitionLeases({ kv, member: 'a', ttlMs: 60_000 });
    const leave = await leases.join({
      name: 'g',
      partitions: 8,
      acquired: (partition) => void owned.push(partition),
      release: async () => undefined,
    });
    // Two members: a takes every other partition. Counted twice, it would have taken two shares.
    expect(owned.sort()).toEqual([0, 2, 4, 6]);
    await leave();
    await leases.close();
  });
});
