import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from './logger.js';

/**
 * What the process knows of a dependency it can live without for a while (Redis): whether it is reachable,
 * and how often work went on without it. An outage is then visible as a warn line when it starts and ends,
 * `sattzabite_dependency_up{dependency}` at 0, and `sattzabite_dependency_fallbacks_total{dependency,use}`
 * rising, instead of as unexplained slow requests.
 */
export interface DependencyHealth {
  /** The connection is usable (again). Logs only the change from down to up. */
  up(dependency: string): void;
  /** The connection is lost. Logs only the change from up (or unknown) to down. */
  down(dependency: string, error?: unknown): void;
  /** One piece of work went on without it (`use`: 'cache', 'rate-limit'). */
  fellBack(dependency: string, use: string): void;
}

const UP = 'sattzabite_dependency_up';
const FALLBACKS = 'sattzabite_dependency_fallbacks_total';

export function createDependencyHealth(registry: Registry, log: Logger): DependencyHealth {
  const gauge = dependencyUpGauge(registry);
  const fallbacks = fallbackCounter(registry);
  const known = new Map<string, boolean>();
  return {
    up(dependency) {
      gauge.set({ dependency }, 1);
      if (known.get(dependency) === false) log.warn({ dependency }, `${dependency} is reachable again`);
      known.set(dependency, true);
    },
    down(dependency, error) {
      gauge.set({ dependency }, 0);
      if (known.get(dependency) !== false) {
        log.warn(
          { dependency, err: error },
          `${dependency} is unreachable: serving without it where possible`,
        );
      }
      known.set(dependency, false);
    },
    fellBack(dependency, use) {
      fallbacks.inc({ dependency, use });
    },
  };
}

/**
 * Counts one fallback in `registry`. Shared by name, so that the HTTP kernel's rate limiter and the runtime's
 * cache, which are handed the same registry separately, add to one metric.
 */
export function countFallback(registry: Registry, dependency: string, use: string): void {
  fallbackCounter(registry).inc({ dependency, use });
}

function dependencyUpGauge(registry: Registry): Gauge<'dependency'> {
  const existing = registry.getSingleMetric(UP);
  if (existing instanceof Gauge) return existing as Gauge<'dependency'>;
  return new Gauge({
    name: UP,
    help: '1 while the dependency is reachable, 0 while it is not.',
    labelNames: ['dependency'],
    registers: [registry],
  });
}

function fallbackCounter(registry: Registry): Counter<'dependency' | 'use'> {
  const existing = registry.getSingleMetric(FALLBACKS);
  if (existing instanceof Counter) return existing as Counter<'dependency' | 'use'>;
  return new Counter({
    name: FALLBACKS,
    help: 'Work done without the dependency because it was unreachable or too slow, by use.',
    labelNames: ['dependency', 'use'],
    registers: [registry],
  });
}
