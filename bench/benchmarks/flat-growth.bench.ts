// Flat growth (issue #12): an order must not cost more because earlier orders exist. Orders placed per
// second through HTTP on an empty store, then again on the same PostgreSQL database once it holds a
// history of 100,000 orders spread over the demo city's restaurants (most completed, some still live),
// written directly (bench/fixtures/order-history-seed.ts) and vacuumed and analysed. The ceiling is the
// empty store's own throughput.
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Benchmark, BenchLine } from '../lib/bench-types.js';
import { startChildServer } from '../lib/child-server.js';
import { cardOrderBody } from '../lib/card-order.js';
import { httpLoad, type LoadResult } from '../lib/http-load.js';
import { seedOrderHistory } from '../fixtures/order-history-seed.js';
import { cpuPerOrder, sampleCpu } from '../fixtures/process-cpu.js';
import {
  blocksTouched,
  hottest,
  readsPerOrder,
  settled,
  tableReads,
  type TableReads,
} from '../fixtures/table-reads.js';

const SERVER = fileURLToPath(new URL('../fixtures/flat-growth-server.ts', import.meta.url));
const SECONDS = Number(process.env.BENCH_FLAT_SECONDS ?? 12);
const WINDOWS = 3;
const WARMUP_SECONDS = 4;
const HISTORY = Number(process.env.BENCH_FLAT_ORDERS ?? 100_000);
const CONNECTIONS = 50;

interface Ready {
  url: string;
  pid: number;
  databaseUrl: string;
  tokens: string[];
  restaurantId: string;
  menuItemIds: string[];
}

function progress(what: string): void {
  process.stderr.write(`  … ${what}\n`);
}

export const flatGrowthBenchmark: Benchmark = {
  name: 'flat-growth',
  description: `orders placed per second on PostgreSQL after ${HISTORY.toLocaleString('en-US')} stored orders, vs on an empty store`,
  async run(): Promise<BenchLine[]> {
    const server = await startChildServer<Ready>(SERVER, {});
    const db = new pg.Client({ connectionString: server.ready.databaseUrl });
    await db.connect();
    try {
      const place = placing(server.ready);
      await place(WARMUP_SECONDS);
      await storeAtRest(db);
      const empty = await measure(db, server.ready.pid, place);
      progress(`empty store: ${rates(empty)} orders/s; writing the history`);

      const history = await seedOrderHistory(server.ready.databaseUrl, {
        orders: HISTORY,
        liveShare: 0.02,
        extraCustomers: 5_000,
        couriers: 200,
        days: 60,
      });
      const vacuumSeconds = await storeAtRest(db);
      progress(
        `history written in ${history.seconds.toFixed(1)} s; vacuumed and flushed in ${vacuumSeconds.toFixed(1)} s`,
      );

      const full = await measure(db, server.ready.pid, place);
      const { byOutcome } = history;
      return [
        {
          label: `after ${HISTORY.toLocaleString('en-US')} orders / empty store`,
          figure: full.best.requestsPerSecond,
          ceiling: empty.best.requestsPerSecond,
          unit: 'orders/s',
          ceilingLabel: `orders placed per second on an empty store, best of ${WINDOWS} windows`,
          target: 0.9,
          notes:
            `history: ${byOutcome.DELIVERED} delivered, ${byOutcome.PICKED_UP} picked up, ` +
            `${byOutcome.CANCELLED} cancelled, ${byOutcome.CONFIRMED + byOutcome.PREPARING} live, ` +
            `${history.events} events, written in ${history.seconds.toFixed(1)} s (+${vacuumSeconds.toFixed(1)} s vacuum, checkpoint); ` +
            `per order, empty → after: CPU of the platform ${empty.cpu.server.toFixed(1)} → ` +
            `${full.cpu.server.toFixed(1)} ms and of PostgreSQL ${empty.cpu.database.toFixed(1)} → ` +
            `${full.cpu.database.toFixed(1)} ms, buffers ${empty.blocks.toFixed(0)} → ${full.blocks.toFixed(0)}; ` +
            `windows ${rates(empty)} → ${rates(full)} orders/s; p99 ${empty.best.p99Ms} → ${full.best.p99Ms} ms; ` +
            `rows read per order (idx_tup_fetch + ` +
            `seq_tup_read), empty → after: ${hottest(empty.reads, full.reads, 6)}`,
        },
      ];
    } finally {
      await db.end();
      await server.stop();
    }
  },
};

const rates = (measured: Measured) => measured.windows.map((rate) => rate.toFixed(0)).join('/');

/**
 * Before each measurement: statistics for the planner, dead rows gone, and what was written flushed to
 * disk, so that neither run pays for the other's writes (the server has no autovacuum here, and a
 * checkpoint of the history would otherwise run during the second load). Resolves to the seconds it took.
 */
async function storeAtRest(db: pg.Client): Promise<number> {
  const started = performance.now();
  await settled(db);
  await db.query('VACUUM ANALYZE');
  await db.query('CHECKPOINT');
  return (performance.now() - started) / 1000;
}

interface Measured {
  /** The window with the most orders per second. */
  best: LoadResult;
  /** Orders per second of each window. */
  windows: number[];
  reads: TableReads;
  /** Buffers asked of the database's tables and indexes, per order. */
  blocks: number;
  /** CPU ms per order of the platform's process and of its database backends. */
  cpu: { server: number; database: number };
}

/**
 * One measurement: WINDOWS loads of SECONDS / WINDOWS each, the best of which is the figure (the machine is
 * shared: a window another process took the CPU from says nothing about the store), and what all their
 * orders cost until their events were handled.
 */
async function measure(
  db: pg.Client,
  serverPid: number,
  place: (seconds: number) => Promise<LoadResult>,
): Promise<Measured> {
  await settled(db);
  const reads = await tableReads(db);
  const blocks = await blocksTouched(db);
  const cpu = await sampleCpu(db, serverPid);
  const loads: LoadResult[] = [];
  for (let window = 0; window < WINDOWS; window++) loads.push(await place(SECONDS / WINDOWS));
  await settled(db);
  const orders = loads.reduce((sum, load) => sum + load.total, 0);
  const best = loads.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
  return {
    best,
    windows: loads.map((load) => load.requestsPerSecond),
    reads: readsPerOrder(reads, await tableReads(db), orders),
    blocks: ((await blocksTouched(db)) - blocks) / Math.max(1, orders),
    cpu: cpuPerOrder(cpu, await sampleCpu(db, serverPid), orders),
  };
}

/** 50 customers placing card orders at the demo restaurant, each request as the next customer. */
function placing(ready: Ready): (seconds: number) => Promise<LoadResult> {
  const { url, tokens, restaurantId, menuItemIds } = ready;
  let turn = 0;
  const order = cardOrderBody(restaurantId, menuItemIds);
  return async (seconds) => {
    const result = await httpLoad({
      url: `${url}/api/orders`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
      connections: CONNECTIONS,
      seconds,
      setupRequest: (request) => {
        turn += 1;
        return {
          ...request,
          headers: { ...request.headers, authorization: `Bearer ${tokens[turn % tokens.length]}` },
        };
      },
    });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors placing orders`);
    }
    return result;
  };
}
