import net from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { droppingNode } from '../../../test/support/dropping-node.js';
import { AppError, CommonErrors } from '../errors/app-error.js';
import type { Discovery } from '../discovery/index.js';
import { createStaticDiscovery, InstanceHealth } from '../discovery/index.js';
import { silentLogger } from '../observability/logger.js';
import { createHttpTransport, type HttpTransportOptions } from './http-transport.js';
import { startRpcServer } from './rpc-test-server.test-support.js';
import { probeContract, probeHandlers, serviceClientContract } from './service-client.contract.js';
import { defineServiceContract, type ServiceHandlers } from './service-contract.js';

const servers: Array<{ app: { close(): Promise<unknown> } }> = [];
/** Handlers parked in 'hang' mode wait on this; it is released before the servers close. */
let release: () => void = () => undefined;
let hung = new Promise<void>((resolve) => (release = resolve));

afterEach(async () => {
  release();
  hung = new Promise<void>((resolve) => (release = resolve));
  await Promise.all(servers.splice(0).map((server) => server.app.close()));
});

type FlakyOperations = {
  read(input: null): Promise<string>;
  write(input: null): Promise<string>;
};
const flakyContract = defineServiceContract<FlakyOperations>('flaky', {
  read: { idempotent: true },
  write: { idempotent: false },
});
type Mode = 'ok' | 'fail' | 'hang' | 'refuse-input';

/** An instance that answers its name, or fails as the test says. */
async function instance(name: string) {
  const state = { mode: 'ok' as Mode };
  const answer = async (): Promise<string> => {
    if (state.mode === 'fail') throw new AppError(CommonErrors.UNAVAILABLE, `${name} is failing`);
    if (state.mode === 'hang') await hung;
    if (state.mode === 'refuse-input') {
      throw new AppError(CommonErrors.VALIDATION, 'bad input', { details: { field: 'x' } });
    }
    return name;
  };
  const handlers: ServiceHandlers<FlakyOperations> = { read: answer, write: answer };
  const server = await startRpcServer(flakyContract, handlers);
  servers.push(server);
  return { url: server.url, requests: server.requests, state };
}

function flakyClient(discovery: Discovery, overrides: Partial<HttpTransportOptions<FlakyOperations>> = {}) {
  return createHttpTransport({
    contract: flakyContract,
    discovery,
    timeoutMs: 2000,
    retries: 2,
    breaker: { consecutiveFailures: 100, halfOpenAfterMs: 1000 },
    backoff: { initialMs: 1, maxMs: 5 },
    log: silentLogger(),
    ...overrides,
  });
}

/** A loopback URL where nothing listens: connections are refused. */
async function refusedUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function discoveryOf(service: string, ...urls: string[]): Discovery {
  return createStaticDiscovery(new Map([[service, urls]]));
}

serviceClientContract('HTTP', async () => {
  const server = await startRpcServer(probeContract, probeHandlers);
  const client = createHttpTransport({
    contract: probeContract,
    discovery: discoveryOf('probe', server.url),
    timeoutMs: 2000,
    retries: 0,
    breaker: { consecutiveFailures: 5, halfOpenAfterMs: 1000 },
    log: silentLogger(),
  });
  return { client, close: () => server.app.close() };
});

