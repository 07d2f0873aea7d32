// Scaling out a consumer on NATS: a backlog of emails, each waiting on an SMTP server that answers after
// 20 ms, drained by one instance and then by two (each its own process, on a fresh durable over the same
// stream). The figure is how much faster two drain it than one.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { createNatsBus } from '../../src/platform/messaging/index.js';
import { systemClock } from '../../src/platform/time/clock.js';
import { uuidV7Ids } from '../../src/platform/time/ids.js';
import { createEvent } from '../../src/platform/messaging/index.js';
import { removeNatsStream } from '../lib/nats-cleanup.js';
import type { Benchmark } from '../lib/bench-types.js';

const EVENTS = Number(process.env.BENCH_SCALING_EVENTS ?? 10_000);
const SMTP_DELAY_MS = 20;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NATS_URL = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
const WORKER = fileURLToPath(new URL('../fixtures/mail-consumer-worker.ts', import.meta.url));

async function startSmtp(): Promise<{ url: string; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => setTimeout(() => callback(), SMTP_DELAY_MS));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Worker {
  child: ChildProcess;
  go(): void;
  stop(): Promise<void>;
}

async function startWorker(env: Record<string, string>): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    lines.on('line', (line) => {
      if (line.includes('ready')) resolve();
    });
  });
  return {
    child,
    go: () => child.stdin?.write('go\n'),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Seconds for `instances` fresh instances of a new durable to apply every event of the backlog. */
async function drain(instances: number, common: Record<string, string>, db: pg.Client): Promise<number> {
  const durable = `scaling_${instances}_${randomBytes(3).toString('hex')}`;
  const env = { ...common, BENCH_DURABLE: durable };
  const workers = await Promise.all(Array.from({ length: instances }, () => startWorker(env)));
  const started = performance.now();
  for (const worker of workers) worker.go();
  for (;;) {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${common.BENCH_SCHEMA}.inbox WHERE consumer = $1`,
      [durable],
    );
    if (Number(rows[0]?.n) >= EVENTS) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(workers.map((w) => w.stop()));
  return seconds;
}

export const consumerScalingBenchmark: Benchmark = {
  name: 'consumer-scaling',
  description: `a backlog of ${EVENTS} emails (SMTP answering after ${SMTP_DELAY_MS} ms) drained by two instances vs one, PostgreSQL + NATS`,
  async run() {
    const run = randomBytes(4).toString('hex');
    const stream = `BENCH_SCALING_${run}`.toUpperCase();
    const schema = `bench_scaling_${run}`;
    const smtp = await startSmtp();
    const db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    const bus = await createNatsBus({
      url: NATS_URL,
      streamName: stream,
      subjectPrefix: stream.toLowerCase(),
    });
    try {
      // The backlog: one event per order, spread over the partitions by subject.
      for (let i = 0; i < EVENTS; i += 500) {
        await Promise.all(
          Array.from({ length: Math.min(500, EVENTS - i) }, (_, j) =>
            bus.publish(
              createEvent(
                { clock: systemClock, ids: uuidV7Ids },
                { type: 'MailRequested', source: 'bench', subject: `order-${i + j}`, data: {} },
              ),
            ),
          ),
        );
      }
      const common = {
        BENCH_DATABASE_URL: DATABASE_URL,
        BENCH_NATS_URL: NATS_URL,
        BENCH_STREAM: stream,
        BENCH_SCHEMA: schema,
        BENCH_SMTP_URL: smtp.url,
      };
      const one = await drain(1, common, db);
      const two = await drain(2, common, db);
      const rate = (seconds: number) => EVENTS / seconds;
      return [
        {
          label: 'two instances drain the backlog',
          figure: rate(two),
          ceiling: rate(one),
          unit: 'events/s',
          ceilingLabel: 'one instance',
          target: 1.7,
          notes: `one: ${one.toFixed(1)} s, two: ${two.toFixed(1)} s`,
        },
      ];
    } finally {
      await bus.close();
      await removeNatsStream(NATS_URL, stream);
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await db
        .query(`DELETE FROM public.schema_migrations WHERE service LIKE $1`, [`${schema}%`])
        .catch(() => undefined);
      await db.end();
      await smtp.close();
    }
  },
};
