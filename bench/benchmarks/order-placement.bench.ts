import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchLine } from '../lib/bench-types.js';
import { startChildServer } from '../lib/child-server.js';
import { cardOrderBody } from '../lib/card-order.js';
import { httpLoad } from '../lib/http-load.js';
import type { DbStats } from '../fixtures/db-stats-routes.js';

const SERVER = fileURLToPath(new URL('../fixtures/order-server.ts', import.meta.url));
interface Ready {
  url: string;
  tokens: string[];
  restaurantId: string;
  menuItemIds: string[];
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const STORES = ['PGlite', 'PostgreSQL'] as const;
type Store = (typeof STORES)[number];
/** The request path's probe: long enough for a few hundred orders, short enough to stay cheap. */
const PROBE_SECONDS = 3;
/** The budgets: the order, the payment, the confirmation; and what the consumers may add. */
const REQUEST_COMMITS = 3;
const CONSUMER_COMMITS = 4;

type Reading = DbStats & { readings: number; at: number };

/**
 * Reads the fixture's database counters. Each reading is a read-only commit of its own: the readings are
 * counted and left out of the commits between two of them (they take no transaction id).
 */
function dbStatsReader(url: string, store: Store) {
  let readings = 0;
  const read = async (): Promise<Reading> => {
    const response = await fetch(`${url}/bench/db-stats`);
    if (!response.ok) throw new Error(`db-stats answered ${response.status}`);
    const stats = (await response.json()) as DbStats;
    readings += 1;
    return { ...stats, readings, at: Date.now() };
  };
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    read,
    /** Transactions that wrote between two readings (from the transaction ids taken). */
    writesBetween: (from: Reading, to: Reading) => to.nextXid - from.nextXid,
    /** Every commit between two readings, reads included, the readings' own left out (PostgreSQL). */
    commitsBetween: (from: Reading, to: Reading) => to.commits - from.commits - (to.readings - from.readings),
    /**
     * Waits until nothing writes any more (consumers drained: no transaction id taken for two seconds),
     * then, on PostgreSQL, until every backend has reported its commits: one that reported less than a
     * second before going idle reports again only after 10 s (PGSTAT_IDLE_INTERVAL).
     */
    async settled() {
      let previous = await read();
      for (let quiet = 0, tries = 0; quiet < 2 && tries < 120; tries += 1) {
        await pause(1_000);
        const current = await read();
        quiet = current.nextXid - previous.nextXid <= 1 ? quiet + 1 : 0;
        previous = current;
      }
      if (store === 'PostgreSQL') await pause(11_000);
      return read();
    },
  };
}

