import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchLine } from '../lib/bench-types.js';
import { startChildServer } from '../lib/child-server.js';
import { httpLoad } from '../lib/http-load.js';

const SERVER = fileURLToPath(new URL('../fixtures/bench-server.ts', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

/** One store's figures: the authenticated one-row insert against the bare constant route, same server. */
async function measure(store: 'pglite' | 'postgres'): Promise<BenchLine[]> {
  const env =
    store === 'postgres'
      ? { DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' }
      : { DATABASE_URL: undefined };
  const server = await startChildServer<{ url: string; token: string }>(SERVER, env);
  try {
    const { url, token } = server.ready;
    const ceiling = await httpLoad({ url: `${url}/bench/constant`, connections: 10, seconds: SECONDS });
    const insert = await httpLoad({
      url: `${url}/bench/rows`,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'one row' }),
      connections: 10,
      seconds: SECONDS,
    });
    if (insert.non2xx > 0 || insert.errors > 0) {
      throw new Error(
        `authenticated insert had ${insert.non2xx} non-2xx answers and ${insert.errors} errors`,
      );
    }
    return [
      {
        label: `${store}: authenticated POST inserting one row`,
        figure: insert.requestsPerSecond,
        ceiling: ceiling.requestsPerSecond,
        unit: 'req/s',
        ceilingLabel: 'bare GET returning a constant',
        // Issue #12: an authenticated request must not cost much more than the platform's bare minimum.
        target: 0.4,
      },
      {
        label: `${store}: p99 latency of the insert`,
        figure: insert.p99Ms,
        ceiling: ceiling.p99Ms,
        unit: 'ms',
        ceilingLabel: 'p99 of the constant route',
        lowerIsBetter: true,
      },
    ];
  } finally {
    await server.stop();
  }
}

export const authInsertBenchmark: Benchmark = {
  name: 'auth-insert',
  description: 'authenticated POST that inserts one row vs a bare constant route (10 connections)',
  async run() {
    return [...(await measure('pglite')), ...(await measure('postgres'))];
  },
};