describe('HTTP service client', () => {
  it('fails with COMMON.TIMEOUT when the instance does not answer in time', async () => {
    const a = await instance('a');
    a.state.mode = 'hang';
    const client = flakyClient(discoveryOf('flaky', a.url), { timeoutMs: 100 });
    await expect(client.write(null)).rejects.toThrowCode(CommonErrors.TIMEOUT);
    expect(a.requests()).toBe(1);
    await expect(client.read(null)).rejects.toThrowCode(CommonErrors.TIMEOUT);
    expect(a.requests()).toBe(1 + 3);
  });

  it('retries a failing idempotent operation, never a non-idempotent one', async () => {
    const a = await instance('a');
    a.state.mode = 'fail';
    const client = flakyClient(discoveryOf('flaky', a.url), { retries: 3 });
    await expect(client.read(null)).rejects.toThrowCode(CommonErrors.UNAVAILABLE);
    expect(a.requests()).toBe(4);
    await expect(client.write(null)).rejects.toThrowCode(CommonErrors.UNAVAILABLE);
    expect(a.requests()).toBe(5);
  });

  it('never retries a 4xx answer, and returns its code and details', async () => {
    const a = await instance('a');
    a.state.mode = 'refuse-input';
    const client = flakyClient(discoveryOf('flaky', a.url), { retries: 3 });
    const error = await client.read(null).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: CommonErrors.VALIDATION, details: { field: 'x' }, status: 400 });
    expect(a.requests()).toBe(1);
  });

  it('goes round-robin over the instances', async () => {
    const [a, b] = [await instance('a'), await instance('b')];
    const client = flakyClient(discoveryOf('flaky', a.url, b.url));
    const answers = [];
    for (let i = 0; i < 6; i += 1) answers.push(await client.write(null));
    expect(answers.sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
  });

  it('sends every call, idempotent or not, to the live instance when the other refuses connections', async () => {
    const b = await instance('b');
    const client = flakyClient(discoveryOf('flaky', await refusedUrl(), b.url), { retries: 0 });
    for (let i = 0; i < 4; i += 1) expect(await client.write(null)).toBe('b');
    expect(await client.read(null)).toBe('b');
    expect(b.requests()).toBe(5);
  });

  it('retries a non-idempotent call whose connection was refused: nothing was sent', async () => {
    const [dead, live] = [await refusedUrl(), await instance('live')];
    let lookups = 0;
    const moving: Discovery = { instances: async () => (lookups++ === 0 ? [dead] : [live.url]) };
    expect(await flakyClient(moving, { retries: 1 }).write(null)).toBe('live');
    expect(lookups).toBe(2);
  });

  it('skips a refused instance at once, in every client sharing the health, idempotent or not', async () => {
    const [dead, b] = [await refusedUrl(), await instance('b')];
    const attempts: unknown[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => void attempts.push(JSON.parse(line)) });
    const health = new InstanceHealth({ probeEveryMs: 0 });
    const clients = [0, 1].map(() =>
      flakyClient(discoveryOf('flaky', dead, b.url), { retries: 0, health, log }),
    );
    for (let i = 0; i < 4; i += 1) {
      for (const client of clients) {
        expect(await client.write(null)).toBe('b');
        expect(await client.read(null)).toBe('b');
      }
    }
    // One refused attempt marked it down; neither client tried it again, though its breaker is still closed.
    const failed = attempts.filter((line) => (line as { msg?: string }).msg === 'rpc failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ url: dead, kind: 'not-sent' });
    expect(b.requests()).toBe(16);
  });

  it('never repeats a write whose connection broke after sending, and skips that instance from then on', async () => {
    const dropping = await droppingNode();
    try {
      const b = await instance('b');
      const health = new InstanceHealth({ probeEveryMs: 0 });
      const client = flakyClient(discoveryOf('flaky', dropping.url, b.url), { retries: 2, health });
      await expect(client.write(null)).rejects.toThrowCode(CommonErrors.UNAVAILABLE);
      expect([dropping.received(), b.requests()]).toEqual([1, 0]);
      for (let i = 0; i < 4; i += 1) expect(await client.write(null)).toBe('b');
      expect(dropping.received()).toBe(1);
    } finally {
      await dropping.close();
    }
  });

  it('fails with COMMON.SERVICE_UNAVAILABLE when no instance is known', async () => {
    await expect(flakyClient(discoveryOf('flaky')).read(null)).rejects.toThrowCode(CommonErrors.UNAVAILABLE);
  });

  it('opens the breaker of a failing instance, sends nothing while open, then probes once and closes', async () => {
    const a = await instance('a');
    a.state.mode = 'fail';
    const client = flakyClient(discoveryOf('flaky', a.url), {
      retries: 0,
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 150 },
    });
    await expect(client.write(null)).rejects.toThrowCode(CommonErrors.UNAVAILABLE);
    await expect(client.write(null)).rejects.toThrowCode(CommonErrors.UNAVAILABLE);
    expect(a.requests()).toBe(2);

    // Open: calls fail fast and no request reaches the instance, idempotent or not.
    for (let i = 0; i < 5; i += 1) await expect(client.read(null)).rejects.toThrow(/circuit open/);
    expect(a.requests()).toBe(2);

    a.state.mode = 'ok';
    const deadline = Date.now() + 3000;
    let answer: string | undefined;
    while (answer === undefined && Date.now() < deadline) {
      answer = await client.write(null).catch(() => undefined);
      if (answer === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(answer).toBe('a');
    expect(a.requests()).toBe(3);
    expect(await client.write(null)).toBe('a');
    expect(a.requests()).toBe(4);
  });

  it('skips an instance whose breaker is open and serves from the others', async () => {
    const [a, b] = [await instance('a'), await instance('b')];
    a.state.mode = 'fail';
    const client = flakyClient(discoveryOf('flaky', a.url, b.url), {
      retries: 0,
      breaker: { consecutiveFailures: 1, halfOpenAfterMs: 60_000 },
    });
    for (let i = 0; i < 6; i += 1) await client.read(null);
    expect(a.requests()).toBe(1);
    expect(b.requests()).toBe(6);
  });
});