/** Orders placed per second by 50 concurrent customers, against the authenticated one-row insert. */
async function measure(store: Store): Promise<BenchLine[]> {
  const server = await startChildServer<Ready>(SERVER, {
    BENCH_POSTGRES: store === 'PostgreSQL' ? '1' : '0',
    BENCH_CONSUMERS: 'later',
  });
  try {
    const { url, tokens, restaurantId, menuItemIds } = server.ready;
    let turn = 0;
    const asNextCustomer = (request: { headers?: Record<string, string> }) => {
      turn += 1;
      return {
        ...request,
        headers: { ...request.headers, authorization: `Bearer ${tokens[turn % tokens.length]}` },
      };
    };
    const ceiling = await httpLoad({
      url: `${url}/bench/rows`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'one row' }),
      connections: CONNECTIONS,
      seconds: SECONDS,
      setupRequest: asNextCustomer,
    });
    const order = cardOrderBody(restaurantId, menuItemIds);
    const placeOrders = (seconds: number) =>
      httpLoad({
        url: `${url}/api/orders`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(order),
        connections: CONNECTIONS,
        seconds,
        setupRequest: asNextCustomer,
      });

    // The request path alone: consumers and relays are not running yet, so every commit is the request's.
    const stats = dbStatsReader(url, store);
    const beforeProbe = await stats.settled();
    const probe = await placeOrders(PROBE_SECONDS);
    const afterProbe = await stats.settled();
    // Counted by the database: a request cut off by the end of the run may still have written its order.
    const probed = Math.max(1, afterProbe.cardOrders - beforeProbe.cardOrders);
    // PostgreSQL counts every commit of this database, reads included; PGlite counts none, but its
    // transaction ids are its own, so there the writing transactions are counted. (PostgreSQL's ids are
    // the whole server's: exact only when nothing else writes there, so they are a note.)
    const counted = (from: Reading, to: Reading) =>
      store === 'PostgreSQL' ? stats.commitsBetween(from, to) : stats.writesBetween(from, to);
    const requestCommits = counted(beforeProbe, afterProbe) / probed;
    const requestWrites = stats.writesBetween(beforeProbe, afterProbe) / probed;
    const sandboxWrites = (afterProbe.sandboxWrites - beforeProbe.sandboxWrites) / probed;

    // Then the whole platform: the consumers catch up with the probe, and the load runs again.
    await fetch(`${url}/bench/consumers`, { method: 'POST' });
    const beforeRun = await stats.settled();
    const placed = await placeOrders(SECONDS);
    const afterRun = await stats.settled();
    const placedOk = Math.max(1, afterRun.cardOrders - beforeRun.cardOrders);
    // Idle work (relays polling, timers) is not the orders': on PostgreSQL it is measured and left out.
    const idleFrom = await stats.read();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const idleTo = await stats.read();
    const idle = store === 'PostgreSQL' ? counted(idleFrom, idleTo) : 0;
    const consumerCommits =
      (counted(beforeRun, afterRun) - (idle * (afterRun.at - beforeRun.at)) / (idleTo.at - idleFrom.at)) /
        placedOk -
      requestCommits;

    if (placed.non2xx > 0 || placed.errors > 0 || probe.non2xx > 0 || ceiling.non2xx > 0) {
      throw new Error(
        `${store}: ${placed.non2xx} non-2xx orders, ${placed.errors} errors, ${ceiling.non2xx} non-2xx inserts`,
      );
    }
    const requestNotes =
      store === 'PostgreSQL'
        ? `every commit of the database, single-statement reads included; the sandbox provider's books ` +
          `${sandboxWrites.toFixed(1)} of them; ${requestWrites.toFixed(1)} took a transaction id ` +
          `(server-wide); ${probed} probe orders`
        : `transactions that wrote, the sandbox provider's books included; ${probed} probe orders`;
    const what = store === 'PostgreSQL' ? 'commits' : 'writing transactions';
    return [
      {
        label: `${store}: orders placed per second (50 customers, card payment, saga to CONFIRMED)`,
        figure: placed.requestsPerSecond,
        ceiling: ceiling.requestsPerSecond,
        unit: 'req/s',
        ceilingLabel: 'authenticated POST inserting one row',
        target: store === 'PostgreSQL' ? 0.25 : 0.12,
      },
      {
        label: `${store}: p99 latency of placing an order`,
        figure: placed.p99Ms,
        ceiling: store === 'PostgreSQL' ? ceiling.p99Ms : 1_000,
        unit: 'ms',
        ceilingLabel: store === 'PostgreSQL' ? 'p99 of the insert' : 'the 1 s a customer waits at most',
        lowerIsBetter: true,
        // PostgreSQL: at most 3 times the insert's p99 (ratio at least 1/3); PGlite: under one second.
        target: store === 'PostgreSQL' ? 1 / 3 : 1,
      },
      {
        label: `${store}: ${what} per placed order on the request path`,
        figure: requestCommits,
        ceiling: REQUEST_COMMITS,
        unit: 'commits',
        ceilingLabel: 'the budget: order, payment, confirmation',
        lowerIsBetter: true,
        target: 1,
        notes: requestNotes,
      },
      {
        label: `${store}: consumers' ${what} per placed order under load`,
        figure: consumerCommits,
        ceiling: CONSUMER_COMMITS,
        unit: 'commits',
        ceilingLabel: 'the budget',
        lowerIsBetter: true,
        target: 1,
        notes: `${placedOk} orders under load; idle polling left out`,
      },
    ];
  } finally {
    await server.stop();
  }
}

export const orderPlacementBenchmark: Benchmark = {
  name: 'order-placement',
  description:
    'POST /api/orders through HTTP with auth, 50 concurrent customers, vs the authenticated insert',
  async run() {
    const stores = STORES.filter((store) =>
      (process.env.BENCH_STORES ?? 'PGlite,PostgreSQL').includes(store),
    );
    const lines: BenchLine[] = [];
    for (const store of stores) lines.push(...(await measure(store)));
    return lines;
  },
};
