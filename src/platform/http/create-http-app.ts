import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { Config } from '../config/config.schema.js';
import { markCorrelationBound, type Logger } from '../observability/logger.js';
import { createHttpMetrics, createMetricsRegistry, UNMATCHED_ROUTE } from '../observability/metrics.js';
import { systemClock, type Clock } from '../time/clock.js';
import { rewriteApiAlias } from './api-alias.js';
import { createAuthHook } from './auth-hook.js';
import { sendError } from './error-response.js';
import { PLATFORM_ERROR_STATUSES } from './error-status.js';
import type { HttpApp } from './http-app.js';

export type { HttpApp } from './http-app.js';
import { healthRoutes, type ReadinessCheck } from './health-routes.js';
import { registerOpenApi } from './openapi.js';
import type { TokenVerifier } from './principal.js';
import { registerRateLimit } from './rate-limit.js';
import {
  applyRequestIds,
  correlationIdOf,
  generateRequestId,
  registerCorrelationScope,
} from './request-context.js';
import { applySecurityHeaders, securityHeaders, type CspExtra } from './security-headers.js';
import { createValidatorCompiler } from './validator-compiler.js';

export interface HttpAppOptions {
  config: Config;
  log: Logger;
  /** Verifies access tokens; without it no request is authenticated. */
  verifier?: TokenVerifier;
  readiness?: ReadinessCheck[];
  /** Per-check bound for /ready, in ms (default 800: a probe gets its answer within about a second). */
  readinessTimeoutMs?: number;
  /** Each service contract's code → status table; it wins over the platform's and over AppError.status. */
  errorStatuses?: Record<string, number>;
  /** Where HTTP metrics go; a fresh registry with default process metrics when omitted. */
  metrics?: Registry;
  /** Shares rate-limit counts across instances; in-memory counts when omitted. */
  rateLimitRedis?: Redis;
  /** Redis key prefix of the rate-limit counters: a gateway in front of nodes counts apart from them. */
  rateLimitNamespace?: string;
  /** OpenAPI info; the docs are served at /docs when given. */
  openapi?: { title: string; version: string };
  /** CSP sources the web app needs beyond `default-src 'self'`. */
  cspExtra?: CspExtra;
  clock?: Clock;
}

/**
 * Builds the HTTP kernel (does not listen): error format, request and correlation ids, security headers,
 * authentication, rate limits, health, readiness, metrics, OpenAPI docs and the /api/v1 alias. Services then
 * `app.register(service.routes)`; their onClose hooks are where they close their pools.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const { config, log } = options;
  const clock = options.clock ?? systemClock;
  const statuses = { ...PLATFORM_ERROR_STATUSES, ...options.errorStatuses };
  const headers = securityHeaders(options.cspExtra);
  const registry = options.metrics ?? createMetricsRegistry();
  const metrics = createHttpMetrics(registry);

  const app = Fastify({
    loggerInstance: log,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // The header is validated in genReqId: Fastify would take any value from requestIdHeader as it is.
    requestIdHeader: false,
    genReqId: generateRequestId,
    childLoggerFactory(logger, bindings, childOptions, raw) {
      const requestId = String(bindings.requestId ?? '');
      return markCorrelationBound(
        logger.child({ ...bindings, correlationId: correlationIdOf(raw, requestId) }, childOptions),
      );
    },
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Behind the gateway every request comes from its address: trust it (only it) to name the client, so
    // per-address rate limits and logs see the real caller.
    trustProxy: config.TRUST_PROXY === '' ? false : config.TRUST_PROXY,
    rewriteUrl: (raw) => rewriteApiAlias(raw.url ?? '/'),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Errors raised before routing (bad URL encoding) bypass hooks: give them our shape and headers here.
    frameworkErrors(error, request, reply) {
      applySecurityHeaders(reply, headers);
      applyRequestIds(request, reply);
      void sendError(request, reply, error, statuses, clock.now());
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('principal', undefined);
  app.decorateRequest('correlationId', '');

  app.addHook('onRequest', async (request, reply) => {
    applySecurityHeaders(reply, headers);
    applyRequestIds(request, reply);
  });
  registerCorrelationScope(app);
  app.setValidatorCompiler(createValidatorCompiler());
  await app.register(cookie);
  app.addHook('onRequest', createAuthHook(options.verifier));

  // While closing, answers end their connection: a kept-alive socket would otherwise hold the drain open
  // until the grace period cuts it.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  app.addHook('onResponse', async (request, reply) => {
    // A WebSocket upgrade answered with an ordinary HTTP response (no such socket route, or refused before
    // it: a bad cookie) leaves a socket Node's HTTP server no longer tracks, which would hold close()
    // forever. A successful upgrade hijacks the reply and never gets here.
    if (request.raw.headers.upgrade?.toLowerCase() === 'websocket' && reply.statusCode !== 101) {
      const socket = request.raw.socket;
      socket.end(() => socket.destroy());
    }
    metrics.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        statusCode: reply.statusCode,
      },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((error, request, reply) => sendError(request, reply, error, statuses, clock.now()));
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, { code: 'FST_ERR_NOT_FOUND' }, statuses, clock.now()),
  );

  await registerRateLimit(app, {
    perMinute: config.RATE_LIMIT_PER_MINUTE,
    redis: options.rateLimitRedis,
    metrics: registry,
    ...(options.rateLimitNamespace === undefined ? {} : { namespace: options.rateLimitNamespace }),
  });
  if (options.openapi) await registerOpenApi(app, options.openapi);
  await app.register(healthRoutes, {
    checks: options.readiness ?? [],
    timeoutMs: options.readinessTimeoutMs ?? 800,
    registry,
  });
  return app;
}
