// Payments unavailable, and a payments process killed between authorise and capture, in the split
// deployment: node A hosts every service but payments, node B hosts payments, on a private PostgreSQL and
// NATS. The provider's outage (PAYMENTS_SANDBOX_OUTAGE) and B's death (SIGKILL while a capture hangs, with
// the sandbox token tok_captureHangsOnce) leave orders PENDING (202); once B is back, every order ends
// CONFIRMED with exactly one capture, or CANCELLED with its hold voided. Throughout, no order is ever
// CANCELLED while the sandbox holds money for it, and the sandbox's holds outlive the process that made them.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_RESTAURANT_ID } from '../../src/main/demo-accounts.js';
import { until } from '../support/outage-node.js';
import { freePort, PrivateNats, PrivatePostgres } from '../support/private-servers.js';
import { runCli, type CliRun } from '../support/spawn-cli.js';

const ALL_BUT_PAYMENTS =
  'auth,users,restaurants,catalog,search,storage,promotions,orders,delivery,notifications,realtime,analytics,recommendations';

interface Answer<T> {
  status: number;
  body: T;
}
interface OrderAnswer {
  orderId: string;
  status: string;
  payment?: { state: string };
}

describe('payments unavailable, and killed between authorise and capture (split nodes)', () => {
  const run = randomBytes(4).toString('hex');
  let postgres: PrivatePostgres | undefined;
  let nats: PrivateNats | undefined;
  let db: pg.Client | undefined;
  const nodes: CliRun[] = [];
  let env: Record<string, string>;
  let a = '';
  let b = '';
  let token = '';
  let menuItemId = '';
  /** Orders seen CANCELLED with an AUTHORIZED payment by the watcher (must stay empty). */
  const violations = new Set<string>();
  /** How many times the watcher could run its check: it must have watched, not failed quietly. */
  let checks = 0;
  let watching: { stop(): Promise<void> } | undefined;

  const serve = async (services: string, url: string, peers: string, extra: Record<string, string> = {}) => {
    const node = runCli(['serve', services], {
      ...env,
      ...extra,
      PORT: new URL(url).port,
      INSTANCE_URL: url,
      SERVICE_URLS: peers,
    });
    nodes.push(node);
    await node.waitFor(/node started/, 90_000);
    return node;
  };
  const servePayments = (extra: Record<string, string> = {}) =>
    serve('payments', b, `auth=${a},users=${a},orders=${a}`, extra);
  const kill = async (node: CliRun) => {
    node.child.kill('SIGKILL');
    await node.exited;
  };

  const call = async <T>(method: string, route: string, body?: unknown): Promise<Answer<T>> => {
    const response = await fetch(`${a}${route}`, {
      method,
      headers: {
        ...(token === '' ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  };
  const place = (cardToken: string) =>
    call<OrderAnswer>('POST', '/api/orders', {
      restaurantId: DEMO_RESTAURANT_ID,
      items: [{ menuItemId, quantity: 1 }],
      fulfillment: 'PICKUP',
      payment: { method: 'CARD', token: cardToken },
    });
  const orderStatus = async (orderId: string) =>
    (await call<OrderAnswer>('GET', `/api/orders/${orderId}`)).body.status;
  const untilStatus = (orderId: string, status: string, timeoutMs = 60_000) =>
    until(
      async () => ((await orderStatus(orderId)) === status ? status : undefined),
      `order ${orderId} ${status}`,
      timeoutMs,
    );

  /** The payment row and the sandbox's record of its hold, read from payments' own tables. */
  const paymentOf = async (orderId: string) => {
    const { rows } = await (db as pg.Client).query<{
      status: string;
      capture_id: string | null;
      void_id: string | null;
    }>(
      `SELECT p.status, s.capture_id, s.void_id FROM payments.payments p
         LEFT JOIN payments.sandbox_authorizations s ON s.authorization_id = p.authorization_id
        WHERE p.order_id = $1`,
      [orderId],
    );
    return rows[0];
  };
  const providerCalls = async (orderId: string) =>
    (
      await (db as pg.Client).query<{ step: string; outcome: string }>(
        `SELECT c.step, c.outcome FROM payments.provider_calls c JOIN payments.payments p ON p.id = c.payment_id
          WHERE p.order_id = $1 ORDER BY c.at`,
        [orderId],
      )
    ).rows;

  /** Checks the invariant every 100 ms for the whole test, on its own connection. */
  function watchInvariant(url: string) {
    const watcher = new pg.Client({ connectionString: url });
    let stopped = false;
    const loop = (async () => {
      await watcher.connect();
      while (!stopped) {
        const { rows } = await watcher
          .query<{ order_id: string }>(
            // A hold at the sandbox neither captured nor voided, whatever payments recorded of it (a
            // process that died inside the capture left its payment PENDING).
            `SELECT o.order_id FROM orders.order_views o
               JOIN payments.payments p ON p.order_id::text = o.order_id::text
               JOIN payments.sandbox_authorizations s ON s.idempotency_key = 'authorize:' || p.id::text
              WHERE o.status = 'CANCELLED' AND s.authorization_id IS NOT NULL
                AND s.capture_id IS NULL AND s.void_id IS NULL`,
          )
          // Before the first migrations the tables do not exist yet.
          .catch(() => undefined)
          .then((result) => {
            if (result !== undefined) checks += 1;
            return result ?? { rows: [] };
          });
        for (const row of rows) violations.add(row.order_id);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await watcher.end();
    })();
    return {
      async stop() {
        stopped = true;
        await loop;
      },
    };
  }

  beforeAll(async () => {
    [postgres, nats] = await Promise.all([PrivatePostgres.start(), PrivateNats.start()]);
    a = `http://127.0.0.1:${await freePort()}`;
    b = `http://127.0.0.1:${await freePort()}`;
    env = {
      DATABASE_URL: postgres.url,
      NATS_URL: nats.url,
      NATS_STREAM: `PAYOUT_${run}`,
      NATS_SUBJECT_PREFIX: `payout.${run}`,
      INTERNAL_TOKEN: `payments-outage-internal-token-${run}`,
      SAGA_SWEEP_INTERVAL_MS: '300',
      RATE_LIMIT_PER_MINUTE: '100000',
      // 'node started' is an info line.
      LOG_LEVEL: 'info',
    };
    const seeded = runCli(['seed', '--restaurants', '3'], env);
    try {
      await seeded.waitFor(/seeded \d+ restaurants/, 90_000);
    } finally {
      await seeded.stop();
    }
    db = new pg.Client({ connectionString: postgres.url });
    await db.connect();
    watching = watchInvariant(postgres.url);

    await serve(ALL_BUT_PAYMENTS, a, `payments=${b}`);
    const login = await call<{ accessToken: string }>('POST', '/auth/login', {
      email: 'customer@demo.sattzabite.test',
      password: DEMO_PASSWORD,
    });
    expect(login.status).toBe(200);
    token = login.body.accessToken;
    const menu = await call<{ items: Array<{ id: string; available: boolean }> }>(
      'GET',
      `/api/menu/restaurants/${DEMO_RESTAURANT_ID}`,
    );
    menuItemId = menu.body.items.find((item) => item.available)?.id ?? '';
    expect(menuItemId).not.toBe('');
  }, 180_000);

  afterAll(async () => {
    await watching?.stop();
    for (const node of nodes) {
      if (node.child.exitCode === null && node.child.signalCode === null) await node.stop();
    }
    await db?.end();
    await Promise.all([postgres?.remove(), nats?.remove()]);
  });

  it('a provider outage: 202 PENDING and retried (never a decline), CONFIRMED with one capture once it is over', async () => {
    const down = await servePayments({ PAYMENTS_SANDBOX_OUTAGE: 'true' });
    const placed = await place('tok_visa');
    expect([placed.status, placed.body.status, placed.body.payment?.state]).toEqual([
      202,
      'PENDING',
      'PENDING',
    ]);
    const orderId = placed.body.orderId;
    // The sweeper keeps trying while the outage lasts; the order is not cancelled meanwhile.
    await until(
      async () => ((await providerCalls(orderId)).length >= 3 ? true : undefined),
      'the sweeper retrying the charge',
    );
    expect(await orderStatus(orderId)).toBe('PENDING');
    expect((await providerCalls(orderId)).every((c) => c.outcome === 'ERROR')).toBe(true);

    await kill(down);
    const up = await servePayments();
    await untilStatus(orderId, 'CONFIRMED');
    expect(await paymentOf(orderId)).toMatchObject({ status: 'CAPTURED', capture_id: expect.any(String) });
    expect((await providerCalls(orderId)).filter((c) => c.outcome === 'SUCCEEDED')).toEqual([
      { step: 'AUTHORIZE', outcome: 'SUCCEEDED' },
      { step: 'CAPTURE', outcome: 'SUCCEEDED' },
    ]);
    await up.stop();
  }, 120_000);

  it('payments killed between authorise and capture: one order completes with one capture, a cancelled one has its hold voided', async () => {
    const payments = await servePayments();
    // Both captures hang (the sandbox's first capture of this token); B is killed while they do.
    const answers = [place('tok_captureHangsOnce'), place('tok_captureHangsOnce')];
    const authorised = await until(async () => {
      // Authorised, and the capture's scripted hang used up: both captures are hanging now.
      const { rows } = await (db as pg.Client).query<{ order_id: string }>(
        `SELECT p.order_id FROM payments.payments p
           JOIN payments.sandbox_authorizations s ON s.idempotency_key = 'authorize:' || p.id::text
          WHERE s.authorization_id IS NOT NULL AND NOT s.capture_hangs AND s.capture_id IS NULL`,
      );
      return rows.length === 2 ? rows.map((row) => row.order_id) : undefined;
    }, 'both captures hanging');
    await kill(payments);

    const placed = await Promise.all(answers);
    for (const answer of placed) expect([answer.status, answer.body.status]).toEqual([202, 'PENDING']);
    const [completes, cancelled] = placed.map((answer) => answer.body.orderId) as [string, string];
    expect(authorised.sort()).toEqual([completes, cancelled].sort());
    // The process died inside the capture: nothing was recorded (the authorisation is recorded with its
    // capture's answer), so only the provider knows of the holds.
    expect(await providerCalls(completes)).toEqual([]);

    // The customer cancels one while payments is down: it cannot be released yet, so it is not CANCELLED.
    const cancel = await call<OrderAnswer>('POST', `/api/orders/${cancelled}/cancel`, {
      reason: 'taking too long',
    });
    expect([cancel.status, cancel.body.status]).toEqual([200, 'PENDING']);
    expect(await paymentOf(cancelled)).toMatchObject({ status: 'PENDING' });

    // A new payments process, over the same tables: the holds it never saw are still there to act on.
    const restarted = await servePayments();
    await untilStatus(completes, 'CONFIRMED', 90_000);
    await untilStatus(cancelled, 'CANCELLED', 90_000);

    expect(await paymentOf(completes)).toMatchObject({
      status: 'CAPTURED',
      capture_id: expect.stringMatching(/^cap_/),
      void_id: null,
    });
    expect((await providerCalls(completes)).filter((c) => c.step === 'CAPTURE')).toEqual([
      { step: 'CAPTURE', outcome: 'SUCCEEDED' },
    ]);
    expect(await paymentOf(cancelled)).toMatchObject({
      status: 'VOIDED',
      capture_id: null,
      void_id: expect.stringMatching(/^void_/),
    });
    const detail = await call<{ refunded: boolean; cancellation: { reason: string } }>(
      'GET',
      `/api/orders/${cancelled}`,
    );
    expect(detail.body).toMatchObject({ refunded: false, cancellation: { reason: 'taking too long' } });
    await restarted.stop();

    expect([...violations]).toEqual([]);
    expect(checks).toBeGreaterThan(50);
    const { rows } = await (db as pg.Client).query<{ status: string; n: number }>(
      `SELECT p.status, count(*)::int AS n FROM payments.payments p GROUP BY p.status ORDER BY p.status`,
    );
    // Nothing left held: every payment of this test ended captured or voided.
    expect(rows).toEqual([
      { status: 'CAPTURED', n: 2 },
      { status: 'VOIDED', n: 1 },
    ]);
  }, 150_000);
});
