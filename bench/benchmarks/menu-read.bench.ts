import { fileURLToPath } from 'node:url';
import type { Benchmark } from '../lib/bench-types.js';
import { startChildServer } from '../lib/child-server.js';
import { httpLoad, type LoadResult } from '../lib/http-load.js';

const SERVER = fileURLToPath(new URL('../fixtures/menu-server.ts', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;

/** The cached menu through the whole HTTP stack (200 and 304) against a bare constant route, same server. */
export const menuReadBenchmark: Benchmark = {
  name: 'menu-read',
  description: `cached restaurant menu GET (200, and 304 by ETag) vs a bare constant route (${CONNECTIONS} connections)`,
  async run() {
    const server = await startChildServer<{ url: string; restaurantId: string }>(SERVER, {
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      NATS_URL: undefined,
    });
    try {
      const { url, restaurantId } = server.ready;
      const menuUrl = `${url}/api/menu/restaurants/${restaurantId}`;
      // One read fills the cache, so every measured request is a hit; its tag drives the 304 line.
      const warm = await fetch(menuUrl);
      const bytes = (await warm.arrayBuffer()).byteLength;
      const etag = warm.headers.get('etag');
      if (warm.status !== 200 || etag === null) throw new Error(`menu warm-up answered ${warm.status}`);

      const ceiling = await httpLoad({
        url: `${url}/bench/constant`,
        connections: CONNECTIONS,
        seconds: SECONDS,
      });
      const menu = await httpLoad({ url: menuUrl, connections: CONNECTIONS, seconds: SECONDS });
      expectAll(menu, 'menu GET', (r) => r.non2xx === 0);
      const notModified = await httpLoad({
        url: menuUrl,
        headers: { 'if-none-match': etag },
        connections: CONNECTIONS,
        seconds: SECONDS,
      });
      // Every answer must be non-2xx (the 304s); a probe afterwards shows they were 304s and not 429s.
      expectAll(notModified, 'menu GET with If-None-Match', (r) => r.non2xx === r.total);
      const probe = await fetch(menuUrl, { headers: { 'if-none-match': etag } });
      if (probe.status !== 304) throw new Error(`If-None-Match probe answered ${probe.status}, not 304`);

      const ceilingLabel = 'bare GET returning a constant';
      return [
        {
          label: `cached menu GET (200, ${(bytes / 1024).toFixed(1)} KiB)`,
          figure: menu.requestsPerSecond,
          ceiling: ceiling.requestsPerSecond,
          unit: 'req/s',
          ceilingLabel,
          target: 0.6,
          notes: `p50 ${menu.p50Ms} ms, p99 ${menu.p99Ms} ms`,
        },
        {
          label: 'cached menu GET with its ETag (304)',
          figure: notModified.requestsPerSecond,
          ceiling: ceiling.requestsPerSecond,
          unit: 'req/s',
          ceilingLabel,
          notes: `p50 ${notModified.p50Ms} ms, p99 ${notModified.p99Ms} ms`,
        },
        {
          label: 'p99 latency of the cached menu GET',
          figure: menu.p99Ms,
          ceiling: ceiling.p99Ms,
          unit: 'ms',
          ceilingLabel: 'p99 of the constant route',
          lowerIsBetter: true,
        },
      ];
    } finally {
      await server.stop();
    }
  },
};

function expectAll(result: LoadResult, what: string, ok: (result: LoadResult) => boolean): void {
  if (result.errors > 0 || result.total === 0 || !ok(result)) {
    throw new Error(
      `${what}: ${result.total} answers, ${result.non2xx} non-2xx, ${result.errors} errors: not what it measures`,
    );
  }
}
