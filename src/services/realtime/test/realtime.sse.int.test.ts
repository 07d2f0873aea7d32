import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { ACCESS_TOKEN_COOKIE } from '../../../platform/http/principal.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { openSse, waitFor, type SseReader } from './live-clients.js';
import {
  createTestSql,
  RESTAURANT,
  startRealtime,
  TEST_SETTINGS,
  type RealtimeHarness,
} from './realtime-harness.js';

let sql: PgliteSql;
let h: RealtimeHarness;
const readers: SseReader[] = [];
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
  for (const reader of readers.splice(0)) reader.close();
  await h.close();
});

async function sse(url: string, options: Parameters<typeof openSse>[1] = {}): Promise<SseReader> {
  const reader = await openSse(url, options);
  readers.push(reader);
  return reader;
}

const eventIds = (reader: SseReader) => reader.messages.map((m) => JSON.parse(m.data).id as string);

async function gauge(name: string): Promise<number> {
  const metric = (await h.metrics.getMetricsAsJSON()).find((m) => m.name === name);
  return Number(metric?.values.reduce((sum, v) => sum + v.value, 0) ?? 0);
}

function location(orderId: string, courierId: string, n: number): EventEnvelope {
  return h.event('CourierLocationUpdated', orderId, {
    orderId,
    courierId,
    latitude: 12.97 + n / 1000,
    longitude: 77.59,
    recordedAt: h.clock.now().toISOString(),
  });
}

