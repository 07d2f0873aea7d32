import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchLine } from '../lib/bench-types.js';
import { startChildServer } from '../lib/child-server.js';
import { httpLoad } from '../lib/http-load.js';

const SERVER = fileURLToPath(new URL('../fixtures/order-server.ts', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;

interface Ready {
  url: string;
  tokens: string[];
  restaurantId: string;
  menuItemIds: string[];
}

/** Orders placed per second by 50 concurrent customers, against the authenticated one-row insert. */
async function measure(store: 'PGlite' | 'PostgreSQL'): Promise<BenchLine[]> {
  const server = await startChildServer<Ready>(SERVER, {
    BENCH_POSTGRES: store === 'PostgreSQL' ? '1' : '0',
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
    const order = {
      restaurantId,
      items: [
        { menuItemId: menuItemIds[0], quantity: 2 },
        { menuItemId: menuItemIds[1], quantity: 1 },
      ],
      fulfillment: 'DELIVERY',
      deliveryAddress: {
        line1: '14 Church Street',
        city: 'Bengaluru',
        postcode: '560001',
        latitude: 12.9752,
        longitude: 77.6057,
      },
      payment: { method: 'CARD', token: 'tok_visa' },
    };
    const placed = await httpLoad({
      url: `${url}/api/orders`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
      connections: CONNECTIONS,
      seconds: SECONDS,
      setupRequest: asNextCustomer,
    });
    if (placed.non2xx > 0 || placed.errors > 0 || ceiling.non2xx > 0) {
      throw new Error(
        `${store}: ${placed.non2xx} non-2xx orders, ${placed.errors} errors, ${ceiling.non2xx} non-2xx inserts`,
      );
    }
    return [
      {
        label: `${store}: orders placed per second (50 customers, card payment, saga to CONFIRMED)`,
        figure: placed.requestsPerSecond,
        ceiling: ceiling.requestsPerSecond,
        unit: 'req/s',
        ceilingLabel: 'authenticated POST inserting one row',
        target: 0.33,
      },
      {
        label: `${store}: p99 latency of placing an order`,
        figure: placed.p99Ms,
        ceiling: ceiling.p99Ms,
        unit: 'ms',
        ceilingLabel: 'p99 of the insert',
        lowerIsBetter: true,
        // p99 at most 3 times the ceiling's: ceiling/figure at least 1/3.
        target: 1 / 3,
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
    return [...(await measure('PGlite')), ...(await measure('PostgreSQL'))];
  },
};
