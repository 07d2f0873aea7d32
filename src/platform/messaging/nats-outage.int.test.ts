import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../observability/logger.js';
import { createTestSql } from '../../../test/support/test-sql.js';
import { createConsumer } from './consumer-runner.js';
import type { EventBus } from './event-bus.js';
import { messagingSqlFixture } from './messaging-sql-fixture.js';
import { testEvent, uniqueName, waitUntil } from './messaging-test-kit.js';
import { createNatsBus } from './nats-event-bus.js';
import { createOutbox } from './outbox.js';
import { createOutboxRelay } from './outbox-relay.js';

const NATS_SERVER = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find(
  (p) => existsSync(p),
);
if (NATS_SERVER === undefined) {
  if (process.env.CI === 'true')
    throw new Error('nats-server binary not found (CI=true: a missing server fails)');
  console.warn('SKIPPED: nats-server binary not found for the NATS outage test');
}

const log = process.env.OUTAGE_DEBUG ? createLogger({ level: 'debug' }) : silentLogger();
const fixture = messagingSqlFixture(NATS_SERVER !== undefined, createTestSql);
afterAll(async () => (await fixture()).close());

describe.skipIf(NATS_SERVER === undefined)('fault: NATS unreachable for a while', () => {
  const storeDir = mkdtempSync(path.join(tmpdir(), 'sattzabite-nats-'));
  let server: ChildProcess | undefined;
  afterAll(async () => {
    await stopServer(server);
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('keeps events in the outbox while NATS is down and delivers every one once after it returns', async () => {
    const f = await fixture();
    const port = await freePort();
    const url = `nats://127.0.0.1:${port}`;
    server = await startServer(port, storeDir);

    const schema = await f.freshSchema();
    const streamName = uniqueName('OUTAGE').toUpperCase();
    const real = await createNatsBus({
      url,
      streamName,
      subjectPrefix: streamName.toLowerCase(),
      publishTimeoutMs: 500,
      reconnectTimeWaitMs: 100,
      // An ack lost with the server is redelivered after ack_wait: keep that short here.
      ackWaitMs: 1000,
      log,
    });
    let failedPublishes = 0;
    const bus: EventBus = {
      ...real,
      publish: (event) =>
        real.publish(event).catch((error: unknown) => {
          failedPublishes += 1;
          throw error;
        }),
    };
    const consumer = createConsumer({
      sql: f.sql,
      schema,
      bus,
      name: 'outage.counter',
      types: ['Counted'],
      maxAttempts: 5,
      backoff: () => 20,
      log,
      handle: async (event, tx) => {
        await tx.query(`INSERT INTO ${schema}.effects (event_id, consumer) VALUES ($1, 'c')`, [event.id]);
      },
    });
    await consumer.start();
    const outbox = createOutbox(schema);
    const relay = createOutboxRelay({ sql: f.sql, schema, bus, log, outbox, pollMs: 50, retryMs: 50 });
    relay.start();

    const add = async (n: number) => {
      const events = Array.from({ length: n }, (_, i) => testEvent('Counted', `s-${i % 2}`, { i }));
      await f.sql.transaction((tx) => outbox.add(tx, events));
      return events;
    };
    const before = await add(5);
    for (const e of before) await consumer.whenProcessed(e.id);

    await stopServer(server);
    server = undefined;
    const during = await add(5);
    await waitUntil(() => failedPublishes >= 2, 'the relay to fail against the stopped server');
    const waiting = await f.sql.query(`SELECT 1 FROM ${schema}.outbox WHERE published_at IS NULL`);
    expect(waiting.rows.length).toBeGreaterThan(0);

    server = await startServer(port, storeDir);
    for (const e of [...before, ...during]) await consumer.whenProcessed(e.id, { timeoutMs: 30_000 });
    await waitUntil(async () => {
      const left = await f.sql.query(`SELECT 1 FROM ${schema}.outbox WHERE published_at IS NULL`);
      return left.rows.length === 0;
    }, 'the outbox to drain');

    const effects = await f.sql.query<{ event_id: string }>(`SELECT event_id FROM ${schema}.effects`);
    expect(effects.rows).toHaveLength(10);
    expect(new Set(effects.rows.map((r) => r.event_id))).toEqual(
      new Set([...before, ...during].map((e) => e.id)),
    );

    await relay.stop();
    await consumer.stop();
    await real.close();
  }, 60_000);
});

async function startServer(port: number, storeDir: string): Promise<ChildProcess> {
  const child = spawn(
    NATS_SERVER as string,
    ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir],
    {
      stdio: 'ignore',
    },
  );
  await waitUntil(() => canConnect(port), `nats-server on port ${port}`, 10_000);
  return child;
}

async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