describe('order stream', () => {
  it('starts a stream without Last-Event-ID at the moment it is answered, whatever the tail has read', async () => {
    // A tail that reads rarely: its cursor is far behind the table when the client connects.
    await h.close();
    h = await startRealtime(sql, { ...TEST_SETTINGS, tailPollMs: 60_000 });
    const customer = await h.user();
    const orderId = h.newOrder({ customerId: customer.id });
    await h.emit(h.statusEvent(orderId, 'CONFIRMED'));
    const stream = await sse(`${h.server.url}/api/orders/${orderId}/stream`, { token: customer.token });
    const preparing = h.statusEvent(orderId, 'PREPARING');
    await h.emit(preparing);
    await waitFor(() => stream.messages.length > 0, 'the live PREPARING');
    // Nothing stored before the answer is sent; a moment more for a stray earlier event to show up.
    await h.emit(h.statusEvent(orderId, 'READY'));
    await waitFor(() => stream.messages.length > 1, 'the live READY');
    expect(eventIds(stream)[0]).toBe(preparing.id);
    expect(stream.messages.map((m) => JSON.parse(m.data).data.status)).toEqual(['PREPARING', 'READY']);
  });

  it('resumes after Last-Event-ID with every missed event exactly once, then live ones', async () => {
    const customer = await h.user();
    const courier = await h.user({ roles: ['DELIVERY_PARTNER'] });
    const orderId = h.newOrder({ customerId: customer.id });
    const url = `${h.server.url}/api/orders/${orderId}/stream`;
    // The middle of the order's life: it was placed and confirmed before anyone listened.
    await h.emit(h.statusEvent(orderId, 'CONFIRMED'));

    const first = await sse(url, { token: customer.token });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    const preparing = h.statusEvent(orderId, 'PREPARING');
    await h.emit(preparing);
    await waitFor(() => first.messages.length === 1, 'the live PREPARING');
    const seen = first.messages[0];
    expect(seen?.event).toBe('OrderStatusUpdated');
    expect(JSON.parse(seen?.data ?? '')).toEqual({
      id: preparing.id,
      type: 'OrderStatusUpdated',
      time: preparing.time,
      subject: orderId,
      data: preparing.data,
    });
    first.close();
    await waitFor(() => first.ended(), 'the first stream to end');

    // Missed while away: three events of this order, one of another.
    h.orders.orders.get(orderId)!.courierId = courier.id;
    const missed = [
      h.statusEvent(orderId, 'READY'),
      h.statusEvent(orderId, 'OUT_FOR_DELIVERY'),
      location(orderId, courier.id, 1),
    ];
    const otherOrder = h.newOrder();
    for (const event of [missed[0], h.statusEvent(otherOrder, 'CONFIRMED'), missed[1], missed[2]]) {
      await h.emit(event as EventEnvelope);
    }

    // Events keep coming while the client reconnects: none may fall between backlog and live.
    const during = location(orderId, courier.id, 2);
    const [second] = await Promise.all([
      sse(url, { token: customer.token, lastEventId: seen?.id }),
      h.emit(during),
    ]);
    const delivered = h.statusEvent(orderId, 'DELIVERED');
    await h.emit(delivered);
    await waitFor(() => eventIds(second).includes(delivered.id), 'the live DELIVERED');

    expect(eventIds(second)).toEqual([...missed, during, delivered].map((e) => e.id));
    expect(second.messages.map((m) => m.event)).toEqual([
      'OrderStatusUpdated',
      'OrderStatusUpdated',
      'CourierLocationUpdated',
      'CourierLocationUpdated',
      'OrderStatusUpdated',
    ]);
    const positions = second.messages.map((m) => Number(m.id));
    expect(positions.every((p, i) => i === 0 || p > (positions[i - 1] as number))).toBe(true);
    expect(positions[0]).toBeGreaterThan(Number(seen?.id));
  });

  it('keeps the order of events stored as one batch, each once, live and on resume', async () => {
    const customer = await h.user();
    const orderId = h.newOrder({ customerId: customer.id });
    const otherOrder = h.newOrder({ customerId: customer.id });
    const url = `${h.server.url}/api/orders/${orderId}/stream`;
    const live = await sse(url, { token: customer.token });
    const batch = [
      h.statusEvent(orderId, 'CONFIRMED'),
      h.statusEvent(otherOrder, 'CONFIRMED'),
      h.statusEvent(orderId, 'PREPARING'),
      location(orderId, 'c-1', 1),
    ];
    await h.emitBatch(batch);
    const mine = [batch[0], batch[2], batch[3]].map((event) => (event as EventEnvelope).id);
    await waitFor(() => live.messages.length === 3, 'the batch on the live stream');
    expect(eventIds(live)).toEqual(mine);
    const resumed = await sse(url, { token: customer.token, lastEventId: live.messages[0]?.id ?? '' });
    await waitFor(() => resumed.messages.length === 2, 'the rest of the batch on resume');
    expect(eventIds(resumed)).toEqual(mine.slice(1));
  });

  it('resumes on another instance sharing the database, and goes on live there', async () => {
    const customer = await h.user();
    const orderId = h.newOrder({ customerId: customer.id });
    const other = await h.secondInstance();
    try {
      const onFirst = await sse(`${h.server.url}/api/orders/${orderId}/stream`, { token: customer.token });
      const confirmed = h.statusEvent(orderId, 'CONFIRMED');
      await h.emit(confirmed);
      await waitFor(() => onFirst.messages.length === 1, 'CONFIRMED on the first instance');
      onFirst.close();

      const missed = [h.statusEvent(orderId, 'PREPARING'), h.statusEvent(orderId, 'READY')];
      for (const event of missed) await h.emit(event);
      const onSecond = await sse(`${other.server.url}/api/orders/${orderId}/stream`, {
        token: customer.token,
        lastEventId: onFirst.messages[0]?.id,
      });
      // Published on the bus only: the second instance's own live feed and tail bring it.
      const live = h.statusEvent(orderId, 'PICKED_UP');
      await h.bus.publish(live);
      await waitFor(() => onSecond.messages.length >= 3, 'the missed and the live events', 8000);
      expect(eventIds(onSecond)).toEqual([...missed, live].map((e) => e.id));
    } finally {
      await other.close();
    }
  });

  it('is for the people who may see the order, and refuses a Last-Event-ID it never gave', async () => {
    const customer = await h.user();
    const stranger = await h.user();
    const staff = await h.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [RESTAURANT] });
    const orderId = h.newOrder({ customerId: customer.id });
    const url = `${h.server.url}/api/orders/${orderId}/stream`;

    const anonymous = await sse(url);
    expect(anonymous.status).toBe(401);
    const foreign = await h.request({
      method: 'GET',
      url: `/api/orders/${orderId}/stream`,
      token: stranger.token,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'REALTIME.ORDER_NOT_FOUND' });
    const unknown = await h.request({
      method: 'GET',
      url: `/api/orders/${h.deps.ids.next()}/stream`,
      token: customer.token,
    });
    expect(unknown.json()).toMatchObject({ code: 'REALTIME.ORDER_NOT_FOUND' });
    const badId = await h.request({
      method: 'GET',
      url: `/api/orders/${orderId}/stream`,
      token: customer.token,
      headers: { 'last-event-id': 'abc' },
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({ code: 'REALTIME.INVALID_LAST_EVENT_ID' });

    // Staff of its restaurant, through the cookie as a browser's EventSource sends it.
    const viaCookie = await sse(url, { cookie: `${ACCESS_TOKEN_COOKIE}=${staff.token}` });
    expect(viaCookie.status).toBe(200);
    await h.emit(h.statusEvent(orderId, 'CONFIRMED'));
    await waitFor(() => viaCookie.messages.length === 1, 'the update for staff');
    expect(await gauge('realtime_sse_streams')).toBe(1);
  });

  it("keeps a quiet stream's last id recent through its keep-alives, so a late resume needs no reset", async () => {
    const customer = await h.user();
    const orderId = h.newOrder({ customerId: customer.id });
    const otherOrder = h.newOrder({ customerId: customer.id });
    const url = `${h.server.url}/api/orders/${orderId}/stream`;
    const quiet = await sse(url, { token: customer.token });
    const elsewhere = h.statusEvent(otherOrder, 'CONFIRMED');
    await h.emit(elsewhere);
    // Nothing of this order happened, yet the keep-alive moves the client's last id past the other entry.
    const { rows } = await sql.query<{ position: number }>(
      'SELECT position FROM realtime.stream_events WHERE event_id = $1',
      [elsewhere.id],
    );
    const position = String(rows[0]?.position);
    await waitFor(() => quiet.lastEventId === position, 'a keep-alive carrying the position');
    expect(quiet.messages).toEqual([]);
    quiet.close();
    // A day later that entry is pruned; resuming from the keep-alive's id loses nothing: no reset.
    h.clock.advance(25 * 60 * 60 * 1000);
    let left = -1;
    await waitFor(() => {
      void sql
        .query('SELECT 1 FROM realtime.stream_events WHERE event_id = $1', [elsewhere.id])
        .then((r) => (left = r.rows.length));
      return left === 0;
    }, 'the prune');
    const operator = await h.user({ roles: ['SYSTEM_ADMIN'] });
    const resumed = await sse(url, { token: operator.token, lastEventId: position });
    const ready = h.statusEvent(orderId, 'CONFIRMED');
    await h.emit(ready);
    await waitFor(() => resumed.messages.length === 1, 'the next event');
    expect(resumed.messages[0]?.event).toBe('OrderStatusUpdated');
  });

  it('sends keep-alive comments, and lets go of a client that left', async () => {
    const customer = await h.user();
    const orderId = h.newOrder({ customerId: customer.id });
    const reader = await sse(`${h.server.url}/api/orders/${orderId}/stream`, { token: customer.token });
    await waitFor(() => reader.comments.includes('keep-alive'), 'a keep-alive comment');
    expect(await gauge('realtime_sse_streams')).toBe(1);
    reader.close();
    await waitFor(() => reader.ended(), 'the reader to stop');
    let open = 1;
    await waitFor(() => {
      void gauge('realtime_sse_streams').then((n) => (open = n));
      return open === 0;
    }, 'the server to drop the stream');
  });
});

