// The public edge of a split deployment: one address for the web app, the API and the live streams. It
// verifies tokens and rate-limits per user (or per address) with the platform's HTTP kernel, then forwards
// each request to an instance of the service that owns its path, found through discovery. A node whose
// connection is refused or reset is marked down at once and skipped until it answers again (passive health),
// and a request that never reached it goes to another instance, writes included.
import path from 'node:path';
import replyFrom from '@fastify/reply-from';
import websocket from '@fastify/websocket';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { Config } from '../platform/config/index.js';
import { InstanceHealth, withPassiveHealth, type Discovery } from '../platform/discovery/index.js';
import { AppError, CommonErrors } from '../platform/errors/app-error.js';
import {
  createHttpApp,
  INTERNAL_TOKEN_HEADER,
  requireRole,
  type HttpApp,
  type TokenVerifier,
} from '../platform/http/index.js';
import type { Logger } from '../platform/observability/logger.js';
import { mergeDeadLetterLists } from './dead-letter-fan-out.js';
import { serviceForPath, serviceOfDeadLetter } from './routing.js';
import { upstreamFailure } from './upstream-failure.js';
import { upstreamsReadiness } from './upstreams-readiness.js';
import { webAppRoutes, WEB_APP_CSP } from './web-app.js';
import { WEB_DIR } from './web-build.js';
import { bridgeWebSocket } from './websocket-bridge.js';

export interface GatewayOptions {
  config: Config;
  log: Logger;
  discovery: Discovery;
  /** Verifies access tokens with the auth service's published keys. */
  verifier: TokenVerifier;
  /** Every service's error codes, so errors the gateway itself answers keep their statuses. */
  errorStatuses: Record<string, number>;
  /** The service names whose instances /ready checks. */
  services: readonly string[];
  /** The nodes' passive health; by default the gateway's own, probing a node marked down every second. */
  health?: InstanceHealth;
  rateLimitRedis?: Redis;
  /** Redis key prefix of the gateway's rate-limit counters (REDIS_KEY_PREFIX). */
  rateLimitNamespace?: string;
  metrics?: Registry;
  /** The built web app; web/dist by default. */
  webDist?: string;
  /** How long a node may take to start its answer before the gateway answers 504 (default 30 s). */
  upstreamTimeoutMs?: number;
}

/** Requests without effect: sent again elsewhere even when the first node may have seen them. */
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Bodies kept whole rather than streamed through: they are small (BODY_LIMIT_BYTES, as on the nodes), and a
 * kept body can be sent to another instance when the first could not be reached. Other bodies (uploads)
 * stream through and are never sent twice.
 */
const KEPT_BODIES = ['application/json', 'application/x-www-form-urlencoded', 'text/plain'];

/** Headers a client may not pass through: the nodes' internal token, and hop-by-hop ones. */
const STRIPPED = [INTERNAL_TOKEN_HEADER, 'connection', 'keep-alive', 'upgrade', 'proxy-authorization'];

