import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** One dependency of this instance (the database, the bus, Redis). `check` throws when it is down. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
  /**
   * Whether the instance can serve nothing without it (the database): its failure makes /ready 503. A
   * non-critical one (the bus, whose events wait in the outbox; Redis, behind which the cache and rate limits
   * fall back to memory) only makes the instance DEGRADED, still 200, so that a load balancer keeps sending it
   * the traffic it can serve. True when omitted.
   */
  critical?: boolean;
}

export interface ReadinessReport {
  /** UP: every check passes; DEGRADED: only non-critical ones fail (200); DOWN: a critical one fails (503). */
  status: 'UP' | 'DEGRADED' | 'DOWN';
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
        return { name: c.name, critical: c.critical !== false, error: undefined };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { name: c.name, critical: c.critical !== false, error: message };
      }
    }),
  );
  const report: ReadinessReport = { status: 'UP', checks: {} };
  const errors: Record<string, string> = {};
  for (const r of results) {
    report.checks[r.name] = r.error === undefined ? 'UP' : 'DOWN';
    if (r.error === undefined) continue;
    errors[r.name] = r.error;
    report.status = r.critical ? 'DOWN' : report.status === 'DOWN' ? 'DOWN' : 'DEGRADED';
  }
  if (Object.keys(errors).length > 0) report.errors = errors;
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
      return reply.code(report.status === 'DOWN' ? 503 : 200).send(report);
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
