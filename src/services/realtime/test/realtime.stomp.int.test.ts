import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { ACCESS_TOKEN_COOKIE } from '../../../platform/http/principal.js';
import { connectStompJs, rawStomp, waitFor, type StompJsSession } from './live-clients.js';
import {
  createTestSql,
  OTHER_RESTAURANT,
  RESTAURANT,
  startRealtime,
  type RealtimeHarness,
} from './realtime-harness.js';

let sql: PgliteSql;
let h: RealtimeHarness;
const sessions: StompJsSession[] = [];
beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startRealtime(sql);
});
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
  await h.close();
});

async function stomp(
  token: string,
  heartbeat?: { outgoing: number; incoming: number },
): Promise<StompJsSession> {
  const session = await connectStompJs(h.wsUrl, token, heartbeat === undefined ? {} : { heartbeat });
  sessions.push(session);
  return session;
}

async function gauge(name: string): Promise<number> {
  const metric = (await h.metrics.getMetricsAsJSON()).find((m) => m.name === name);
  return Number(metric?.values.reduce((sum, v) => sum + v.value, 0) ?? 0);
}

describe('STOMP over WebSocket', () => {
  it('connects with a Bearer token, subscribes with a receipt and receives status updates in order', async () => {
    const customer = await h.user();
    const orderId = h.newOrder({ customerId: customer.id });
    const session = await stomp(customer.token);
    expect(session.connected.headers).toMatchObject({ version: '1.2', 'user-name': customer.id });
    expect(session.connected.headers['heart-beat']).toBe('100,100');
    const messages = await session.subscribe(`/topic/orders/${orderId}`);
    expect(await gauge('realtime_websocket_sessions')).toBe(1);

    const events = (['CONFIRMED', 'PREPARING', 'READY', 'OUT_FOR_DELIVERY'] as const).map((status) =>
      h.statusEvent(orderId, status),
    );
    for (const event of events) await h.emit(event);
    await waitFor(() => messages.length >= events.length, 'four updates');
    // Each event was fed twice (bus and directly): one message each, in publish order.
    expect(messages.map((m) => JSON.parse(m.body).id)).toEqual(events.map((e) => e.id));
    const first = messages[0];
    expect(first?.headers).toMatchObject({
      destination: `/topic/orders/${orderId}`,
      'content-type': 'application/json',
    });
    expect(JSON.parse(first?.body ?? '')).toEqual({
      id: events[0]?.id,
      type: 'OrderStatusUpdated',
      time: events[0]?.time,
      subject: orderId,
      data: events[0]?.data,
    });
  });

  it('accepts the access cookie of the upgrade request instead of a token in CONNECT', async () => {
    const customer = await h.user();
    const raw = await rawStomp(h.wsUrl, { cookie: `${ACCESS_TOKEN_COOKIE}=${customer.token}` });
    raw.send('CONNECT', { 'accept-version': '1.2', host: 'localhost', 'heart-beat': '0,0' });
    const connected = await raw.next('CONNECTED');
    expect(connected.headers).toMatchObject({ version: '1.2', 'user-name': customer.id });
    raw.ws.close();
  });

  it('pushes each kind of event to its own destination only', async () => {
    const courier = await h.user({ roles: ['DELIVERY_PARTNER'] });
    const otherCourier = await h.user({ roles: ['DELIVERY_PARTNER'] });
    const staff = await h.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [RESTAURANT] });
    const customer = await h.user();
    const orderId = h.newOrder({ customerId: customer.id });

    const staffSession = await stomp(staff.token);
    const restaurantQueue = await staffSession.subscribe(`/topic/restaurants/${RESTAURANT}/orders`);
    const staffInbox = await staffSession.subscribe('/user/queue/notifications');
    const customerSession = await stomp(customer.token);
    const customerInbox = await customerSession.subscribe('/user/queue/notifications');
    const promotions = await customerSession.subscribe('/topic/promotions');
    const courierSession = await stomp(courier.token);
    const jobs = await courierSession.subscribe(`/topic/couriers/${courier.id}/jobs`);
    const otherJobs = await (
      await stomp(otherCourier.token)
    ).subscribe(`/topic/couriers/${otherCourier.id}/jobs`);

    const ready = h.statusEvent(orderId, 'READY');
    await h.emit(ready);
    await waitFor(() => jobs.length === 1 && otherJobs.length === 1, 'READY on every courier jobs topic');
    h.orders.orders.get(orderId)!.courierId = courier.id;
    const assigned = h.statusEvent(orderId, 'OUT_FOR_DELIVERY');
    await h.emit(assigned);
    await waitFor(() => jobs.length === 2, 'the assigned courier’s update');

    const forCustomer = h.event('NotificationCreated', h.deps.ids.next(), {
      notificationId: h.deps.ids.next(),
      recipient: `user:${customer.id}`,
      kind: 'ORDER_READY',
      title: 'Ready',
      body: 'Your order is ready',
      createdAt: new Date().toISOString(),
    });
    const forRestaurant = h.event('NotificationCreated', h.deps.ids.next(), {
      notificationId: h.deps.ids.next(),
      recipient: `restaurant:${RESTAURANT}`,
      kind: 'NEW_ORDER',
      title: 'New order',
      body: 'A new order',
      createdAt: new Date().toISOString(),
    });
    const promotion = h.event('PromotionStarted', h.deps.ids.next(), { promotionId: 'p1', title: '20% off' });
    for (const e of [forCustomer, forRestaurant, promotion]) await h.emit(e);
    await waitFor(
      () => customerInbox.length === 1 && staffInbox.length === 1 && promotions.length === 1,
      'notifications and the promotion',
    );

    const ids = (messages: Array<{ body: string }>) => messages.map((m) => JSON.parse(m.body).id);
    expect(ids(restaurantQueue)).toEqual([ready.id, assigned.id]);
    expect(ids(jobs)).toEqual([ready.id, assigned.id]);
    expect(ids(otherJobs)).toEqual([ready.id]);
    expect(ids(customerInbox)).toEqual([forCustomer.id]);
    expect(ids(staffInbox)).toEqual([forRestaurant.id]);
    expect(ids(promotions)).toEqual([promotion.id]);
    expect(JSON.parse(promotions[0]?.body ?? '').data).toEqual({ promotionId: 'p1', title: '20% off' });
  });

  it('stops pushing after UNSUBSCRIBE, and answers DISCONNECT with its receipt', async () => {
    const customer = await h.user();
    const orderId = h.newOrder({ customerId: customer.id });
    const raw = await rawStomp(h.wsUrl);
    raw.send('CONNECT', { 'accept-version': '1.2', Authorization: `Bearer ${customer.token}` });
    await raw.next('CONNECTED');
    raw.send('SUBSCRIBE', { id: 's1', destination: `/topic/orders/${orderId}`, receipt: 'sub' });
    expect((await raw.next('RECEIPT')).headers['receipt-id']).toBe('sub');
    await h.emit(h.statusEvent(orderId, 'CONFIRMED'));
    await raw.next('MESSAGE');
    raw.send('UNSUBSCRIBE', { id: 's1', receipt: 'unsub' });
    expect((await raw.next('RECEIPT')).headers['receipt-id']).toBe('unsub');
    await h.emit(h.statusEvent(orderId, 'PREPARING'));
    raw.send('DISCONNECT', { receipt: 'bye' });
    expect((await raw.next('RECEIPT')).headers['receipt-id']).toBe('bye');
    expect(await raw.whenClosed()).toBe(1000);
    // The RECEIPT of DISCONNECT came after PREPARING was handed out: had it been pushed, it would be here.
    expect(raw.frames.filter((f) => f.command === 'MESSAGE')).toEqual([]);
  });
});

