import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unusedLoopbackUrl } from '../../test/support/unused-url.js';
import { loadConfig } from '../platform/config/load-config.js';
import { createStaticDiscovery } from '../platform/discovery/static-discovery.js';
import type { HttpApp } from '../platform/http/index.js';
import { silentLogger } from '../platform/observability/logger.js';
import { createGatewayApp } from './gateway-app.js';

describe('gateway: failing nodes', () => {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'sattzabite-gateway-'));
  let node: FastifyInstance;
  let live: string;
  let dead: string;
  const posts: string[] = [];
  const gateways: HttpApp[] = [];

  const gatewayFor = async (restaurants: string[]) => {
    const app = await createGatewayApp({
      config: loadConfig({}),
      log: silentLogger(),
      discovery: createStaticDiscovery(new Map([['restaurants', restaurants]])),
      verifier: { verify: async () => Promise.reject(new Error('no tokens in this test')) },
      errorStatuses: {},
      services: ['restaurants'],
      webDist: dist,
      upstreamTimeoutMs: 300,
    });
    gateways.push(app);
    return app;
  };

  beforeAll(async () => {
    node = Fastify();
    node.get('/api/restaurants', async () => ({ from: 'live' }));
    node.post('/api/restaurants', async (request, reply) => {
      posts.push(JSON.stringify(request.body));
      return reply.code(201).send({ created: true });
    });
    node.get('/api/restaurants/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return { late: true };
    });
    live = await node.listen({ port: 0, host: '127.0.0.1' });
    dead = await unusedLoopbackUrl();
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

  it('never repeats a write: 503 when its node cannot be reached', async () => {
    const app = await gatewayFor([dead, live]);
    // Over a real socket: the body streams through to the node, as it does in service.
    const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/api/restaurants`;
    const post = (name: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
    const refused = await post('A');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'COMMON.SERVICE_UNAVAILABLE' });
    expect(posts).toEqual([]);
    const created = await post('B');
    expect(created.status).toBe(201);
    expect(posts).toEqual([JSON.stringify({ name: 'B' })]);
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
