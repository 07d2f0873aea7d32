import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Benchmark, BenchLine } from '../lib/bench-types.js';
import { startChildServer } from '../lib/child-server.js';

const SERVER = fileURLToPath(new URL('../fixtures/search-server.ts', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 10;

/** The queries of each kind; a run cycles through them. Words from the demo city's menus. */
const MIX: Record<string, string[]> = {
  exact: [
    'q=biryani',
    'q=paneer%20tikka',
    'q=masala%20dosa',
    'q=chicken',
    'q=noodles',
    'q=saffron%20courtyard',
    'q=gulab%20jamun',
    'q=filter%20coffee',
  ],
  typo: [
    'q=biriyani',
    'q=paner%20tika',
    'q=dosaa',
    'q=chiken%20curry',
    'q=nodles',
    'q=briyani',
    'q=gulab%20jamon',
    'q=tandori',
  ],
  filtered: [
    'q=curry&dietary=VEGETARIAN&maxPrice=30000',
    'q=biryani&lat=12.9716&lng=77.5946&maxDistanceKm=5',
    'q=dosa&cuisine=south%20indian&minRating=4',
    'q=rice&excludeAllergens=PEANUTS,MILK&type=dishes',
    'q=noodles&openNow=true',
    'q=paneer&dietary=GLUTEN_FREE&minPrice=20000&maxPrice=40000',
    'q=kitchen&type=restaurants&lat=12.9352&lng=77.6245',
    'type=restaurants&cuisine=chinese&minRating=4.5',
  ],
  paginated: [
    'q=rice&page=3&size=20',
    'q=chicken&page=10&size=20',
    'q=biryani&page=5&size=50',
    'q=paneer&page=20&size=10',
    'q=masala&page=2&size=100',
    'q=naan&page=7&size=20',
  ],
};
const SUGGEST = ['b', 'bir', 'biry', 'pan', 'paner', 'dos', 'chi', 'saff', 'tand', 'kadai'];

interface Measured {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** autocannon over a cycle of paths, each connection taking the next one; every answer must be a 200. */
async function load(base: string, paths: string[], seconds = SECONDS): Promise<Measured> {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] ?? '/' }),
      },
    ],
  });
  if (result.errors > 0 || result.non2xx > 0 || result.requests.total === 0) {
    throw new Error(
      `${paths[0]}…: ${result.requests.total} answers, ${result.non2xx} non-2xx, ${result.errors} errors`,
    );
  }
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

/**
 * Search on the large demo city (10,000 restaurants, ~290,000 dishes) in PostgreSQL, through HTTP: a mix of
 * exact, misspelt, filtered and paginated queries, each kind alone and all together, and autocomplete,
 * against a bare primary-key lookup of one indexed dish through the same HTTP stack in the same run.
 */
export const searchBenchmark: Benchmark = {
  name: 'search',
  description:
    `search and suggest over 10,000 restaurants / ~290,000 dishes on PostgreSQL vs a primary-key ` +
    `lookup through HTTP (${CONNECTIONS} connections)`,
  async run() {
    const started = performance.now();
    const server = await startChildServer<{
      url: string;
      dishIds: string[];
      buildSeconds: number;
      reused: boolean;
    }>(SERVER, {});
    try {
      const { url, dishIds, buildSeconds, reused } = server.ready;
      const fixture = reused
        ? 'index reused from an earlier run'
        : `index built by replay in ${buildSeconds} s`;
      // One pass over every query first, so that the measured runs do not pay for cold pages.
      for (const path of [
        ...Object.values(MIX)
          .flat()
          .map((q) => `/api/search?${q}`),
      ]) {
        const warm = await fetch(`${url}${path}`);
        if (warm.status !== 200) throw new Error(`${path} answered ${warm.status}: ${await warm.text()}`);
      }

      const ceiling = await load(
        url,
        dishIds.map((id) => `/bench/document/${id}`),
      );
      const all = Object.values(MIX).flatMap((queries) => queries.map((q) => `/api/search?${q}`));
      const mixed = await load(url, all);
      const kinds: Array<[string, Measured]> = [];
      for (const [kind, queries] of Object.entries(MIX)) {
        kinds.push([
          kind,
          await load(
            url,
            queries.map((q) => `/api/search?${q}`),
            Math.max(3, SECONDS / 2),
          ),
        ]);
      }
      const suggest = await load(
        url,
        SUGGEST.map((q) => `/api/search/suggest?q=${q}`),
      );

      const ceilingLabel = 'primary-key lookup through HTTP';
      const lines: BenchLine[] = [
        {
          label: 'search, mixed queries: throughput',
          figure: mixed.requestsPerSecond,
          ceiling: ceiling.requestsPerSecond,
          unit: 'req/s',
          ceilingLabel,
          notes: `p50 ${mixed.p50Ms} ms, p99 ${mixed.p99Ms} ms; ${fixture}`,
        },
        {
          label: 'search, mixed queries: p50',
          figure: mixed.p50Ms,
          ceiling: ceiling.p50Ms,
          unit: 'ms',
          ceilingLabel: `p50 of the ${ceilingLabel}`,
          lowerIsBetter: true,
        },
        {
          label: 'search, mixed queries: p99',
          figure: mixed.p99Ms,
          ceiling: ceiling.p99Ms,
          unit: 'ms',
          ceilingLabel: `p99 of the ${ceilingLabel}`,
          lowerIsBetter: true,
        },
        ...kinds.map(([kind, measured]): BenchLine => ({
          label: `search, ${kind} queries only: p99`,
          figure: measured.p99Ms,
          ceiling: ceiling.p99Ms,
          unit: 'ms',
          ceilingLabel: `p99 of the ${ceilingLabel}`,
          lowerIsBetter: true,
          notes: `${measured.requestsPerSecond.toFixed(0)} req/s, p50 ${measured.p50Ms} ms`,
        })),
        {
          label: 'suggest: p99',
          figure: suggest.p99Ms,
          ceiling: ceiling.p99Ms,
          unit: 'ms',
          ceilingLabel: `p99 of the ${ceilingLabel}`,
          lowerIsBetter: true,
          notes: `${suggest.requestsPerSecond.toFixed(0)} req/s, p50 ${suggest.p50Ms} ms`,
        },
      ];
      lines[0] = {
        ...(lines[0] as BenchLine),
        notes: `${(lines[0] as BenchLine).notes ?? ''}; whole run ${Math.round((performance.now() - started) / 1000)} s`,
      };
      return lines;
    } finally {
      await server.stop();
    }
  },
};
