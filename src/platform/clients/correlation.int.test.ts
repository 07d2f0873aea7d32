// One flow across a service call: a request's correlation id goes with the RPC it makes, and the callee's
// log lines (request logs and its service's own) and the events it writes carry it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import type { Sql } from '../db/index.js';
import { createStaticDiscovery } from '../discovery/index.js';
import { createHttpApp, type HttpApp } from '../http/index.js';
import { createEventSchemaRegistry, createInProcessBus } from '../messaging/index.js';
import { currentCorrelationScope } from '../observability/correlation-scope.js';
import { createLogger, silentLogger } from '../observability/logger.js';
import { createServiceMessaging } from '../runtime/service-messaging.js';
import { systemClock } from '../time/clock.js';
import { uuidV7Ids } from '../time/ids.js';
import { createHttpTransport } from './http-transport.js';
import { rpcRoutes } from './rpc-routes.js';
import { defineServiceContract } from './service-contract.js';

interface Seen {
  correlationId: string | undefined;
  event: { correlationId: string; causationId: string | null };
}
type ProbeOperations = { touch(input: null): Promise<Seen> };
const contract = defineServiceContract<ProbeOperations>('probe', { touch: { idempotent: true } });

describe('the correlation id across a service call', () => {
  const lines: string[] = [];
  let callee: HttpApp;
  let caller: HttpApp;
  let calleeUrl: string;

  beforeAll(async () => {
    const log = createLogger({
      level: 'info',
      destination: { write: (line: string) => void lines.push(line) },
    });
    // Only `event` is used: it builds an envelope and touches neither the database nor the bus.
    const messaging = createServiceMessaging({
      service: 'probe',
      sql: {} as Sql,
      bus: createInProcessBus({ log: silentLogger() }),
      registry: createEventSchemaRegistry(),
      clock: systemClock,
      ids: uuidV7Ids,
      log,
    });
    callee = await createHttpApp({ config: loadConfig({}), log });
    await callee.register(
      rpcRoutes(contract, {
        async touch() {
          log.info('probe touched');
          const event = messaging.event('ProbeTouched', 'p-1', {});
          return {
            correlationId: currentCorrelationScope()?.correlationId,
            event: { correlationId: event.correlationId, causationId: event.causationId },
          };
        },
      }),
    );
    calleeUrl = await callee.listen({ port: 0, host: '127.0.0.1' });

    const probe = createHttpTransport({
      contract,
      discovery: createStaticDiscovery(new Map([['probe', [calleeUrl]]])),
      timeoutMs: 2_000,
      retries: 0,
      breaker: { consecutiveFailures: 5, halfOpenAfterMs: 1_000 },
      log: silentLogger(),
    });
    caller = await createHttpApp({ config: loadConfig({}), log: silentLogger() });
    caller.post('/api/start', async () => probe.touch(null));
  });

  afterAll(async () => {
    await caller?.close();
    await callee?.close();
  });

  it("carries the caller's correlation id to the callee's scope, events and log lines", async () => {
    const answer = await caller.inject({
      method: 'POST',
      url: '/api/start',
      headers: { 'x-correlation-id': 'flow-42', 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(answer.statusCode).toBe(200);
    const seen = answer.json<Seen>();
    expect(seen.correlationId).toBe('flow-42');
    expect(seen.event.correlationId).toBe('flow-42');
    // Caused by the callee's request (its id), in the caller's flow.
    expect(seen.event.causationId).toEqual(expect.any(String));

    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const touched = lines.find((line) => line.includes('probe touched')) ?? '';
    expect(JSON.parse(touched)).toMatchObject({ correlationId: 'flow-42' });
    // Written once, not once by the scope and again by a request logger's bindings.
    expect(touched.match(/"correlationId"/g)).toHaveLength(1);
    const incoming = parsed.find((line) => line.msg === 'incoming request');
    expect(incoming).toMatchObject({ correlationId: 'flow-42' });
    // The request logger binds the id itself: the scope adds no second copy to its lines.
    for (const line of lines.filter((text) => text.includes('"requestId"'))) {
      expect(line.match(/"correlationId"/g)).toHaveLength(1);
    }
  });

  it('starts a flow of its own for a call made outside any request', async () => {
    const direct = createHttpTransport({
      contract,
      discovery: createStaticDiscovery(new Map([['probe', [calleeUrl]]])),
      timeoutMs: 2_000,
      retries: 0,
      breaker: { consecutiveFailures: 5, halfOpenAfterMs: 1_000 },
      log: silentLogger(),
    });
    const seen = await direct.touch(null);
    expect(seen.correlationId).toEqual(expect.any(String));
    expect(seen.correlationId).not.toBe('flow-42');
    expect(seen.event.correlationId).toBe(seen.correlationId);
  });
});
