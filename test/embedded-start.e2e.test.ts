import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './support/spawn-cli.js';

// The platform as a person starts it: `sattzabite start` on an empty data directory.
describe('sattzabite start (embedded)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sattzabite-e2e-'));
  let run: CliRun;
  let url: string;

  beforeAll(async () => {
    run = runCli(['start'], { DATA_DIR: dataDir, PORT: '0' });
    const match = await run.waitFor(/running on (http:\/\/\S+)/, 90_000);
    url = match[1] ?? '';
  }, 120_000);

  afterAll(async () => {
    await run?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the URL and every demo login', () => {
    for (const email of ['customer', 'staff', 'owner', 'courier', 'admin']) {
      expect(run.output()).toContain(`${email}@demo.sattzabite.test`);
    }
    expect(run.output()).toContain('sattzabite-demo');
  });

  it('answers /health, /ready, /metrics and /docs', async () => {
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'UP' });
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'UP', checks: { db: 'UP', bus: 'UP' } });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('http_requests_total');
    const docs = await fetch(`${url}/docs/json`);
    const spec = (await docs.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/auth/login', '/auth/me']));
  });

  it('signs in a demo account and answers /auth/me with its cookie', async () => {
    const login = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@demo.sattzabite.test', password: 'sattzabite-demo' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('sb_access='))
      ?.split(';')[0];
    expect(cookie).toBeDefined();
    const me = await fetch(`${url}/auth/me`, { headers: { cookie: cookie ?? '' } });
    expect(await me.json()).toMatchObject({
      email: 'owner@demo.sattzabite.test',
      roles: ['RESTAURANT_ADMIN'],
    });
    const jwks = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
  });

  it('creates the demo city on the first start: restaurants, menus, and the customer address', async () => {
    const list = (await (await fetch(`${url}/api/restaurants?size=100`)).json()) as { totalElements: number };
    expect(list.totalElements).toBeGreaterThanOrEqual(30);
    const menu = (await (
      await fetch(`${url}/api/menu/restaurants/01900000-0000-7000-8000-000000000001`)
    ).json()) as { items: unknown[] };
    expect(menu.items.length).toBeGreaterThanOrEqual(15);
    const first = (await (
      await fetch(`${url}/api/restaurants/01900000-0000-7000-8000-000000000001`)
    ).json()) as { openNow: boolean };
    expect(first.openNow).toBe(true);
  });

  it('refuses a second process on the same data directory', async () => {
    const second = runCli(['start'], { DATA_DIR: dataDir, PORT: '0' });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/in use by process \d+/);
  });
});

describe('sattzabite command', () => {
  it('stops a start with a wrong setting, naming it and what it expects', async () => {
    const run = runCli(['start'], { PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('PORT: expected a TCP port');
    expect(run.output()).toContain('DATABASE_URL: expected a PostgreSQL URL');
  });

  it('prints help and refuses unknown commands', async () => {
    const help = runCli(['help']);
    expect(await help.exited).toBe(0);
    expect(help.output()).toContain('serve <svc,...>');
    const unknown = runCli(['frobnicate']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toContain("Unknown command 'frobnicate'");
  });
});
