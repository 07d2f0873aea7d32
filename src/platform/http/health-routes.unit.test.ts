import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { healthRoutes, runReadinessChecks, type ReadinessCheck } from './health-routes.js';

const up = (name: string, critical?: boolean): ReadinessCheck => ({
  name,
  check: async () => undefined,
  ...(critical === undefined ? {} : { critical }),
});
const down = (name: string, critical?: boolean): ReadinessCheck => ({
  name,
  check: async () => Promise.reject(new Error(`${name} refused the connection`)),
  ...(critical === undefined ? {} : { critical }),
});
const hung = (name: string, critical?: boolean): ReadinessCheck => ({
  name,
  check: () => new Promise<void>(() => undefined),
  ...(critical === undefined ? {} : { critical }),
});

async function ready(checks: ReadinessCheck[]) {
  const app = Fastify();
  await app.register(healthRoutes, { checks, timeoutMs: 50, registry: new Registry() });
  const response = await app.inject({ method: 'GET', url: '/ready' });
  await app.close();
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

describe('readiness', () => {
  it('is UP (200) when every check passes', async () => {
    expect(await ready([up('db'), up('bus', false), up('redis', false)])).toEqual({
      status: 200,
      body: { status: 'UP', checks: { db: 'UP', bus: 'UP', redis: 'UP' } },
    });
  });

  it('is DEGRADED (200) naming the failing and the hung non-critical checks', async () => {
    expect(await ready([up('db'), down('bus', false), hung('redis', false)])).toEqual({
      status: 200,
      body: {
        status: 'DEGRADED',
        checks: { db: 'UP', bus: 'DOWN', redis: 'DOWN' },
        errors: { bus: 'bus refused the connection', redis: 'redis did not answer within 50 ms' },
      },
    });
  });

  it('is DOWN (503) when a critical check fails, whatever the others say', async () => {
    const report = await ready([down('redis', false), hung('db'), up('bus', false)]);
    expect(report.status).toBe(503);
    expect(report.body).toMatchObject({
      status: 'DOWN',
      checks: { db: 'DOWN', redis: 'DOWN', bus: 'UP' },
      errors: { db: 'db did not answer within 50 ms', redis: 'redis refused the connection' },
    });
  });

  it('treats a check without the flag as critical, as before the flag existed', async () => {
    expect((await runReadinessChecks([down('upstreams')], 50)).status).toBe('DOWN');
  });
});