describe('refusals', () => {
  it('refuses a SUBSCRIBE to someone else’s order with ERROR, and delivers it nothing', async () => {
    const owner = await h.user();
    const stranger = await h.user();
    const otherStaff = await h.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [OTHER_RESTAURANT] });
    const orderId = h.newOrder({ customerId: owner.id });
    for (const [who, destination] of [
      [stranger, `/topic/orders/${orderId}`],
      [otherStaff, `/topic/orders/${orderId}`],
      [stranger, `/topic/orders/${h.deps.ids.next()}`],
      [otherStaff, `/topic/restaurants/${RESTAURANT}/orders`],
      [stranger, `/topic/couriers/${owner.id}/jobs`],
    ] as const) {
      const raw = await rawStomp(h.wsUrl);
      raw.send('CONNECT', { 'accept-version': '1.2', Authorization: `Bearer ${who.token}` });
      await raw.next('CONNECTED');
      raw.send('SUBSCRIBE', { id: 's1', destination, receipt: 'r1' });
      const error = await raw.next('ERROR');
      expect(error.body).toBe('REALTIME.SUBSCRIPTION_FORBIDDEN');
      expect(error.headers.message).toMatch(/may not subscribe/);
      expect(error.headers['receipt-id']).toBe('r1');
      await raw.whenClosed();
      await h.emit(h.statusEvent(orderId, 'CONFIRMED'));
      expect(raw.frames.map((f) => f.command)).toEqual([]);
    }
    expect(await gauge('realtime_websocket_sessions')).toBe(0);
  });

  it('refuses a bad token, no token, and an unknown destination', async () => {
    const user = await h.user();
    const cases: Array<[Record<string, string>, string]> = [
      [{ Authorization: 'Bearer not.a.jwt' }, 'TOKEN.INVALID'],
      [{ passcode: `${user.token}x` }, 'TOKEN.INVALID'],
      [{}, 'COMMON.UNAUTHENTICATED'],
    ];
    for (const [headers, code] of cases) {
      const raw = await rawStomp(h.wsUrl);
      raw.send('CONNECT', { 'accept-version': '1.2', ...headers });
      expect((await raw.next('ERROR')).body).toBe(code);
      await raw.whenClosed();
      expect(raw.frames).toEqual([]);
    }
    const raw = await rawStomp(h.wsUrl);
    raw.send('STOMP', { 'accept-version': '1.1,1.2', passcode: user.token });
    await raw.next('CONNECTED');
    raw.send('SUBSCRIBE', { id: 's1', destination: '/topic/everything' });
    expect((await raw.next('ERROR')).body).toBe('REALTIME.UNKNOWN_DESTINATION');
    await raw.whenClosed();
  });

  it('refuses an upgrade that carries a bad access cookie before it becomes a WebSocket', async () => {
    // The HTTP kernel checks a presented token on every request, the upgrade included: the handshake
    // fails with the platform's 401 (a browser then refreshes its session and reconnects).
    const ws = new WebSocket(h.wsUrl, { headers: { cookie: `${ACCESS_TOKEN_COOKIE}=not.a.jwt` } });
    const status = await new Promise<number>((resolve, reject) => {
      ws.once('unexpected-response', (req, res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      ws.once('open', () => reject(new Error('upgraded with a bad cookie')));
      ws.once('error', () => undefined);
    });
    expect(status).toBe(401);
  });

  it('refuses bad syntax, unknown commands, frames before CONNECT and other versions', async () => {
    const user = await h.user();
    const cases: Array<[string, string]> = [
      ['garbage\nno-colon\n\n\0', 'REALTIME.MALFORMED_FRAME'],
      ['FLY\n\n\0', 'REALTIME.UNKNOWN_COMMAND'],
      ['SUBSCRIBE\nid:1\ndestination:/topic/promotions\n\n\0', 'REALTIME.NOT_CONNECTED'],
      ['CONNECT\naccept-version:1.0,1.1\n\n\0', 'REALTIME.UNSUPPORTED_VERSION'],
      [
        `CONNECT\naccept-version:1.2\nheart-beat:soon\npasscode:${user.token}\n\n\0`,
        'REALTIME.MALFORMED_FRAME',
      ],
    ];
    for (const [wire, code] of cases) {
      const raw = await rawStomp(h.wsUrl);
      raw.sendRaw(wire);
      const error = await raw.next('ERROR');
      expect(error.body).toBe(code);
      expect(error.headers.message).toBeTruthy();
      await raw.whenClosed();
    }
    const raw = await rawStomp(h.wsUrl);
    raw.send('CONNECT', { 'accept-version': '1.2', passcode: user.token });
    await raw.next('CONNECTED');
    raw.send('SEND', { destination: '/topic/promotions' }, 'hi');
    expect((await raw.next('ERROR')).body).toBe('REALTIME.UNSUPPORTED_FRAME');
  });
});

