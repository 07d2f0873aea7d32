import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** One dependency whose failure makes this instance unready (the database, the bus). Throws when down. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface ReadinessReport {
  status: 'UP' | 'DOWN';
  checks: Record<string, 'UP' | 'DOWN'>;
  errors?: Record<string, string>;
}

/** Runs every check in parallel, each bounded by `timeoutMs` so a hung dependency reads as DOWN, not as a hang. */
export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        await withTimeout(c.check(), timeoutMs, `${c.name} did not answer within ${timeoutMs} ms`);
        return { name: c.name, error: undefined };
      } catch (error) {
        return { name: c.name, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  const report: ReadinessReport = { status: 'UP', checks: {} };
  const errors: Record<string, string> = {};
  for (const r of results) {
    report.checks[r.name] = r.error === undefined ? 'UP' : 'DOWN';
    if (r.error !== undefined) errors[r.name] = r.error;
  }
  if (Object.keys(errors).length > 0) {
    report.status = 'DOWN';
    report.errors = errors;
  }
  return report;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** /health (liveness), /ready (readiness) and /metrics; none is rate limited, so probes never get a 429. */
export async function healthRoutes(
  app: FastifyInstance,
  options: { checks: readonly ReadinessCheck[]; timeoutMs: number; registry: Registry },
): Promise<void> {
  const tags = ['operations'];
  app.get('/health', { config: { rateLimit: false }, schema: { tags, summary: 'Liveness' } }, async () => ({
    status: 'UP',
  }));
  app.get(
    '/ready',
    { config: { rateLimit: false }, schema: { tags, summary: 'Readiness' } },
    async (_request, reply) => {
      const report = await runReadinessChecks(options.checks, options.timeoutMs);
      return reply.code(report.status === 'UP' ? 200 : 503).send(report);
    },
  );
  app.get(
    '/metrics',
    { config: { rateLimit: false }, schema: { tags, summary: 'Prometheus metrics' } },
    async (_request, reply) => {
      const text = await options.registry.metrics();
      return reply.type(options.registry.contentType).send(text);
    },
  );
}
