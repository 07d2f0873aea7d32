import { describe, expect, it } from 'vitest';
import { assignedPartitions, partitionFilter, partitionOf, typeOfSubject } from './nats-partitions.js';

describe('NATS partitions', () => {
  it('puts every event of one subject in one partition, and spreads subjects over all of them', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i += 1) {
      const p = partitionOf(`order-${i}`, 8);
      expect(partitionOf(`order-${i}`, 8)).toBe(p);
      seen.add(p);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('shares the partitions round-robin among the live members, each partition to one', () => {
    const members = ['a', 'b', 'c'];
    const shares = members.map((m) => assignedPartitions(8, members, m));
    expect(shares).toEqual([
      [0, 3, 6],
      [1, 4, 7],
      [2, 5],
    ]);
    expect(assignedPartitions(8, ['a'], 'a')).toHaveLength(8);
    expect(assignedPartitions(8, members, 'stranger')).toEqual([]);
  });

  it('filters one type exactly, and several types by partition; the type is the last token', () => {
    expect(partitionFilter('ev', 3, ['OrderCreated'])).toBe('ev.3.OrderCreated');
    expect(partitionFilter('ev', 3, ['A', 'B'])).toBe('ev.3.*');
    expect(typeOfSubject('sattzabite.events.3.OrderCreated')).toBe('OrderCreated');
  });
});
