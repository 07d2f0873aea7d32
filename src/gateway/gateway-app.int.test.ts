import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { droppingNode } from '../../test/support/dropping-node.js';
import { unusedLoopbackUrl } from '../../test/support/unused-url.js';
import { until } from '../platform/cache/cache.contract.js';
import { loadConfig } from '../platform/config/load-config.js';
import { InstanceHealth, type Discovery } from '../platform/discovery/index.js';
import { createStaticDiscovery } from '../platform/discovery/static-discovery.js';
import type { HttpApp } from '../platform/http/index.js';
import { silentLogger, type Logger } from '../platform/observability/logger.js';
import { createGatewayApp } from './gateway-app.js';

/** A logger that keeps the gateway's warnings, to see which node each failed attempt went to. */
function recordingLogger(): { log: Logger; failedTargets: () => unknown[] } {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, failedTargets: () => lines.filter((l) => l.msg === 'upstream failed').map((l) => l.target) };
}

describe('gateway: failing nodes', () => {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'sattzabite-gateway-'));
  let node: FastifyInstance;
  let live: string;
  let dead: string;
  const posts: string[] = [];
  const gateways: HttpApp[] = [];

  const gatewayFor = async (
    restaurants: string[],
    extra: { log?: Logger; health?: InstanceHealth; discovery?: Discovery; services?: string[] } = {},
  ) => {
    const app = await createGatewayApp({
      config: loadConfig({}),
      log: extra.log ?? silentLogger(),
      discovery: extra.discovery ?? createStaticDiscovery(new Map([['restaurants', restaurants]])),
      verifier: { verify: async () => Promise.reject(new Error('no tokens in this test')) },
      errorStatuses: {},
      services: extra.services ?? ['restaurants'],
      webDist: dist,
      upstreamTimeoutMs: 300,
      // Probes are off unless a test asks: it decides when a node comes back.
      health: extra.health ?? new InstanceHealth({ probeEveryMs: 0 }),
    });
    gateways.push(app);
    return app;
  };

  beforeAll(async () => {
    node = Fastify();
    node.get('/health', async () => ({ status: 'UP' }));
    node.get('/api/restaurants', async () => ({ from: 'live' }));
    node.post('/api/restaurants', async (request, reply) => {
      posts.push(JSON.stringify(request.body));
      return reply.code(201).send({ created: true });
    });
    node.post('/api/restaurants/slow', async (request) => {
      posts.push(JSON.stringify(request.body));
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return { late: true };
    });
    node.get('/api/restaurants/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return { late: true };
    });
    live = await node.listen({ port: 0, host: '127.0.0.1' });
    dead = await unusedLoopbackUrl();
  });

  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  afterAll(async () => {
    for (const app of gateways) await app.close();
    await node.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('sends a read that could not reach one node to another', async () => {
    const app = await gatewayFor([dead, live]);
    // Round-robin starts at the dead node, then the live one: both reads are answered by the live one.
    for (let i = 0; i < 2; i++) {
      const answer = await app.inject({ method: 'GET', url: '/api/restaurants' });
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toEqual({ from: 'live' });
    }
  });

  it('sends a write that never reached a node to another, and sends nothing more to the dead node', async () => {
    const { log, failedTargets } = recordingLogger();
    const health = new InstanceHealth({ probeEveryMs: 0 });
    const app = await gatewayFor([dead, live], { log, health });
    // Over a real socket: the body arrives as it does in service.
    const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/api/restaurants`;
    posts.length = 0;
    for (const name of ['A', 'B', 'C', 'D', 'E', 'F']) {
      const created = await post(url, { name });
      expect(created.status).toBe(201);
    }
    expect(posts).toEqual(['A', 'B', 'C', 'D', 'E', 'F'].map((name) => JSON.stringify({ name })));
    // Round-robin sent the first write to the dead node: refused, marked down, never tried again.
    expect(failedTargets()).toEqual([dead]);
    expect(health.isDown(dead)).toBe(true);
  });

  it('never repeats a write that may have reached its node (connection dropped after sending)', async () => {
    const dropping = await droppingNode();
    try {
      const health = new InstanceHealth({ probeEveryMs: 0 });
      const app = await gatewayFor([dropping.url, live], { health });
      const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/api/restaurants`;
      posts.length = 0;
      const lost = await post(url, { name: 'maybe' });
      expect(lost.status).toBe(503);
      expect(await lost.json()).toMatchObject({ code: 'COMMON.SERVICE_UNAVAILABLE' });
      expect([dropping.received(), posts]).toEqual([1, []]);
      // The node is skipped from now on: the next write goes to the live one.
      expect(health.isDown(dropping.url)).toBe(true);
      expect((await post(url, { name: 'next' })).status).toBe(201);
      expect([dropping.received(), posts]).toEqual([1, [JSON.stringify({ name: 'next' })]]);
    } finally {
      await dropping.close();
    }
  });

  it('never repeats a write whose node did not answer in time: 504', async () => {
    const app = await gatewayFor([live, live]);
    const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/api/restaurants/slow`;
    posts.length = 0;
    const late = await post(url, { name: 'slow' });
    expect(late.status).toBe(504);
    expect(posts).toEqual([JSON.stringify({ name: 'slow' })]);
  });

  it('sends to a node marked down again once it answers a probe', async () => {
    const health = new InstanceHealth({ probeEveryMs: 20 });
    const app = await gatewayFor([dead, live], { health });
    expect((await app.inject({ method: 'GET', url: '/api/restaurants' })).statusCode).toBe(200);
    expect(health.isDown(dead)).toBe(true);
    const revived = Fastify();
    revived.get('/health', async () => ({ status: 'UP' }));
    revived.get('/api/restaurants', async () => ({ from: 'revived' }));
    await revived.listen({ port: Number(new URL(dead).port), host: '127.0.0.1' });
    try {
      await until(() => !health.isDown(dead));
      const answers = new Set<string>();
      for (let i = 0; i < 4; i++) {
        answers.add(
          (await app.inject({ method: 'GET', url: '/api/restaurants' })).json<{ from: string }>().from,
        );
      }
      expect([...answers].sort()).toEqual(['live', 'revived']);
    } finally {
      health.close();
      await revived.close();
    }
  });

  it('marks a realtime instance down when a WebSocket session cannot reach it', async () => {
    const health = new InstanceHealth({ probeEveryMs: 0 });
    const app = await gatewayFor([], {
      health,
      discovery: createStaticDiscovery(new Map([['realtime', [dead]]])),
      services: ['realtime'],
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const socket = new WebSocket(`${base.replace('http', 'ws')}/ws`);
    const code = await new Promise<number>((resolve) => socket.once('close', (closed) => resolve(closed)));
    expect(code).toBe(1011);
    expect(health.isDown(dead)).toBe(true);
  });

  it('is ready while it can route something: DEGRADED naming the service with no instance, 503 with none', async () => {
    const partly = await gatewayFor([], {
      discovery: createStaticDiscovery(
        new Map([
          ['restaurants', [live]],
          ['orders', [dead]],
        ]),
      ),
      services: ['restaurants', 'orders'],
    });
    const degraded = await partly.inject({ method: 'GET', url: '/ready' });
    expect(degraded.statusCode).toBe(200);
    expect(degraded.json()).toMatchObject({
      status: 'DEGRADED',
      checks: { routing: 'UP', upstreams: 'DOWN' },
      errors: { upstreams: 'no live instance of orders' },
    });

    const nothing = await gatewayFor([dead]);
    expect((await nothing.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(503);

    const blind = await gatewayFor([], {
      discovery: { instances: () => Promise.reject(new Error('registry unreachable')) },
    });
    const report = await blind.inject({ method: 'GET', url: '/ready' });
    expect(report.statusCode).toBe(503);
    expect(report.json()).toMatchObject({ status: 'DOWN', checks: { routing: 'DOWN' } });
  });

  it('answers 503 when no node of the service can be reached', async () => {
    const app = await gatewayFor([dead]);
    const answer = await app.inject({ method: 'GET', url: '/api/restaurants' });
    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toMatchObject({ code: 'COMMON.SERVICE_UNAVAILABLE' });
  });

  it('answers 504 when a node does not start its answer in time', async () => {
    const app = await gatewayFor([live]);
    const answer = await app.inject({ method: 'GET', url: '/api/restaurants/slow' });
    expect(answer.statusCode).toBe(504);
    expect(answer.json()).toMatchObject({ code: 'COMMON.TIMEOUT' });
  });
});
