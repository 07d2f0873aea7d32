// PostgreSQL restarted under load. A `serve` node hosting every service runs on a private PostgreSQL while
// customers keep placing orders; the database is stopped (fast: sessions ended with 57P01; immediate: a
// crash, connections reset) and started again. The node must not exit, must answer 503 while the database is
// away rather than hang, and must take orders again within 5 s of the database being back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutageNode, until } from '../support/outage-node.js';

/** Customers placing orders side by side until told to stop; every answer's status is kept. */
function steadyLoad(node: OutageNode, customers: number) {
  const statuses: number[] = [];
  let stopped = false;
  const customer = async () => {
    while (!stopped) {
      statuses.push(
        await node.placeOrder().then(
          (answer) => answer.status,
          () => 0,
        ),
      );
    }
  };
  const running = Promise.all(Array.from({ length: customers }, customer));
  return {
    statuses,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

describe('PostgreSQL restarted under load', () => {
  let node: OutageNode;

  beforeAll(async () => {
    node = await OutageNode.start();
  }, 200_000);
  afterAll(async () => {
    await node?.remove();
  });

  for (const mode of ['fast', 'immediate'] as const) {
    it(`keeps the node up through a ${mode} stop, and takes orders within 5 s of the restart`, async () => {
      const load = steadyLoad(node, 4);
      try {
        // Under load: orders are being written when the database goes.
        await until(
          async () => (load.statuses.filter((status) => status === 201).length >= 5 ? true : undefined),
          'orders flowing before the stop',
        );
        await node.postgres.halt(mode);
        const before = load.statuses.length;
        const refused = await until(async () => {
          const seen = load.statuses.slice(before);
          return seen.length >= 4 ? seen : undefined;
        }, 'answers while the database is down');
        // Refused as unavailable, never a crash or a hang; a request in flight at the stop may have won.
        expect(
          refused.every((status) => status === 503 || status === 201),
          `${refused}`,
        ).toBe(true);
        expect((await node.ready()).body).toMatchObject({ status: 'DOWN', checks: { db: 'DOWN' } });
        expect(node.alive).toBe(true);

        await node.postgres.begin();
        const back = Date.now();
        const placed = await until(
          async () => {
            const answer = await node.placeOrder();
            return answer.status === 201 ? answer : undefined;
          },
          'an order placed after the restart',
          5_000,
        );
        const seconds = (Date.now() - back) / 1000;
        console.warn(
          `postgres ${mode} restart: first order placed ${seconds.toFixed(2)} s after it was back`,
        );
        expect(placed.body.status).toBe('CONFIRMED');
      } finally {
        await load.stop();
      }
      expect(node.alive, node.node.output().slice(-3000)).toBe(true);
      expect((await fetch(`${node.url}/health`)).status).toBe(200);
      await until(
        async () => ((await node.ready()).body.checks.db === 'UP' ? true : undefined),
        '/ready to see the database',
      );
      expect(node.node.output()).not.toMatch(/uncaught|unhandled/i);
    }, 90_000);
  }
});