describe('heart-beats', () => {
  it('sends heart-beats, and closes a session whose client stops sending them', async () => {
    const user = await h.user();
    const silent = await rawStomp(h.wsUrl);
    // Promises a heart-beat every 100 ms, wants one every 100 ms, then never sends anything again: the
    // server gives up after heartBeatTolerance (5) intervals of silence.
    silent.send('CONNECT', { 'accept-version': '1.2', passcode: user.token, 'heart-beat': '100,100' });
    await silent.next('CONNECTED');
    // It does not police the server's beats (incoming 0): a loaded CI machine's timer lag must not end it.
    const lively = await stomp(user.token, { outgoing: 100, incoming: 0 });
    await waitFor(() => silent.heartbeats >= 2, 'heart-beats from the server');
    const error = await silent.next('ERROR', 3000);
    expect(error.body).toBe('REALTIME.HEARTBEAT_TIMEOUT');
    await silent.whenClosed();
    // The stompjs session heart-beats on its own and outlives the silent one.
    const orderId = h.newOrder({ customerId: user.id });
    const messages = await lively.subscribe(`/topic/orders/${orderId}`);
    await h.emit(h.statusEvent(orderId, 'CONFIRMED'));
    await waitFor(() => messages.length === 1, 'a push to the live session');
    expect(lively.closed()).toBe(false);
  });

  it('does not end a heart-beating session because this process itself stalled', async () => {
    const user = await h.user();
    const lively = await stomp(user.token, { outgoing: 100, incoming: 0 });
    // The server and the client share this process: a stall longer than the tolerance (5 × 100 ms) stops
    // both, and the client's beats sit unread when the server's check wakes up.
    const stallUntil = Date.now() + 1200;
    while (Date.now() < stallUntil) {
      // busy: nothing else runs
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(lively.closed()).toBe(false);
    expect(lively.errors).toEqual([]);
  });
});

describe('token expiry', () => {
  it('ends a session when the token that opened it expires, with TOKEN.EXPIRED', async () => {
    const user = await h.user();
    const session = await rawStomp(h.wsUrl);
    session.send('CONNECT', { 'accept-version': '1.2', passcode: user.token, 'heart-beat': '0,0' });
    await session.next('CONNECTED');
    // Still inside the token's life: the session stays.
    h.clock.advance(60_000);
    const orderId = h.newOrder({ customerId: user.id });
    session.send('SUBSCRIBE', { id: 's1', destination: `/topic/orders/${orderId}`, receipt: 'r1' });
    await session.next('RECEIPT');
    // Past the access token's lifetime (15 min by default).
    h.clock.advance(15 * 60_000);
    expect((await session.next('ERROR')).body).toBe('TOKEN.EXPIRED');
    await session.whenClosed();
  });
});

describe('slow clients', () => {
  it('drops a client that stops reading, while a fast one keeps receiving everything', async () => {
    const customer = await h.user();
    const orderId = h.newOrder({ customerId: customer.id });
    const fast = await stomp(customer.token);
    const received = await fast.subscribe(`/topic/orders/${orderId}`);
    const slow = await rawStomp(h.wsUrl);
    slow.send('CONNECT', { 'accept-version': '1.2', passcode: customer.token, 'heart-beat': '0,0' });
    await slow.next('CONNECTED');
    slow.send('SUBSCRIBE', { id: 's', destination: `/topic/orders/${orderId}`, receipt: 'r' });
    await slow.next('RECEIPT');
    // The slow client's process stops reading its socket: the server's send buffer fills.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    const bulky = Array.from({ length: 40 }, (_, i) => ({
      menuItemId: `item-${i}`,
      name: 'x'.repeat(4000),
      quantity: 1,
    }));
    const sent: string[] = [];
    const dropped = () => gauge('realtime_slow_clients_dropped_total');
    for (let i = 0; i < 400 && (await dropped()) === 0; i++) {
      const event = h.statusEvent(orderId, i % 2 === 0 ? 'PREPARING' : 'CONFIRMED', { items: bulky });
      sent.push(event.id);
      await h.emit(event);
      await waitFor(() => received.length === sent.length, `push ${i} to the fast client`);
    }
    expect(await dropped()).toBe(1);
    for (let i = 0; i < 3; i++) {
      const event = h.statusEvent(orderId, 'PREPARING');
      sent.push(event.id);
      await h.emit(event);
    }
    await waitFor(() => received.length === sent.length, 'the pushes after the drop');
    expect(received.map((m) => JSON.parse(m.body).id)).toEqual(sent);
    expect(await gauge('realtime_websocket_sessions')).toBe(1);
    slow.ws.terminate();
  });
});
