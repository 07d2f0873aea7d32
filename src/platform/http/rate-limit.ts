import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { HttpApp } from './http-app.js';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { AppError, CommonErrors } from '../errors/app-error.js';
import { countFallback } from '../observability/dependency-health.js';
import { redisOrMemoryStore } from './rate-limit-store.js';

/** The client a request counts against: the signed-in user wherever they connect from, else the address. */
export function rateLimitKey(request: FastifyRequest): string {
  return request.principal ? `user:${request.principal.userId}` : `ip:${request.ip}`;
}

/**
 * The global per-client limit. It runs at preHandler, after the auth hook has set the principal, so that the
 * key can be the user. With `redis`, every instance shares the counts; while Redis is down or slow each
 * instance counts in memory (see rate-limit-store.ts), counted in `metrics` as a fallback and logged once.
 *
 * A route narrows its own limit in its route config; it then has its own counter, separate from the global one:
 *
 * ```ts
 * app.post('/auth/login', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, handler);
 * app.get('/health', { config: { rateLimit: false } }, handler); // never limited
 * ```
 *
 * A route-level `keyGenerator` can key by something else (for login, the email being tried).
 */
export async function registerRateLimit(
  app: HttpApp,
  options: { perMinute: number; redis?: Redis | undefined; namespace?: string; metrics?: Registry },
): Promise<void> {
  const { redis, metrics } = options;
  let inMemory = false;
  const onFallback = () => {
    if (metrics !== undefined) countFallback(metrics, 'redis', 'rate-limit');
    if (inMemory) return;
    inMemory = true;
    app.log.warn('rate limits: Redis unavailable, counting in this process until it answers');
  };
  const onShared = () => {
    if (!inMemory) return;
    inMemory = false;
    app.log.warn('rate limits: counting in Redis again');
  };
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: options.perMinute,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    // Service-to-service calls are guarded by the internal token (see internal-rpc-guard.ts) and must not
    // spend a client's budget: one busy node would otherwise throttle every call it makes for its users.
    allowList: (request) => request.url.startsWith('/internal/'),
    ...(redis
      ? {
          store: redisOrMemoryStore(redis, options.namespace ?? 'sattzabite:rate-limit:', {
            onFallback,
            onShared,
          }),
        }
      : {}),
    // A failure of the memory fallback itself must not take the API down either: better unlimited than down.
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      new AppError(CommonErrors.RATE_LIMITED, `Too many requests: try again in ${context.after}.`, {
        status: 429,
        details: { limit: context.max, retryAfterSeconds: Math.ceil(context.ttl / 1000) },
      }),
  });
}