describe('documentation', () => {
  it('lists both streams in the OpenAPI document, and not the WebSocket route', async () => {
    const docs = await h.request({ method: 'GET', url: '/docs/json' });
    expect(docs.statusCode).toBe(200);
    const paths = Object.keys((docs.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/orders/{id}/stream', '/api/notifications/stream']));
    expect(paths).not.toContain('/ws');
  });
});

describe('notifications stream', () => {
  it("merges the user's inboxes and promotions in order, and resumes them", async () => {
    const staff = await h.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [RESTAURANT] });
    const someoneElse = await h.user();
    const url = `${h.server.url}/api/notifications/stream`;
    const notification = (recipient: string) =>
      h.event('NotificationCreated', h.deps.ids.next(), {
        notificationId: h.deps.ids.next(),
        recipient,
        kind: 'NEW_ORDER',
        title: 'New order',
        body: 'A new order came in',
        createdAt: h.clock.now().toISOString(),
      });
    const promotion = () =>
      h.event('PromotionStarted', h.deps.ids.next(), { promotionId: h.deps.ids.next(), title: 'Half off' });

    const reader = await sse(url, { token: staff.token });
    const firstBatch = [notification(`user:${staff.id}`), promotion()];
    for (const event of [notification(`user:${someoneElse.id}`), ...firstBatch]) await h.emit(event);
    await waitFor(() => reader.messages.length === 2, 'the first two');
    reader.close();

    const missed = [notification(`restaurant:${RESTAURANT}`), promotion(), notification(`user:${staff.id}`)];
    for (const event of [...missed, notification(`user:${someoneElse.id}`)]) await h.emit(event);
    const resumed = await sse(url, { token: staff.token, lastEventId: reader.messages[1]?.id });
    await waitFor(() => resumed.messages.length === 3, 'the missed three');
    expect(eventIds(reader)).toEqual(firstBatch.map((e) => e.id));
    expect(eventIds(resumed)).toEqual(missed.map((e) => e.id));
    expect(resumed.messages.map((m) => m.event)).toEqual([
      'NotificationCreated',
      'PromotionStarted',
      'NotificationCreated',
    ]);
  });
});

