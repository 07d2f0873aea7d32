import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from './event-envelope.js';
import { createBatchGroup } from './nats-batch-group.js';
import { testEvent } from './messaging-test-kit.js';

const events = (subject: string, count: number): EventEnvelope[] =>
  Array.from({ length: count }, (_, n) => testEvent('Step', subject, { n }));

describe('batch group', () => {
  it('joins what partitions submit in the same turn into one batch, in submission order', async () => {
    const calls: string[][] = [];
    const group = createBatchGroup(async (batch) => {
      calls.push(batch.map((event) => event.subject));
    }, 64);
    await Promise.all([group.apply(events('a', 2)), group.apply(events('b', 1))]);
    expect(calls).toEqual([['a', 'a', 'b']]);
  });

  it('runs one batch at a time; what arrives meanwhile waits for the next, up to the limit', async () => {
    const sizes: number[] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    let running = 0;
    let most = 0;
    const group = createBatchGroup(async (batch) => {
      running += 1;
      most = Math.max(most, running);
      sizes.push(batch.length);
      if (sizes.length === 1) await first;
      running -= 1;
    }, 5);
    const applied = [group.apply(events('a', 1))];
    await new Promise((resolve) => setImmediate(resolve));
    // Submitted while the first batch runs: 3 + 2 fill the next batch, 4 more would pass the limit of 5.
    applied.push(group.apply(events('b', 3)), group.apply(events('c', 2)), group.apply(events('d', 4)));
    release();
    await Promise.all(applied);
    expect(sizes).toEqual([1, 5, 4]);
    expect(most).toBe(1);
  });

  it('never splits a submission, even one above the limit', async () => {
    const sizes: number[] = [];
    const group = createBatchGroup(async (batch) => {
      sizes.push(batch.length);
    }, 2);
    await group.apply(events('a', 3));
    expect(sizes).toEqual([3]);
  });

  it('rejects every submission of a failed batch with its error, and goes on with the next', async () => {
    let calls = 0;
    const group = createBatchGroup(async () => {
      calls += 1;
      if (calls === 1) throw new Error('refused');
    }, 64);
    const results = await Promise.allSettled([group.apply(events('a', 1)), group.apply(events('b', 1))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toEqual(new Error('refused'));
    await expect(group.apply(events('c', 1))).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
