import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../platform/config/load-config.js';
import { createHttpApp, type HttpApp } from '../platform/http/index.js';
import { silentLogger } from '../platform/observability/logger.js';
import { webAppRoutes } from './web-app.js';

describe('web app routes', () => {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'sattzabite-web-'));
  let app: HttpApp;

  beforeAll(async () => {
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    app = await createHttpApp({
      config: loadConfig({}),
      log: silentLogger(),
      openapi: { title: 't', version: '0' },
    });
    app.get('/api/things', async () => ({ ok: true }));
    await app.register(webAppRoutes({ dist }));
  });

  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers the page at / and at every app path, never cached, under the strict CSP', async () => {
    for (const url of ['/', '/orders/0190-abc', '/kitchen/menu?x=1']) {
      const answer = await app.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.headers['content-security-policy']).toMatch(/^default-src 'self'/);
      expect(answer.body).toContain('<title>app</title>');
    }
  });

  it('serves hashed assets for a year and top-level files uncached', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/svg/);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('leaves the API, operations and missing assets to the JSON 404', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/things' })).json()).toEqual({ ok: true });
    for (const url of [
      '/api/nothing',
      '/api/v1/nothing',
      '/auth/x',
      '/ws',
      '/docs/x',
      '/metrics/x',
      '/.well-known/x',
      '/assets/gone.js',
    ]) {
      const answer = await app.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.headers['content-type'], url).toMatch(/application\/json/);
      expect(answer.json(), url).toMatchObject({ status: 404, code: expect.stringMatching(/NOT_FOUND/) });
    }
  });

  it('never serves a file outside the build', async () => {
    for (const url of ['/assets/..%2f..%2fetc%2fpasswd', '/assets/%2e%2e/%2e%2e/etc/passwd']) {
      const answer = await app.inject({ method: 'GET', url });
      // Either refused, or the URL normalised to a page path (/etc/passwd) that gets the app's page.
      if (answer.statusCode === 200) expect(answer.body, url).toContain('<title>app</title>');
      else expect(answer.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(answer.body, url).not.toContain('root:');
    }
  });

  it('says the app is not built when web/dist is missing', async () => {
    const bare = await createHttpApp({ config: loadConfig({}), log: silentLogger() });
    await bare.register(webAppRoutes({ dist: path.join(dist, 'missing') }));
    const answer = await bare.inject({ method: 'GET', url: '/' });
    await bare.close();
    expect(answer.statusCode).toBe(503);
    expect(answer.json().message).toMatch(/npm run build:web/);
  });
});
