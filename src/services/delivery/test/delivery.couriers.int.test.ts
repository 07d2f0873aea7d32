import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { deliveryContract, type CourierStatusView } from '../index.js';
import { createTestSql, NEAR, startDelivery, type DeliveryHarness } from './delivery-harness.js';

let sql: PgliteSql;
let h: DeliveryHarness;
beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startDelivery(sql);
});
afterEach(async () => {
  await h.close();
});

describe('courier availability', () => {
  it('is offline with no position until the courier first sets it', async () => {
    const courier = await h.user({ roles: ['DELIVERY_PARTNER'] });
    const res = await h.request({ method: 'GET', url: '/api/deliveries/me', token: courier.token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      courierId: courier.id,
      online: false,
      latitude: null,
      longitude: null,
      locatedAt: null,
      activeJobs: 0,
    });
  });

  it('goes online and offline with a position', async () => {
    const courier = await h.user({ roles: ['DELIVERY_PARTNER'] });
    const online = await h.request({
      method: 'PUT',
      url: '/api/deliveries/me',
      token: courier.token,
      payload: { online: true, ...NEAR },
    });
    expect(online.statusCode).toBe(200);
    expect(online.json()).toMatchObject({ online: true, ...NEAR, locatedAt: h.clock.now().toISOString() });

    const offline = await h.request({
      method: 'PUT',
      url: '/api/deliveries/me',
      token: courier.token,
      payload: { online: false, latitude: 12.5, longitude: 77.1 },
    });
    expect(offline.json()).toMatchObject({ online: false, latitude: 12.5, longitude: 77.1 });
    const read = await h.request({ method: 'GET', url: '/api/deliveries/me', token: courier.token });
    expect(read.json<CourierStatusView>().online).toBe(false);
  });

  it.each([
    ['a latitude out of range', { online: true, latitude: 91, longitude: 77 }],
    ['a longitude out of range', { online: true, latitude: 12, longitude: -181 }],
    ['no position', { online: true }],
    ['online as a string', { online: 'yes', latitude: 12, longitude: 77 }],
  ])('refuses %s with 400', async (_case, payload) => {
    const courier = await h.user({ roles: ['DELIVERY_PARTNER'] });
    const res = await h.request({ method: 'PUT', url: '/api/deliveries/me', token: courier.token, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
  });
});

describe('access', () => {
  const routes = [
    { method: 'GET', url: '/api/deliveries/me' },
    { method: 'PUT', url: '/api/deliveries/me', payload: { online: true, ...NEAR } },
    { method: 'GET', url: '/api/deliveries/offers' },
    { method: 'GET', url: '/api/deliveries/jobs' },
    { method: 'POST', url: '/api/deliveries/0190f000-0000-7000-8000-0000000000e1/accept' },
    { method: 'POST', url: '/api/deliveries/0190f000-0000-7000-8000-0000000000e1/location', payload: NEAR },
  ] as const;

  it.each(routes)('$method $url needs a token (401) and the courier role (403)', async (route) => {
    const anonymous = await h.request({ ...route });
    expect(anonymous.statusCode).toBe(401);
    const customer = await h.user({ roles: ['CUSTOMER'] });
    const asCustomer = await h.request({ ...route, token: customer.token });
    expect(asCustomer.statusCode).toBe(403);
    expect(asCustomer.json()).toMatchObject({ code: 'COMMON.FORBIDDEN' });
  });
});

describe('DeliveryClient', () => {
  it('declares every operation as safe to retry', () => {
    expect(Object.values(deliveryContract.operations).every((policy) => policy.idempotent)).toBe(true);
  });

  it('answers a courier status, and refuses an id that is not a UUID', async () => {
    const courier = await h.courier();
    await expect(h.delivery.client.getCourierStatus({ courierId: courier.id })).resolves.toMatchObject({
      online: true,
      ...NEAR,
    });
    await expect(h.delivery.client.getCourierStatus({ courierId: 'nope' })).rejects.toMatchObject({
      code: 'DELIVERY.INVALID_INPUT',
    });
    await expect(h.delivery.client.getAssignment({ orderId: 'nope' })).resolves.toBeNull();
  });
});
