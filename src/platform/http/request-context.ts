import { AsyncResource } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { CORRELATION_ID_HEADER, runInCorrelationScope } from '../observability/correlation-scope.js';
import type { HttpApp } from './http-app.js';

export { CORRELATION_ID_HEADER };
export const REQUEST_ID_HEADER = 'x-request-id';

// Ids reach log lines and response headers: anything beyond this alphabet could forge log fields or headers.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** True when a client-supplied id can be trusted into logs and headers. */
export function isSafeId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_ID.test(value);
}

function headerValue(raw: IncomingMessage, name: string): string | undefined {
  const value = raw.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Fastify's `genReqId`: the caller's X-Request-ID when safe, else a fresh UUID v7. */
export function generateRequestId(raw: IncomingMessage): string {
  const given = headerValue(raw, REQUEST_ID_HEADER);
  return isSafeId(given) ? given : uuidv7();
}

/** The caller's X-Correlation-ID when safe, else the request id (a request starts its own chain). */
export function correlationIdOf(raw: IncomingMessage, requestId: string): string {
  const given = headerValue(raw, CORRELATION_ID_HEADER);
  return isSafeId(given) ? given : requestId;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The id that ties this request to the calls and events it causes (X-Correlation-ID). */
    correlationId: string;
  }
}

/** onRequest: records the correlation id and echoes both ids, so that even error replies carry them. */
export function applyRequestIds(request: FastifyRequest, reply: FastifyReply): void {
  request.correlationId = correlationIdOf(request.raw, request.id);
  reply.header(REQUEST_ID_HEADER, request.id);
  reply.header(CORRELATION_ID_HEADER, request.correlationId);
}

/**
 * Runs the rest of each request inside its correlation scope (see correlation-scope.ts), so that the
 * service code it reaches logs, calls other services and writes events under the request's correlation id.
 * Register it after the hook that applies the request ids.
 *
 * The scope is entered in a callback-style onRequest hook (an async one would end the scope when its own
 * promise settles), and entered again at preValidation: a body arrives through the socket's stream events,
 * which run outside the scope, and the handler runs after them.
 */
export function registerCorrelationScope(app: HttpApp): void {
  const scopes = new WeakMap<FastifyRequest, AsyncResource>();
  app.addHook('onRequest', (request, _reply, done) => {
    runInCorrelationScope({ correlationId: request.correlationId, causationId: request.id }, () => {
      scopes.set(request, new AsyncResource('sattzabite.request'));
      done();
    });
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const scope = scopes.get(request);
    if (scope === undefined) done();
    else scope.runInAsyncScope(done);
  });
}
