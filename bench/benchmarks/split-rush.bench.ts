// A rush through the split deployment: 1, 2 and 3 `serve` nodes (each hosting every service) on one
// PostgreSQL, NATS JetStream and Redis, behind a `sattzabite gateway`. Orders arrive at a fixed rate (open
// loop, 30/s by default); for every third one the customer follows it over SSE and STOMP while the kitchen
// moves it to PREPARING. Printed per node count: orders/s against the offered rate, the p99 of placing an
// order, each consumer's lag p99 (inbox commit minus the producer's outbox commit), and how long the status
// change took to reach the SSE and STOMP clients.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client, type IStompSocket } from '@stomp/stompjs';
import pg from 'pg';
import WebSocket from 'ws';
import { DEMO_PASSWORD, DEMO_RESTAURANT_ID } from '../../src/main/demo-accounts.js';
import { SERVICE_NAMES } from '../../src/main/service-registry.js';
import { removeNatsStream } from '../lib/nats-cleanup.js';
import type { Benchmark, BenchLine } from '../lib/bench-types.js';

const RATE = Number(process.env.BENCH_RUSH_RATE ?? 30);
const SECONDS = Number(process.env.BENCH_RUSH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_RUSH_WARMUP ?? 15);
// Sign-in allows 10 a minute per address: the demo customer, staff and these, signed in once per run.
const CUSTOMERS = 6;
const NODE_COUNTS = (process.env.BENCH_RUSH_NODES ?? '1,2,3').split(',').map(Number);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NATS_URL = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BIN = fileURLToPath(new URL('../../bin/sattzabite.js', import.meta.url));
// BENCH_RUSH_PROFILE=dir: each node and the gateway write a CPU profile there when they stop.
const profiling =
  process.env.BENCH_RUSH_PROFILE === undefined
    ? []
    : ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_RUSH_PROFILE}`];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Proc {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs the CLI and resolves once its output matches `ready` (or rejects when it exits first). */
function cli(
  args: string[],
  env: Record<string, string>,
  ready?: RegExp,
  nodeArgs: string[] = [],
): Promise<Proc> {
  const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], {
    // info: the ready line ("node started") is an info line.
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      // Only the tail is kept: a node logs every request.
      text = (text + chunk.toString()).slice(-20_000);
      if (ready !== undefined && ready.test(text)) resolve({ child, stop });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      if (ready === undefined && code === 0) resolve({ child, stop });
      else reject(new Error(`sattzabite ${args.join(' ')} exited with ${code}:\n${text.slice(-2000)}`));
    });
  });
}

/** Rejects after `ms` unless `work` settles first (a lost receipt must not hold the benchmark). */
function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Where a long run is, on stderr (the results go to stdout). */
function progress(what: string): void {
  process.stderr.write(`  … ${what}\n`);
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function json<T>(base: string, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as T };
}

async function login(base: string, email: string): Promise<string> {
  const answer = await json<{ accessToken: string }>(base, 'POST', '/auth/login', undefined, {
    email,
    password: DEMO_PASSWORD,
  });
  if (answer.status !== 200) throw new Error(`login ${email}: ${answer.status}`);
  return answer.body.accessToken;
}

/** Resolves when an SSE stream of `path` shows `needle`; the stream is then closed. */
async function sseWaitFor(url: string, token: string, needle: string, opened: () => void): Promise<number> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  opened();
  const reader = response.body?.getReader();
  let text = '';
  // A change that never arrives ends the wait (counted as missing) rather than the benchmark.
  const timer = setTimeout(() => controller.abort(), 30_000);
  try {
    for (;;) {
      const chunk = await reader?.read();
      if (chunk === undefined || chunk.done) throw new Error('SSE stream ended');
      text += new TextDecoder().decode(chunk.value);
      if (text.includes(needle)) return performance.now();
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

interface RushResult {
  placed: number;
  failed: Map<number, number>;
  placeMs: number[];
  sseMs: number[];
  stompMs: number[];
  /** Follows skipped because the STOMP connection was down (it reconnects). */
  stompDrops: number;
  /** Status changes whose SSE event did not come within 30 s. */
  sseMissing: number;
  lags: Array<{ consumer: string; events: number; p99Ms: number }>;
}

/** Per consumer, lag p99 of the events the run produced: inbox commit minus the producer's outbox write. */
async function consumerLags(db: pg.Client, since: Date): Promise<RushResult['lags']> {
  const { rows: tables } = await db.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_name IN ('outbox', 'inbox') AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const of = (name: string) => tables.filter((t) => t.name === name).map((t) => t.schema);
  const outboxes = of('outbox')
    .map((s) => `SELECT event_id, created_at FROM ${s}.outbox WHERE created_at >= $1`)
    .join(' UNION ALL ');
  const inboxes = of('inbox')
    .map((s) => `SELECT consumer, event_id, processed_at FROM ${s}.inbox WHERE processed_at >= $1`)
    .join(' UNION ALL ');
  const { rows } = await db.query<{ consumer: string; events: string; p99: number }>(
    `SELECT i.consumer, count(*) AS events,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM i.processed_at - o.created_at)) AS p99
       FROM (${inboxes}) i JOIN (${outboxes}) o USING (event_id)
      GROUP BY i.consumer ORDER BY p99 DESC`,
    [since],
  );
  return rows.map((r) => ({ consumer: r.consumer, events: Number(r.events), p99Ms: Number(r.p99) * 1000 }));
}

/** Waits until every durable of the stream has nothing pending (bounded). */
async function drained(stream: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      let pending = 0;
      for await (const info of jsm.consumers.list(stream)) {
        if (info.config.durable_name !== undefined) pending += info.num_pending + info.num_ack_pending;
      }
      if (pending === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await nc.close();
  }
}

/** Customers of the run's own (signed up through the gateway), so that orders do not all share one history. */
async function customers(gateway: string, run: string): Promise<string[]> {
  return Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, i) => {
      const email = `rush-${run}-${i}@bench.sattzabite.test`;
      const signedUp = await json(gateway, 'POST', '/auth/register', undefined, {
        email,
        password: DEMO_PASSWORD,
        name: `Rush customer ${i}`,
      });
      if (signedUp.status >= 400 && signedUp.status !== 409) throw new Error(`sign-up: ${signedUp.status}`);
      return login(gateway, email);
    }),
  );
}

interface Tokens {
  customer: string;
  staff: string;
  buyers: string[];
}

let signedIn: Promise<Tokens> | undefined;

/** Tokens for the whole run (they outlive the nodes: the signing keys are in the database). */
function tokens(gateway: string, run: string): Promise<Tokens> {
  signedIn ??= (async () => ({
    customer: await login(gateway, 'customer@demo.sattzabite.test'),
    staff: await login(gateway, 'staff@demo.sattzabite.test'),
    buyers: await customers(gateway, run),
  }))();
  return signedIn;
}

async function rush(gateway: string, db: pg.Client, stream: string, run: string): Promise<RushResult> {
  const { customer, staff, buyers } = await tokens(gateway, run);
  const menu = await json<{ items: Array<{ id: string; available: boolean }> }>(
    gateway,
    'GET',
    `/api/menu/restaurants/${DEMO_RESTAURANT_ID}`,
  );
  const items = menu.body.items.filter((item) => item.available).slice(0, 5);
  const addresses = await json<Array<{ id: string }> | { content: Array<{ id: string }> }>(
    gateway,
    'GET',
    '/api/users/me/addresses',
    customer,
  );
  const addressList = Array.isArray(addresses.body) ? addresses.body : addresses.body.content;
  const addressId = addressList[0]?.id;

  const stomp = new Client({
    webSocketFactory: () => new WebSocket(`${gateway.replace('http', 'ws')}/ws`) as unknown as IStompSocket,
    connectHeaders: { Authorization: `Bearer ${customer}` },
    reconnectDelay: 200,
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    debug: () => undefined,
  });
  await new Promise<void>((resolve, reject) => {
    stomp.onConnect = () => resolve();
    stomp.onStompError = (frame) => reject(new Error(frame.body));
    stomp.activate();
  });

  const result: RushResult = {
    placed: 0,
    failed: new Map(),
    placeMs: [],
    sseMs: [],
    stompMs: [],
    stompDrops: 0,
    sseMissing: 0,
    lags: [],
  };
  // Set when the measured part begins; lags count only the events produced from then on.
  let since = new Date();
  const follows: Array<Promise<void>> = [];
  let receipts = 0;

  const follow = async (orderId: string) => {
    let stompAt: number | undefined;
    const receipt = `r${(receipts += 1)}`;
    if (!stomp.connected) {
      result.stompDrops += 1;
      return;
    }
    const subscribed = new Promise<void>((resolve) => stomp.watchForReceipt(receipt, () => resolve()));
    const subscription = stomp.subscribe(
      `/topic/orders/${orderId}`,
      (message) => {
        if (message.body.includes('"PREPARING"')) stompAt ??= performance.now();
      },
      { receipt },
    );
    let sseOpened!: () => void;
    const sseReady = new Promise<void>((resolve) => (sseOpened = resolve));
    const sse = sseWaitFor(`${gateway}/api/orders/${orderId}/stream`, customer, '"PREPARING"', sseOpened);
    sse.catch(() => undefined); // awaited below; a failure before that must not go unhandled
    await Promise.all([subscribed, sseReady]);
    const movedAt = performance.now();
    const moved = await json(gateway, 'PUT', `/api/orders/${orderId}/status`, staff, { status: 'PREPARING' });
    if (moved.status !== 200) throw new Error(`PREPARING answered ${moved.status}`);
    const sseAt = await sse.catch(() => undefined);
    if (sseAt === undefined) result.sseMissing += 1;
    const deadline = Date.now() + 30_000;
    while (stompAt === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    subscription.unsubscribe();
    if (sseAt !== undefined) result.sseMs.push(sseAt - movedAt);
    if (stompAt !== undefined) result.stompMs.push(stompAt - movedAt);
  };

  const place = async (n: number, measured: boolean) => {
    const item = items[n % items.length];
    const started = performance.now();
    // Every third order is the demo customer's, who follows it live (delivered to their address); the
    // others are pickups by the run's own customers.
    const followed = n % 3 === 0;
    const body = {
      restaurantId: DEMO_RESTAURANT_ID,
      items: [{ menuItemId: item?.id, quantity: 1 }],
      ...(followed && addressId !== undefined
        ? { fulfillment: 'DELIVERY', addressId }
        : { fulfillment: 'PICKUP' }),
      payment: { method: 'CARD', token: 'tok_visa' },
    };
    const token = followed ? customer : (buyers[n % buyers.length] as string);
    const answer = await json<{ orderId: string; status: string }>(
      gateway,
      'POST',
      '/api/orders',
      token,
      body,
    ).catch(() => ({ status: 0, body: { orderId: '', status: '' } }));
    if (!measured) return;
    result.placeMs.push(performance.now() - started);
    if (answer.status !== 201) {
      result.failed.set(answer.status, (result.failed.get(answer.status) ?? 0) + 1);
      return;
    }
    result.placed += 1;
    if (followed) follows.push(bounded(follow(answer.body.orderId), 45_000).catch(() => undefined));
  };

  // The warm-up runs at the same rate, unmeasured: nodes started together first hand partitions over to
  // each other (up to ack_wait plus a pull's expiry), which a steady rush no longer sees.
  const warm = RATE * WARMUP_SECONDS;
  const total = warm + RATE * SECONDS;
  const started = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let n = 0; n < total; n += 1) {
    const due = started + (n * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (n === warm) {
      since = new Date();
      progress('warmed up; measuring');
    }
    inFlight.push(place(n, n >= warm));
  }
  await Promise.all(inFlight);
  progress('placed; following');
  await Promise.all(follows);
  await stomp.deactivate();
  progress('draining');
  await drained(stream);
  result.lags = await consumerLags(db, since);
  return result;
}

export const splitRushBenchmark: Benchmark = {
  name: 'split-rush',
  description: `${RATE} orders/s for ${SECONDS} s (after ${WARMUP_SECONDS} s unmeasured) through the gateway of ${NODE_COUNTS.join(', ')} node(s) on PostgreSQL + NATS + Redis`,
  async run() {
    const run = randomBytes(4).toString('hex');
    const database = `bench_rush_${run}`;
    const stream = `BENCH_RUSH_${run}`.toUpperCase();
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(SERVER_URL);
    url.pathname = `/${database}`;
    const db = new pg.Client({ connectionString: url.toString() });
    const env = {
      DATABASE_URL: url.toString(),
      NATS_URL,
      REDIS_URL,
      REDIS_KEY_PREFIX: `bench-rush-${run}`,
      NATS_STREAM: stream,
      NATS_SUBJECT_PREFIX: stream.toLowerCase(),
      INTERNAL_TOKEN: `bench-rush-internal-token-${run}`,
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...(process.env.BENCH_RUSH_POOL === undefined
        ? {}
        : { DATABASE_POOL_SIZE: process.env.BENCH_RUSH_POOL }),
    };
    const lines: BenchLine[] = [];
    try {
      progress('seeding');
      await cli(['seed', '--restaurants', '3'], env);
      await db.connect();
      for (const count of NODE_COUNTS) {
        const urls = await Promise.all(
          Array.from({ length: count }, async () => `http://127.0.0.1:${await freePort()}`),
        );
        const nodes = await Promise.all(
          urls.map((nodeUrl) =>
            cli(
              ['serve', SERVICE_NAMES.join(',')],
              {
                ...env,
                PORT: new URL(nodeUrl).port,
                INSTANCE_URL: nodeUrl,
              },
              /node started/,
              profiling,
            ),
          ),
        );
        progress(`${count} node(s) started`);
        const gatewayUrl = `http://127.0.0.1:${await freePort()}`;
        const serviceUrls = SERVICE_NAMES.flatMap((name) => urls.map((u) => `${name}=${u}`)).join(',');
        const gateway = await cli(
          ['gateway'],
          { ...env, PORT: new URL(gatewayUrl).port, SERVICE_URLS: serviceUrls },
          /gateway started/,
          profiling,
        );
        try {
          progress('rush');
          const r = await rush(gatewayUrl, db, stream, run);
          const worst = r.lags[0];
          const failures = [...r.failed].map(([status, n]) => `${n}×${status}`).join(' ');
          lines.push(
            {
              label: `${count} node(s): orders placed`,
              figure: r.placed / SECONDS,
              ceiling: RATE,
              unit: 'orders/s',
              ceilingLabel: 'offered',
              target: 0.95,
              notes: `p99 ${percentile(r.placeMs, 99).toFixed(0)} ms${failures === '' ? '' : `, failed ${failures}`}`,
            },
            {
              label: `${count} node(s): worst consumer lag p99`,
              figure: worst?.p99Ms ?? Number.NaN,
              ceiling: 1000,
              unit: 'ms',
              ceilingLabel: 'target',
              lowerIsBetter: true,
              target: 1,
              notes: r.lags
                .slice(0, 4)
                .map((l) => `${l.consumer} ${l.p99Ms.toFixed(0)} ms (${l.events})`)
                .join(', '),
            },
            {
              label: `${count} node(s): status change to SSE, p99`,
              figure: percentile(r.sseMs, 99),
              ceiling: 500,
              unit: 'ms',
              ceilingLabel: 'target',
              lowerIsBetter: true,
              target: 1,
              notes: `${r.sseMs.length} changes, p50 ${percentile(r.sseMs, 50).toFixed(0)} ms${r.sseMissing > 0 ? `, ${r.sseMissing} never came` : ''}`,
            },
            {
              label: `${count} node(s): status change to STOMP, p99`,
              figure: percentile(r.stompMs, 99),
              ceiling: 500,
              unit: 'ms',
              ceilingLabel: 'target',
              lowerIsBetter: true,
              target: 1,
              notes: `${r.stompMs.length} changes, p50 ${percentile(r.stompMs, 50).toFixed(0)} ms${r.stompDrops > 0 ? `, ${r.stompDrops} skipped while reconnecting` : ''}`,
            },
          );
        } finally {
          await gateway.stop();
          await Promise.all(nodes.map((node) => node.stop()));
        }
      }
      return lines;
    } finally {
      await db.end().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
      await removeNatsStream(NATS_URL, stream);
    }
  },
};