describe('stream history', () => {
  it('tells a client resuming from pruned history to reload, then goes on live', async () => {
    const customer = await h.user();
    const orderId = h.newOrder({ customerId: customer.id });
    const url = `${h.server.url}/api/orders/${orderId}/stream`;
    const live = await sse(url, { token: customer.token });
    await h.emit(h.statusEvent(orderId, 'CONFIRMED'));
    await h.emit(h.statusEvent(orderId, 'PREPARING'));
    await waitFor(() => live.messages.length === 2, 'two live events');
    const lastSeen = live.messages[0]?.id ?? '';
    live.close();
    // A day later the entries are pruned: what followed the client's id is gone.
    h.clock.advance(25 * 60 * 60 * 1000);
    let left = -1;
    await waitFor(() => {
      void sql
        .query('SELECT 1 FROM realtime.stream_events WHERE stream_key = $1', [`order:${orderId}`])
        .then((r) => (left = r.rows.length));
      return left === 0;
    }, 'the prune');
    // The customer's token has long expired: an operator, signed in now, follows the same order.
    const operator = await h.user({ roles: ['SYSTEM_ADMIN'] });
    const resumed = await sse(url, { token: operator.token, lastEventId: lastSeen });
    await waitFor(() => resumed.messages.length === 1, 'the reset');
    expect(resumed.messages[0]?.event).toBe('reset');
    expect(JSON.parse(resumed.messages[0]?.data ?? '{}')).toMatchObject({ reason: 'HISTORY_EXPIRED' });
    const ready = h.statusEvent(orderId, 'READY');
    await h.emit(ready);
    await waitFor(() => resumed.messages.length === 2, 'the next live event');
    expect(JSON.parse(resumed.messages[1]?.data ?? '{}').id).toBe(ready.id);
    // Resuming from the reset's id is an ordinary resume: no second reset.
    const again = await sse(url, { token: operator.token, lastEventId: resumed.messages[0]?.id ?? '' });
    await waitFor(() => again.messages.length === 1, 'the missed READY');
    expect(again.messages[0]?.event).toBe('OrderStatusUpdated');
  });

  it('stores each event once per stream though it is fed twice, and prunes it after a day', async () => {
    const customer = await h.user();
    const orderId = h.newOrder({ customerId: customer.id });
    const event = h.statusEvent(orderId, 'CONFIRMED');
    await h.emit(event);
    await h.realtime.streamWriter.deliver(event);
    const rows = () =>
      sql.query<{ stream_key: string }>('SELECT stream_key FROM realtime.stream_events WHERE event_id = $1', [
        event.id,
      ]);
    expect((await rows()).rows).toEqual([{ stream_key: `order:${orderId}` }]);
    h.clock.advance(25 * 60 * 60 * 1000);
    let left = 1;
    await waitFor(() => {
      void rows().then((r) => (left = r.rows.length));
      return left === 0;
    }, 'the prune');
  });
});
