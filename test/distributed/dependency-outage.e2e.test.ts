// Redis and NATS each taken away for 10 s under a `serve` node hosting every service. What the node can still
// serve it keeps serving: orders are placed and menus read; /ready says DEGRADED (200) naming the missing
// dependency, and UP again once it is back. Events written while NATS was away wait in the outbox and reach
// their consumers afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RESTAURANT_ID } from '../../src/main/demo-accounts.js';
import { OutageNode, until, type ReadyReport } from '../support/outage-node.js';

const OUTAGE_MS = 10_000;

interface Page<T> {
  content: T[];
}

describe('dependency outages', () => {
  let node: OutageNode;

  beforeAll(async () => {
    node = await OutageNode.start();
  }, 200_000);
  afterAll(async () => {
    await node?.remove();
  });

  const readyWith = (check: string, state: 'UP' | 'DOWN', status: ReadyReport['status']) =>
    until(async () => {
      const ready = await node.ready();
      return ready.body.checks[check] === state && ready.body.status === status ? ready : undefined;
    }, `/ready ${status} with ${check} ${state}`);

  /** Orders and menu reads, one after the other, until the outage has lasted `OUTAGE_MS`. */
  const serveThrough = async (since: number, what: string) => {
    const orders: string[] = [];
    let slowest = 0;
    while (Date.now() - since < OUTAGE_MS) {
      const started = Date.now();
      const placed = await node.placeOrder();
      expect([201, 202], JSON.stringify(placed.body)).toContain(placed.status);
      orders.push(placed.body.orderId);
      expect((await node.menu()).status).toBe(200);
      slowest = Math.max(slowest, Date.now() - started);
    }
    // Reported, not asserted: timings on a shared 2-core machine are not a pass/fail matter.
    console.warn(`${what} down: ${orders.length} orders placed, slowest order + menu read ${slowest} ms`);
    return orders;
  };

  it('keeps taking orders and serving reads while Redis is down, DEGRADED meanwhile', async () => {
    const up = await readyWith('redis', 'UP', 'UP');
    expect(up.body).toEqual({ status: 'UP', checks: { db: 'UP', bus: 'UP', redis: 'UP' } });
    // Restaurants whose menus nobody has read yet: no copy in memory, so reading them must go past Redis.
    const restaurants = await node.call<Page<{ id: string }>>('GET', '/api/restaurants?size=50');
    const unread = restaurants.body.content.map((r) => r.id).filter((id) => id !== DEMO_RESTAURANT_ID);
    expect(unread.length).toBeGreaterThan(0);

    await node.redis.kill();
    const since = Date.now();
    const degraded = await readyWith('redis', 'DOWN', 'DEGRADED');
    expect(degraded.status).toBe(200);
    expect(degraded.body.checks).toEqual({ db: 'UP', bus: 'UP', redis: 'DOWN' });
    expect(degraded.body.errors?.redis).toEqual(expect.any(String));

    const orders = await serveThrough(since, 'Redis');
    expect(orders.length).toBeGreaterThan(0);
    for (const id of unread) {
      const menu = await node.call<{ items: unknown[] }>('GET', `/api/menu/restaurants/${id}`);
      expect(menu.status).toBe(200);
      expect(menu.body.items.length).toBeGreaterThan(0);
    }
    const metrics = await node.metrics();
    expect(metrics).toContain('sattzabite_dependency_up{dependency="redis"} 0');
    expect(metrics).toMatch(
      /sattzabite_dependency_fallbacks_total\{dependency="redis",use="rate-limit"\} [1-9]/,
    );
    expect(metrics).toMatch(/sattzabite_dependency_fallbacks_total\{dependency="redis",use="cache"\} [1-9]/);
    expect(node.node.output()).toMatch(/redis is unreachable/);
    expect(node.alive).toBe(true);

    await node.redis.begin();
    expect((await readyWith('redis', 'UP', 'UP')).status).toBe(200);
    expect(await node.metrics()).toContain('sattzabite_dependency_up{dependency="redis"} 1');
    expect(node.node.output()).toMatch(/redis is reachable again/);
  }, 90_000);

  it('keeps taking orders while NATS is down, DEGRADED meanwhile; their events flow once it is back', async () => {
    await node.nats.kill();
    const since = Date.now();
    const degraded = await readyWith('bus', 'DOWN', 'DEGRADED');
    expect(degraded.status).toBe(200);
    expect(degraded.body.checks).toEqual({ db: 'UP', bus: 'DOWN', redis: 'UP' });

    const orders = await serveThrough(since, 'NATS');
    expect(orders.length).toBeGreaterThan(0);
    expect(node.alive).toBe(true);

    await node.nats.begin();
    expect((await readyWith('bus', 'UP', 'UP')).status).toBe(200);

    // The last order taken during the outage: its events were relayed from the outbox after NATS returned.
    const orderId = orders.at(-1);
    await until(
      async () => {
        const inbox = await node.call<Page<{ kind: string; data: { orderId?: string } }>>(
          'GET',
          '/api/notifications?size=100',
        );
        return inbox.body.content.some((n) => n.data.orderId === orderId && n.kind === 'ORDER_CONFIRMED')
          ? true
          : undefined;
      },
      'the notification of an order placed while NATS was down',
      60_000,
    );
    await until(
      async () => {
        const history = await node.call<Page<{ orderId: string }>>('GET', '/api/users/me/orders?size=100');
        return history.body.content.some((entry) => entry.orderId === orderId) ? true : undefined;
      },
      "the order in the customer's history",
      60_000,
    );
    expect(node.alive).toBe(true);
  }, 150_000);
});
