import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from './event-envelope.js';
import { createInProcessBus } from './in-process-bus.js';
import { testEvent, waitUntil } from './messaging-test-kit.js';

describe('in-process bus: batches', () => {
  it('hands the waiting events to handleBatch in publish order, at most maxBatch at once', async () => {
    const bus = createInProcessBus();
    const batches: string[][] = [];
    const singles: string[] = [];
    await bus.subscribe({
      durableName: 'batching',
      types: ['B'],
      maxDeliver: 3,
      backoffMs: () => 5,
      maxBatch: 4,
      handle: async (event) => void singles.push(event.id),
      handleBatch: async (events) => void batches.push(events.map((e) => e.id)),
    });
    const events = Array.from({ length: 10 }, (_, i) => testEvent('B', 's', { i }));
    for (const event of events) await bus.publish(event);
    await waitUntil(() => batches.flat().length + singles.length === 10, 'all ten events');
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flat()).toEqual(events.map((e) => e.id));
    expect(singles).toEqual([]);
    await bus.close();
  });

  it('after a failed batch, delivers its events one by one as first deliveries', async () => {
    const bus = createInProcessBus();
    const attempts = new Map<string, number[]>();
    let batchCalls = 0;
    const events = Array.from({ length: 3 }, (_, i) => testEvent('B', 's', { i }));
    const poison = events[1] as EventEnvelope;
    let poisonFailures = 0;
    await bus.subscribe({
      durableName: 'failing-batch',
      types: ['B'],
      maxDeliver: 5,
      backoffMs: () => 5,
      handle: async (event, delivery) => {
        attempts.set(event.id, [...(attempts.get(event.id) ?? []), delivery.attempt]);
        if (event.id === poison.id && poisonFailures++ < 1) throw new Error('once');
      },
      handleBatch: async () => {
        batchCalls += 1;
        throw new Error('batch refused');
      },
    });
    for (const event of events) await bus.publish(event);
    await waitUntil(
      () => (attempts.get((events[2] as EventEnvelope).id) ?? []).length === 1,
      'the last event',
    );
    expect(batchCalls).toBe(1);
    expect(events.map((e) => attempts.get(e.id))).toEqual([[1], [1, 2], [1]]);
    await bus.close();
  });

  it('never batches a broadcast feed', async () => {
    const bus = createInProcessBus();
    const seen: string[] = [];
    await bus.subscribe({
      durableName: 'feed',
      types: ['B'],
      broadcast: true,
      maxDeliver: 1,
      backoffMs: () => 0,
      handle: async (event) => void seen.push(event.id),
      handleBatch: async () => {
        throw new Error('a broadcast feed must not be batched');
      },
    });
    for (const event of Array.from({ length: 3 }, () => testEvent('B', 's'))) await bus.publish(event);
    await waitUntil(() => seen.length === 3, 'three events one by one');
    await bus.close();
  });
});
