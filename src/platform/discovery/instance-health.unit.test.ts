import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../cache/cache.contract.js';
import { InstanceHealth } from './instance-health.js';

const A = 'http://127.0.0.1:7001';
const B = 'http://127.0.0.1:7002';

describe('passive health of instances', () => {
  const made: InstanceHealth[] = [];
  const health = (options: ConstructorParameters<typeof InstanceHealth>[0]) => {
    const h = new InstanceHealth(options);
    made.push(h);
    return h;
  };
  afterEach(() => made.splice(0).forEach((h) => h.close()));

  it('leaves an instance out at once when it is marked down, and keeps the order of the others', () => {
    const h = health({ probeEveryMs: 0 });
    expect(h.usable([A, B])).toEqual([A, B]);
    h.markDown(A, 'refused');
    expect(h.usable([A, B])).toEqual([B]);
    expect(h.usable([B, A])).toEqual([B]);
  });

  it('offers every instance when all are down: trying one beats failing for sure', () => {
    const h = health({ probeEveryMs: 0 });
    h.markDown(A, 'refused');
    h.markDown(B, 'refused');
    expect(h.usable([A, B])).toEqual([A, B]);
  });

  it('takes an instance back when its registration heartbeat is newer than the failure, not older', () => {
    let now = 1_000;
    const h = health({ probeEveryMs: 0, now: () => now });
    h.markDown(A, 'refused');
    now = 2_000;
    expect(h.usable([A, B], () => 900)).toEqual([B]);
    expect(h.usable([A, B], () => 1_500)).toEqual([A, B]);
    expect(h.isDown(A)).toBe(false);
  });

  it('takes an instance back when it answers a probe, and probes no more', async () => {
    let answers = false;
    let probes = 0;
    const h = health({
      probeEveryMs: 5,
      probe: async () => {
        probes += 1;
        return answers;
      },
    });
    h.markDown(A, 'refused');
    await until(() => probes >= 2);
    expect(h.isDown(A)).toBe(true);
    answers = true;
    await until(() => !h.isDown(A));
    const after = probes;
    h.markDown(B, 'reset');
    await until(() => !h.isDown(B));
    expect(probes).toBe(after + 1);
  });

  it('forgets a down instance that discovery no longer lists', async () => {
    let now = 0;
    let probes = 0;
    const h = health({
      probeEveryMs: 5,
      forgetAfterMs: 1_000,
      now: () => now,
      probe: async () => {
        probes += 1;
        return false;
      },
    });
    h.markDown(A, 'refused');
    await until(() => probes >= 1);
    now = 5_000;
    await until(() => !h.isDown(A));
  });
});
