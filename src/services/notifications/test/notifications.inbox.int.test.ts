import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { OrdersEvents } from '../../orders/index.js';
import { RestaurantEvents } from '../../restaurants/index.js';
import type { NotificationPage, NotificationView, OutboxEmailPage } from '../index.js';
import { aStatusUpdate, ORDER_ID } from './notification-events.js';
import {
  createTestSql,
  RESTAURANT_ID,
  startNotifications,
  type NotificationsHarness,
} from './notifications-harness.js';

let sql: PgliteSql;
let h: NotificationsHarness;
let ann: { id: string; token: string };
let bob: { id: string; token: string };

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startNotifications(sql);
  ann = await h.user();
  bob = await h.user();
  // Three updates for Ann (and one to the restaurant's inbox with the confirmation), a minute apart.
  for (const [previous, status] of [
    ['PENDING', 'CONFIRMED'],
    ['CONFIRMED', 'PREPARING'],
    ['PREPARING', 'READY'],
  ] as const) {
    await h.feed(
      h.event(OrdersEvents.ORDER_STATUS_UPDATED, ORDER_ID, aStatusUpdate(ann.id, previous, status)),
    );
    h.clock.advance(60_000);
  }
});
afterEach(async () => {
  await h.close();
});

const list = async (token: string, query = '') => {
  const response = await h.request({ method: 'GET', url: `/api/notifications${query}`, token });
  expect(response.statusCode).toBe(200);
  return response.json() as NotificationPage;
};

describe('GET /api/notifications', () => {
  it('lists my notifications newest first, paged, and only mine', async () => {
    const page = await list(ann.token, '?size=2');
    expect(page).toMatchObject({ page: 0, size: 2, totalElements: 3, totalPages: 2 });
    expect(page.content.map((n) => n.kind)).toEqual(['ORDER_READY', 'ORDER_PREPARING']);
    expect(page.content[0]).toMatchObject({
      recipient: `user:${ann.id}`,
      readAt: null,
      data: { orderId: ORDER_ID },
    });
    expect((await list(bob.token)).totalElements).toBe(0);
    expect((await h.request({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
  });

  it("shows restaurant staff their restaurant's inbox too", async () => {
    const staff = await h.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [RESTAURANT_ID] });
    await h.feed(
      h.event(RestaurantEvents.STATUS_CHANGED, RESTAURANT_ID, {
        restaurantId: RESTAURANT_ID,
        open: false,
        changedBy: staff.id,
      }),
    );
    expect((await list(staff.token)).content.map((n) => n.kind)).toEqual(['RESTAURANT_CLOSED', 'NEW_ORDER']);
  });
});

describe('reading', () => {
  it('marks one read (keeping the first read time), filters unread, and marks all read', async () => {
    const [newest] = (await list(ann.token)).content as [NotificationView];
    const read = await h.request({
      method: 'POST',
      url: `/api/notifications/${newest.id}/read`,
      token: ann.token,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: newest.id, readAt: h.clock.now().toISOString() });
    h.clock.advance(1000);
    const again = await h.request({
      method: 'POST',
      url: `/api/notifications/${newest.id}/read`,
      token: ann.token,
    });
    expect((again.json() as NotificationView).readAt).toBe((read.json() as NotificationView).readAt);

    expect((await list(ann.token, '?unread=true')).content.map((n) => n.kind)).toEqual([
      'ORDER_PREPARING',
      'ORDER_CONFIRMED',
    ]);
    const all = await h.request({ method: 'POST', url: '/api/notifications/read-all', token: ann.token });
    expect(all.json()).toEqual({ updated: 2 });
    expect((await list(ann.token, '?unread=true')).totalElements).toBe(0);
  });

  it("answers 404 for another user's notification and for an unknown id, and changes nothing", async () => {
    const [annsNewest] = (await list(ann.token)).content as [NotificationView];
    const stolen = await h.request({
      method: 'POST',
      url: `/api/notifications/${annsNewest.id}/read`,
      token: bob.token,
    });
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json()).toMatchObject({ code: 'NOTIFICATIONS.NOTIFICATION_NOT_FOUND' });
    const unknown = await h.request({
      method: 'POST',
      url: `/api/notifications/${h.deps.ids.next()}/read`,
      token: ann.token,
    });
    expect(unknown.statusCode).toBe(404);
    expect(
      (await h.request({ method: 'POST', url: '/api/notifications/read-all', token: bob.token })).json(),
    ).toEqual({
      updated: 0,
    });
    expect((await list(ann.token, '?unread=true')).totalElements).toBe(3);
  });
});

describe('GET /api/admin/notifications/emails', () => {
  it('shows the local email outbox to a system admin only', async () => {
    const admin = await h.user({ roles: ['SYSTEM_ADMIN'] });
    const response = await h.request({
      method: 'GET',
      url: '/api/admin/notifications/emails?size=10',
      token: admin.token,
    });
    expect(response.statusCode).toBe(200);
    const page = response.json() as OutboxEmailPage;
    // The fake users service gives every profile an address; ORDER_UPDATES email is on by default.
    expect(page.totalElements).toBe(3);
    expect(page.content[0]).toMatchObject({
      to: `${ann.id.slice(-6)}@mail.test`,
      subject: 'SattzaBite: Order ready',
    });
    expect(
      (await h.request({ method: 'GET', url: '/api/admin/notifications/emails', token: ann.token }))
        .statusCode,
    ).toBe(403);
    expect((await h.request({ method: 'GET', url: '/api/admin/notifications/emails' })).statusCode).toBe(401);
  });
});
