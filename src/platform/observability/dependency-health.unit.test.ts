import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { countFallback, createDependencyHealth } from './dependency-health.js';
import { createMetricsRegistry } from './metrics.js';

function recorded() {
  const lines: Array<{ msg: string }> = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, messages: () => lines.map((line) => line.msg) };
}

describe('dependency health', () => {
  it('logs each outage once when it starts and once when it ends, and keeps the gauge', async () => {
    const registry = createMetricsRegistry({ defaults: false });
    const { log, messages } = recorded();
    const health = createDependencyHealth(registry, log);

    health.up('redis');
    health.down('redis', new Error('ECONNREFUSED'));
    health.down('redis', new Error('ECONNREFUSED'));
    expect(await registry.metrics()).toContain('sattzabite_dependency_up{dependency="redis"} 0');
    health.up('redis');
    health.up('redis');

    expect(messages()).toEqual([
      'redis is unreachable: serving without it where possible',
      'redis is reachable again',
    ]);
    expect(await registry.metrics()).toContain('sattzabite_dependency_up{dependency="redis"} 1');
  });

  it('adds fallbacks counted separately on one registry to one metric', async () => {
    const registry = createMetricsRegistry({ defaults: false });
    const health = createDependencyHealth(registry, recorded().log);
    health.fellBack('redis', 'cache');
    countFallback(registry, 'redis', 'rate-limit');
    countFallback(registry, 'redis', 'rate-limit');
    const text = await registry.metrics();
    expect(text).toContain('sattzabite_dependency_fallbacks_total{dependency="redis",use="cache"} 1');
    expect(text).toContain('sattzabite_dependency_fallbacks_total{dependency="redis",use="rate-limit"} 2');
  });
});
