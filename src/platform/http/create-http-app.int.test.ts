import { Writable } from 'node:stream';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { AppError } from '../errors/app-error.js';
import { silentLogger, type Logger } from '../observability/logger.js';
import { createHttpApp, type HttpAppOptions } from './create-http-app.js';
import type { HttpApp } from './http-app.js';
import { ACCESS_TOKEN_COOKIE, requirePrincipal, type TokenVerifier } from './principal.js';

const apps: HttpApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

const fakeVerifier: TokenVerifier = {
  async verify(token) {
    if (token === 'expired') throw new AppError('TOKEN.EXPIRED', 'The access token has expired.');
    if (!token.startsWith('user-')) throw new AppError('TOKEN.INVALID', 'The access token is not valid.');
    return { userId: token.slice(5), roles: ['CUSTOMER'], restaurantIds: [], tokenId: `jti-${token}` };
  },
};

async function build(overrides: Partial<HttpAppOptions> = {}): Promise<HttpApp> {
  const app = await createHttpApp({
    config: loadConfig({ BODY_LIMIT_BYTES: '2048' }),
    log: silentLogger(),
    verifier: fakeVerifier,
    errorStatuses: { 'ORDERS.INVALID_ORDER_STATE': 409 },
    openapi: { title: 'SattzaBite test', version: '0.0.0' },
    ...overrides,
  });
  app.post(
    '/api/things',
    {
      schema: {
        body: Type.Object({ email: Type.String({ format: 'email' }), count: Type.Integer({ minimum: 1 }) }),
        response: { 201: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async (_request, reply) => reply.code(201).send({ ok: true }),
  );
  app.get('/api/boom', async () => {
    throw new Error('db password is hunter2 at 10.0.0.5');
  });
  app.get('/api/conflict', async () => {
    throw new AppError('ORDERS.INVALID_ORDER_STATE', 'Cannot go from CONFIRMED to DELIVERED.', {
      details: { from: 'CONFIRMED' },
    });
  });
  app.get('/api/teapot', async () => {
    throw new AppError('MISC.TEAPOT', 'I am a teapot.', { status: 418 });
  });
  app.get('/api/me', async (request) => requirePrincipal(request));
  app.get('/auth/me', async () => ({ where: 'auth' }));
  app.get('/api/orders/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  apps.push(app);
  return app;
}

function expectErrorShape(body: Record<string, unknown>, status: number, code: string, path: string): void {
  expect(body).toMatchObject({ status, code, path });
  expect(typeof body.timestamp).toBe('string');
  expect(new Date(body.timestamp as string).toISOString()).toBe(body.timestamp);
  expect(typeof body.error).toBe('string');
  expect(typeof body.message).toBe('string');
  expect(typeof body.requestId).toBe('string');
  expect(body).not.toHaveProperty('stack');
  expect(body).not.toHaveProperty('statusCode');
}

describe('error format', () => {
  it('lists every invalid field as 400 COMMON.VALIDATION_FAILED', async () => {
    const app = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/things',
      payload: { email: 'nope', count: 0 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expectErrorShape(body, 400, 'COMMON.VALIDATION_FAILED', '/api/things');
    expect(body.error).toBe('Bad Request');
    const fields = (body.details.fields as Array<{ field: string }>).map((f) => f.field).sort();
    expect(fields).toEqual(['/body/count', '/body/email']);
  });

  it('names a missing property in its field path', async () => {
    const app = await build();
    const res = await app.inject({ method: 'POST', url: '/api/things', payload: { count: 2 } });
    expect(res.json().details.fields).toEqual([{ field: '/body/email', message: expect.any(String) }]);
  });

  it('answers malformed JSON with 400 COMMON.MALFORMED_JSON', async () => {
    const app = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(res.statusCode).toBe(400);
    expectErrorShape(res.json(), 400, 'COMMON.MALFORMED_JSON', '/api/things');
  });

  it('answers an unknown route with 404 COMMON.ROUTE_NOT_FOUND', async () => {
    const app = await build();
    const res = await app.inject({ method: 'GET', url: '/api/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expectErrorShape(res.json(), 404, 'COMMON.ROUTE_NOT_FOUND', '/api/nothing-here');
    expect(res.json().error).toBe('Not Found');
  });

  it('answers a body over BODY_LIMIT_BYTES with 413 COMMON.PAYLOAD_TOO_LARGE', async () => {
    const app = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/things',
      payload: { email: `${'a'.repeat(4000)}@x.test`, count: 1 },
    });
    expect(res.statusCode).toBe(413);
    expectErrorShape(res.json(), 413, 'COMMON.PAYLOAD_TOO_LARGE', '/api/things');
  });

  it('answers an unsupported content type with 415', async () => {
    const app = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/things',
      headers: { 'content-type': 'application/xml' },
      payload: '<x/>',
    });
    expect(res.statusCode).toBe(415);
    expectErrorShape(res.json(), 415, 'COMMON.UNSUPPORTED_MEDIA_TYPE', '/api/things');
  });

  it('hides an unexpected error behind 500 COMMON.INTERNAL_ERROR and logs it with its stack', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const app = await build({ log: captureLogger(lines) });
    const res = await app.inject({ method: 'GET', url: '/api/boom', headers: { 'x-request-id': 'req-500' } });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expectErrorShape(body, 500, 'COMMON.INTERNAL_ERROR', '/api/boom');
    expect(body.requestId).toBe('req-500');
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('at ');
    const logged = lines.find((l) => l.msg === 'request failed');
    expect((logged?.err as { stack?: string } | undefined)?.stack).toContain('hunter2');
    expect(logged?.requestId).toBe('req-500');
  });

  it('maps codes through the service table, then AppError.status', async () => {
    const app = await build();
    const conflict = await app.inject({ method: 'GET', url: '/api/conflict' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({
      code: 'ORDERS.INVALID_ORDER_STATE',
      message: 'Cannot go from CONFIRMED to DELIVERED.',
      details: { from: 'CONFIRMED' },
      error: 'Conflict',
    });
    const teapot = await app.inject({ method: 'GET', url: '/api/teapot' });
    expect(teapot.statusCode).toBe(418);
  });

  it('gives a malformed URL our shape, not Fastify raw one', async () => {
    const app = await build();
    const res = await app.inject({ method: 'GET', url: '/api/orders/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expectErrorShape(res.json(), 400, 'COMMON.BAD_REQUEST', '/api/orders/%E0%A4%A');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('request and correlation ids', () => {
  it('accepts a safe X-Request-ID and echoes it, with the correlation id defaulting to it', async () => {
    const app = await build();
    const res = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'abc-123:x.y_z' },
    });
    expect(res.headers['x-request-id']).toBe('abc-123:x.y_z');
    expect(res.headers['x-correlation-id']).toBe('abc-123:x.y_z');
  });

  it('generates a UUID v7 when none is given', async () => {
    const app = await build();
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('replaces a hostile X-Request-ID', async () => {
    const app = await build();
    for (const hostile of ['a b', 'x'.repeat(129), '"}{"admin":true', '<script>']) {
      const res = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': hostile } });
      expect(res.headers['x-request-id']).not.toBe(hostile);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('keeps a given X-Correlation-ID and puts both ids on every log line of the request', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const app = await build({ log: captureLogger(lines) });
    app.get('/api/log', async (request) => {
      request.log.info('inside the handler');
      return { ok: true };
    });
    const res = await app.inject({
      method: 'GET',
      url: '/api/log',
      headers: { 'x-request-id': 'r-1', 'x-correlation-id': 'c-1' },
    });
    expect(res.headers['x-correlation-id']).toBe('c-1');
    const requestLines = lines.filter((l) => l.requestId === 'r-1');
    expect(requestLines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['incoming request', 'inside the handler', 'request completed']),
    );
    for (const line of requestLines) expect(line.correlationId).toBe('c-1');
  });
});

describe('security headers', () => {
  it('are on a 200, a 404 and a 500', async () => {
    const app = await build();
    for (const url of ['/health', '/api/missing', '/api/boom']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'self'/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('add the web app extra CSP sources when asked', async () => {
    const app = await build({ cspExtra: { 'connect-src': ["'self'", 'ws:'] } });
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['content-security-policy']).toContain("connect-src 'self' ws:");
  });
});

describe('health, readiness, metrics', () => {
  it('/health is UP', async () => {
    const app = await build();
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'UP' });
  });

  it('/ready is UP when every check passes', async () => {
    const app = await build({ readiness: [{ name: 'db', check: async () => undefined }] });
    const res = await app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'UP', checks: { db: 'UP' } });
  });

  it('/ready is 503 naming the failing and the hung checks', async () => {
    const app = await build({
      readinessTimeoutMs: 100,
      readiness: [
        { name: 'db', check: async () => undefined },
        { name: 'bus', check: async () => Promise.reject(new Error('connection refused')) },
        { name: 'cache', check: () => new Promise<void>(() => undefined) },
      ],
    });
    const res = await app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      status: 'DOWN',
      checks: { db: 'UP', bus: 'DOWN', cache: 'DOWN' },
      errors: { bus: 'connection refused', cache: expect.stringContaining('100 ms') },
    });
  });

  it('/metrics counts requests by route pattern, unmatched ones under one label', async () => {
    const app = await build();
    await app.inject({ method: 'GET', url: '/api/orders/1' });
    await app.inject({ method: 'GET', url: '/api/v1/orders/2' });
    await app.inject({ method: 'GET', url: '/random/1' });
    await app.inject({ method: 'GET', url: '/random/2' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain(
      'http_requests_total{method="GET",route="/api/orders/:id",status_code="200"} 2',
    );
    expect(res.body).toContain('http_requests_total{method="GET",route="UNMATCHED",status_code="404"} 2');
    expect(res.body).toContain(
      'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/orders/:id"',
    );
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });
});

describe('OpenAPI docs', () => {
  it('serve the spec from the route schemas and the UI under a CSP it can run with', async () => {
    const app = await build();
    const json = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(json.statusCode).toBe(200);
    const spec = json.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.paths['/api/things'].post.requestBody).toBeDefined();
    const ui = await app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    expect(ui.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    expect(ui.headers['content-security-policy']).not.toContain('script-src');
    expect(ui.headers['x-frame-options']).toBe('DENY');
    const script = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(script.statusCode).toBe(200);
  });
});

describe('service routes', () => {
  it('register as a plain FastifyPluginAsync and get query validation with field paths', async () => {
    const app = await build();
    const routes: FastifyPluginAsync = async (scope) => {
      scope.get(
        '/api/items',
        { schema: { querystring: Type.Object({ page: Type.Integer({ minimum: 0 }) }) } },
        async () => ({ items: [] }),
      );
    };
    await app.register(routes);
    expect((await app.inject({ method: 'GET', url: '/api/v1/items?page=1' })).json()).toEqual({ items: [] });
    const bad = await app.inject({ method: 'GET', url: '/api/items?page=-1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.fields).toEqual([{ field: '/querystring/page', message: expect.any(String) }]);
  });
});

describe('/api/v1 alias', () => {
  it('serves /api/v1/<rest> as /api/<rest> and /api/v1/auth/... as /auth/...', async () => {
    const app = await build();
    expect((await app.inject({ method: 'GET', url: '/api/v1/orders/7?x=1' })).json()).toEqual({ id: '7' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me' })).json()).toEqual({ where: 'auth' });
    const missing = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().path).toBe('/api/v1/nothing');
  });
});

describe('authentication hook', () => {
  it('sets the principal from a Bearer token', async () => {
    const app = await build();
    const res = await app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: 'Bearer user-42' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ userId: '42', roles: ['CUSTOMER'] });
  });

  it('sets the principal from the access-token cookie', async () => {
    const app = await build();
    const res = await app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { [ACCESS_TOKEN_COOKIE]: 'user-7' },
    });
    expect(res.json()).toMatchObject({ userId: '7' });
  });

  it('leaves the route to decide when there is no token', async () => {
    const app = await build();
    const res = await app.inject({ method: 'GET', url: '/api/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('COMMON.UNAUTHENTICATED');
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it("refuses an invalid or expired token with the verifier's code, even on public routes", async () => {
    const app = await build();
    const invalid = await app.inject({
      method: 'GET',
      url: '/api/orders/1',
      headers: { authorization: 'Bearer junk' },
    });
    expect(invalid.statusCode).toBe(401);
    expectErrorShape(invalid.json(), 401, 'TOKEN.INVALID', '/api/orders/1');
    const expired = await app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { [ACCESS_TOKEN_COOKIE]: 'expired' },
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('TOKEN.EXPIRED');
    expect(expired.headers['x-frame-options']).toBe('DENY');
  });
});

function captureLogger(lines: Array<Record<string, unknown>>): Logger {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      callback();
    },
  });
  return pino({ level: 'info' }, stream);
}

describe('validation of types by part', () => {
  it('coerces query strings but refuses a string where a JSON body needs a number', async () => {
    const app = await createHttpApp({ config: loadConfig({}), log: silentLogger() });
    app.post(
      '/typed',
      {
        schema: {
          querystring: Type.Object({ page: Type.Integer() }),
          body: Type.Object({ count: Type.Integer(), email: Type.String({ format: 'email' }) }),
        },
      },
      async (request) => ({ query: request.query, body: request.body }),
    );
    const ok = await app.inject({
      method: 'POST',
      url: '/typed?page=7',
      payload: { count: 3, email: 'a@b.co' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ query: { page: 7 }, body: { count: 3, email: 'a@b.co' } });
    const bad = await app.inject({
      method: 'POST',
      url: '/typed?page=7',
      payload: { count: '3', email: 'nope' },
    });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json() as { details: { fields: Array<{ field: string }> } }).details.fields.map(
      (f) => f.field,
    );
    expect(fields).toEqual(expect.arrayContaining(['/body/count', '/body/email']));
    await app.close();
  });
});

describe('a WebSocket upgrade to a plain route', () => {
  it('answers it, ends the socket, and still closes the server', async () => {
    const app = await build();
    const { startHttpServer } = await import('./http-server.js');
    const server = await startHttpServer(app, { port: 0, host: '127.0.0.1', graceMs: 1_000 });
    const { port } = new URL(server.url);
    const net = await import('node:net');
    const socket = net.connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    // The server ends the socket itself (without that, it stays open and holds the server's close).
    await ended;
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    await server.close();
  });
});
