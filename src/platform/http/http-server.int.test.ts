import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { silentLogger } from '../observability/logger.js';
import { createHttpApp } from './create-http-app.js';
import { onShutdownSignals, startHttpServer } from './http-server.js';

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function slowApp() {
  const app = await createHttpApp({ config: loadConfig({}), log: silentLogger() });
  let inFlight = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let poolClosed = false;
  app.addHook('onClose', async () => {
    poolClosed = true;
  });
  app.get('/api/slow', async () => {
    inFlight += 1;
    await gate;
    return { done: true };
  });
  return { app, release, inFlight: () => inFlight, poolClosed: () => poolClosed };
}

describe('startHttpServer', () => {
  it('drains an in-flight request before closing, then runs the onClose hooks', async () => {
    const { app, release, inFlight, poolClosed } = await slowApp();
    const server = await startHttpServer(app, { port: 0, host: '127.0.0.1', graceMs: 10_000 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const slow = request(`${server.url}/api/slow`);
    await waitFor(() => inFlight() === 1);
    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });
    // Stopped accepting: a new connection is refused while the slow request is still running.
    await waitFor(() => !app.server.listening);
    await expect(request(`${server.url}/health`)).rejects.toThrow();
    expect(closed).toBe(false);

    const releasedAt = Date.now();
    release();
    const response = await slow;
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ done: true });
    await closing;
    // Well inside the 10 s grace: the drained keep-alive connection was ended, not waited out.
    expect(Date.now() - releasedAt).toBeLessThan(3000);
    expect(poolClosed()).toBe(true);
  });

  it('cuts a request that outlasts the grace period, so shutdown always ends', async () => {
    const { app, inFlight } = await slowApp();
    const server = await startHttpServer(app, { port: 0, host: '127.0.0.1', graceMs: 200 });
    const slow = request(`${server.url}/api/slow`);
    await waitFor(() => inFlight() === 1);
    await server.close();
    await expect(slow).rejects.toThrow();
  });
});

describe('onShutdownSignals', () => {
  it('runs the handler once on the signal, then exits 0', async () => {
    const exits: number[] = [];
    let calls = 0;
    const stop = onShutdownSignals(
      async () => {
        calls += 1;
      },
      1000,
      { signals: ['SIGUSR2'], exit: (code) => exits.push(code) },
    );
    process.emit('SIGUSR2', 'SIGUSR2');
    await waitFor(() => exits.length === 1);
    stop();
    expect(calls).toBe(1);
    expect(exits).toEqual([0]);
  });

  it('exits 1 when the handler fails or outlasts the grace period', async () => {
    const exits: number[] = [];
    const stop = onShutdownSignals(() => Promise.reject(new Error('pool stuck')), 1000, {
      signals: ['SIGUSR2'],
      exit: (code) => exits.push(code),
    });
    process.emit('SIGUSR2', 'SIGUSR2');
    await waitFor(() => exits.length === 1);
    stop();
    expect(exits).toEqual([1]);

    const hungExits: number[] = [];
    const stopHung = onShutdownSignals(() => new Promise<void>(() => undefined), 0, {
      signals: ['SIGUSR2'],
      exit: (code) => hungExits.push(code),
    });
    process.emit('SIGUSR2', 'SIGUSR2');
    await waitFor(() => hungExits.length === 1, 5000);
    stopHung();
    expect(hungExits).toEqual([1]);
  });
});
