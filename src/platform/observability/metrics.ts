import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The route label of requests that matched no route: one value, so scanners cannot explode cardinality. */
export const UNMATCHED_ROUTE = 'UNMATCHED';

/**
 * A registry of its own per app, never prom-client's global one, so that tests and processes hosting several
 * apps do not collide on metric names. Default process metrics are on unless `defaults: false`.
 */
export function createMetricsRegistry(options: { defaults?: boolean; prefix?: string } = {}): Registry {
  const registry = new Registry();
  if (options.defaults !== false) {
    collectDefaultMetrics({ register: registry, ...(options.prefix ? { prefix: options.prefix } : {}) });
  }
  return registry;
}

/** The HTTP request metrics: a counter and a latency histogram labelled by method, route pattern and status. */
export interface HttpMetrics {
  observe(labels: { method: string; route: string; statusCode: number }, seconds: number): void;
}

export function createHttpMetrics(registry: Registry): HttpMetrics {
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route pattern and status code.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    observe({ method, route, statusCode }, seconds) {
      const labels = { method, route, status_code: String(statusCode) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}
