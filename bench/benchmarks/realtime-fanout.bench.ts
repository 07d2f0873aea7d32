import { Client, type IStompSocket } from '@stomp/stompjs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { Benchmark, BenchLine } from '../lib/bench-types.js';
import { startChildServer } from '../lib/child-server.js';

const SERVER = fileURLToPath(new URL('../fixtures/realtime-server.ts', import.meta.url));
const SUBSCRIBERS = Number(process.env.BENCH_REALTIME_SUBSCRIBERS ?? 1000);
const SPREAD_ORDERS = 200;
const PER_ORDER = Math.max(1, Math.round(SUBSCRIBERS / SPREAD_ORDERS));
const ROUNDS = Number(process.env.BENCH_REALTIME_ROUNDS ?? 20);
const WARMUP = 3;
const ECHOES = 500;

interface Ready {
  url: string;
  echoUrl: string;
  token: string;
  orderIds: string[];
}

const now = () => performance.timeOrigin + performance.now();

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`realtime-fanout: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** One @stomp/stompjs subscriber; every delivery adds its publish → receive latency to `latencies`. */
async function subscriber(ready: Ready, orderId: string, latencies: number[]): Promise<Client> {
  const client = new Client({
    webSocketFactory: () => new WebSocket(`${ready.url.replace('http', 'ws')}/ws`) as unknown as IStompSocket,
    connectHeaders: { Authorization: `Bearer ${ready.token}` },
    reconnectDelay: 0,
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    debug: () => undefined,
  });
  await new Promise<void>((resolve, reject) => {
    client.onConnect = () => {
      client.watchForReceipt(`sub-${orderId}`, () => resolve());
      client.subscribe(
        `/topic/orders/${orderId}`,
        (message) => {
          const at = now();
          const body = JSON.parse(message.body) as { data: { benchPublishedAt: number } };
          latencies.push(at - body.data.benchPublishedAt);
        },
        { receipt: `sub-${orderId}` },
      );
    };
    client.onStompError = (frame) => reject(new Error(`STOMP ERROR ${frame.body}`));
    client.onWebSocketError = () => reject(new Error('WebSocket error'));
    client.activate();
  });
  return client;
}

async function connectAll(ready: Ready, orderIds: string[], latencies: number[]): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < orderIds.length; i += 50) {
    clients.push(
      ...(await Promise.all(orderIds.slice(i, i + 50).map((id) => subscriber(ready, id, latencies)))),
    );
  }
  return clients;
}

async function publish(ready: Ready, orderIds: string[], status: string): Promise<void> {
  const res = await fetch(`${ready.url}/bench/publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderIds, status }),
  });
  if (res.status !== 204) throw new Error(`bench publish answered ${res.status}`);
}

/** Round trips of a message the size of a status update's MESSAGE frame, one at a time. */
async function echoRoundTrips(echoUrl: string): Promise<number[]> {
  const ws = new WebSocket(echoUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const payload = 'x'.repeat(600);
  const samples: number[] = [];
  for (let i = 0; i < ECHOES; i++) {
    const started = now();
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(payload);
    });
    samples.push(now() - started);
  }
  ws.close();
  return samples;
}

const statusOf = (round: number) => (round % 2 === 0 ? 'READY' : 'PREPARING');

/**
 * WARMUP rounds (not counted: the JIT and the sockets' buffers settle), then ROUNDS rounds; each round
 * publishes and waits for all its deliveries before the next.
 */
async function rounds(latencies: number[], perRound: number, fire: (round: number) => Promise<void>) {
  for (let round = -WARMUP; round < ROUNDS; round++) {
    if (round === 0) latencies.length = 0;
    const target = round < 0 ? perRound * (round + WARMUP + 1) : perRound * (round + 1);
    await fire(round);
    await until(() => latencies.length >= target, `round ${round}: ${target} deliveries`);
  }
}

function lines(label: string, latencies: number[], echo: number[], notes: string): BenchLine[] {
  return ([50, 99] as const).map((p) => ({
    label: `${label}: publish → delivery p${p}`,
    figure: percentile(latencies, p),
    ceiling: percentile(echo, p),
    unit: 'ms',
    ceilingLabel: `bare WebSocket echo round trip p${p}`,
    lowerIsBetter: true,
    notes,
  }));
}

export const realtimeFanoutBenchmark: Benchmark = {
  name: 'realtime-fanout',
  description:
    'status change published on the bus → STOMP MESSAGE at each subscriber (server in its own process), ' +
    'vs a bare WebSocket echo round trip',
  async run() {
    const server = await startChildServer<Ready>(SERVER, {
      BENCH_REALTIME_ORDERS: String(SPREAD_ORDERS + 1),
    });
    try {
      const ready = server.ready;
      const echo = await echoRoundTrips(ready.echoUrl);
      const hot = ready.orderIds[0] as string;

      const oneTopic: number[] = [];
      let clients = await connectAll(ready, Array<string>(SUBSCRIBERS).fill(hot), oneTopic);
      await rounds(oneTopic, SUBSCRIBERS, (round) => publish(ready, [hot], statusOf(round)));
      await Promise.all(clients.map((c) => c.deactivate()));

      const spread = ready.orderIds.slice(1, SPREAD_ORDERS + 1);
      const manyTopics: number[] = [];
      clients = await connectAll(
        ready,
        spread.flatMap((id) => Array<string>(PER_ORDER).fill(id)),
        manyTopics,
      );
      const perRound = spread.length * PER_ORDER;
      await rounds(manyTopics, perRound, (round) => publish(ready, spread, statusOf(round)));
      await Promise.all(clients.map((c) => c.deactivate()));

      return [
        ...lines(
          `one order, ${SUBSCRIBERS} subscribers`,
          oneTopic,
          echo,
          `${ROUNDS} changes × ${SUBSCRIBERS} deliveries`,
        ),
        ...lines(
          `${spread.length} orders × ${PER_ORDER} subscribers`,
          manyTopics,
          echo,
          `${ROUNDS} bursts of ${spread.length} changes, ${perRound} deliveries each`,
        ),
      ];
    } finally {
      await server.stop();
    }
  },
};