export async function createGatewayApp(options: GatewayOptions): Promise<HttpApp> {
  const { discovery, log } = options;
  const health = options.health ?? new InstanceHealth({ probeEveryMs: 1_000, log });
  const routable = withPassiveHealth(discovery, health);
  const turns = new Map<string, number>();
  /**
   * The next instance of `service` not yet tried for this request, round-robin over those not marked down;
   * 503 when none is left.
   */
  const instanceOf = async (service: string, tried: readonly string[] = []): Promise<string> => {
    const instances = (await routable.instances(service)).filter((url) => !tried.includes(url));
    if (instances.length === 0) {
      throw new AppError(CommonErrors.UNAVAILABLE, `No instance of the ${service} service is available.`, {
        details: { service },
      });
    }
    const turn = turns.get(service) ?? 0;
    turns.set(service, turn + 1);
    return instances[turn % instances.length] as string;
  };

  const app = await createHttpApp({
    config: options.config,
    log,
    verifier: options.verifier,
    errorStatuses: options.errorStatuses,
    readiness: upstreamsReadiness(discovery, options.services, health),
    // Counted apart from the nodes' own limits, which see the same callers through X-Forwarded-For.
    ...(options.rateLimitRedis === undefined
      ? {}
      : {
          rateLimitRedis: options.rateLimitRedis,
          rateLimitNamespace: options.rateLimitNamespace ?? 'sattzabite:gateway-rate-limit:',
        }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    cspExtra: WEB_APP_CSP,
  });

  if (options.health === undefined) app.addHook('onClose', async () => health.close());

  await app.register(async (proxy) => {
    // Bodies go through unparsed (JSON, multipart uploads): the owning service parses and validates them.
    proxy.removeAllContentTypeParsers();
    proxy.addContentTypeParser(KEPT_BODIES, { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    proxy.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    await proxy.register(replyFrom, {
      // No cap on connections per node: every open SSE stream holds one for as long as it lives, and a cap
      // would queue all other calls to that node behind them.
      undici: {
        connections: null,
        pipelining: 1,
        headersTimeout: options.upstreamTimeoutMs ?? 30_000,
        bodyTimeout: 0,
      },
      // The owning service decides about retries; the gateway never repeats a request on its own.
      retryMethods: [],
    });
    await proxy.register(websocket);

    const forward = async (
      request: FastifyRequest,
      reply: FastifyReply,
      service: string,
      tried: readonly string[] = [],
    ): Promise<FastifyReply> => {
      const target = await instanceOf(service, tried);
      const body = request.body;
      const kept = Buffer.isBuffer(body);
      return reply.from(`${target}${request.url}`, {
        ...(kept ? { body, contentType: request.headers['content-type'] ?? 'application/octet-stream' } : {}),
        rewriteRequestHeaders: (_original, headers) => {
          const forwarded = { ...headers };
          for (const name of STRIPPED) delete forwarded[name];
          const chain = headers['x-forwarded-for'];
          forwarded['x-forwarded-for'] = typeof chain === 'string' ? `${chain}, ${request.ip}` : request.ip;
          // The nodes trust these from the gateway only: never pass on what the client claimed.
          forwarded['x-forwarded-proto'] = request.protocol;
          forwarded['x-forwarded-host'] = request.hostname;
          forwarded['x-request-id'] = request.id;
          forwarded['x-correlation-id'] = request.correlationId;
          return forwarded;
        },
        onError: (failed, { error }) => {
          const failure = upstreamFailure(error);
          request.log.warn({ err: error, service, target, failure }, 'upstream failed');
          if (failure === 'not-reached' || failure === 'lost')
            health.markDown(target, `connection ${failure}`);
          // A request the node never saw may go to another one, a write too when its body was kept; one it
          // may have acted on (reset after sending, timeout) is repeated only if it has no effect.
          const again =
            failure === 'not-reached'
              ? kept || body === undefined || body === null
              : failure === 'lost' && SAFE_METHODS.has(request.method);
          if (again) {
            forward(request, reply, service, [...tried, target]).catch((next: unknown) => reply.send(next));
            return;
          }
          failed.send(
            failure === 'timeout'
              ? new AppError(CommonErrors.TIMEOUT, `The ${service} service did not answer in time.`, {
                  details: { service },
                })
              : new AppError(CommonErrors.UNAVAILABLE, `The ${service} service did not answer; try again.`, {
                  details: { service },
                }),
          );
        },
      });
    };
    const route = async (request: FastifyRequest, reply: FastifyReply) => {
      const pathname = request.url.split('?')[0] ?? '/';
      // A path that could climb out of the routed prefix once the node normalises it (dot segments,
      // backslashes, their encodings) is refused here: the route table must decide where a request goes.
      if (/\\|%5c|%2e|(^|\/)\.\.?(\/|$)/i.test(pathname)) {
        throw new AppError(CommonErrors.VALIDATION, 'The path may not contain dot segments or backslashes.', {
          details: { path: pathname },
        });
      }
      const service = serviceOfDeadLetter(pathname) ?? serviceForPath(pathname);
      if (service === undefined) {
        throw new AppError(CommonErrors.ROUTE_NOT_FOUND, `No route ${request.method} ${pathname}.`);
      }
      return forward(request, reply, service);
    };
    const routeOptions = { schema: { hide: true } } as const;
    proxy.all('/api/*', routeOptions, route);
    proxy.all('/auth/*', routeOptions, route);
    proxy.get('/.well-known/*', routeOptions, route);
    // Each node lists the dead letters of the services it hosts: the gateway asks every node and merges.
    proxy.get('/api/admin/dlq', routeOptions, async (request, reply) => {
      requireRole(request, 'SYSTEM_ADMIN');
      const nodes = new Set<string>();
      for (const service of options.services) {
        for (const url of await discovery.instances(service).catch(() => [])) nodes.add(url);
      }
      const answer = await mergeDeadLetterLists([...nodes], request);
      return reply.code(answer.status).send(answer.body);
    });
    proxy.get('/ws', { websocket: true, ...routeOptions }, (socket, request) => {
      const target = instanceOf('realtime');
      bridgeWebSocket({
        client: socket,
        upstreamUrl: target.then((url) => `${url.replace(/^http/, 'ws')}/ws`),
        headers: request.headers,
        clientIp: request.ip,
        log,
        // The client reconnects (STOMP clients do): its next session goes to another instance.
        onUpstreamLost: () => void target.then((url) => health.markDown(url, 'websocket connection lost')),
      });
    });
  });
  await app.register(webAppRoutes({ dist: options.webDist ?? path.join(WEB_DIR, 'dist') }));
  return app;
}
