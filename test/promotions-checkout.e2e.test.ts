// Promotions end to end on the embedded platform: an owner's offer is announced live on the notifications
// stream, applied at checkout (total and timeline), refused when exhausted or foreign (and no order is
// placed), and given back when the order is cancelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RESTAURANT_ID } from '../src/main/demo-accounts.js';
import { startFullPlatform, type FullPlatform } from './support/full-platform.js';

let platform: FullPlatform;
let owner: string;
let customer: string;
let itemId: string;

beforeAll(async () => {
  platform = await startFullPlatform();
  owner = await platform.login('owner@demo.sattzabite.test');
  customer = await platform.login('customer@demo.sattzabite.test');
  const menu = await platform.call<{ items: Array<{ id: string; available: boolean }> }>(
    'GET',
    `/api/menu/restaurants/${DEMO_RESTAURANT_ID}`,
  );
  const item = menu.body.items.find((candidate) => candidate.available);
  if (item === undefined) throw new Error('the demo restaurant has nothing available');
  itemId = item.id;
}, 120_000);
afterAll(async () => {
  await platform.close();
});

const order = (promotionCode: string, restaurantId = DEMO_RESTAURANT_ID, menuItemId = itemId) => ({
  restaurantId,
  items: [{ menuItemId, quantity: 4 }],
  fulfillment: 'PICKUP',
  payment: { method: 'CARD', token: 'tok_visa' },
  promotionCode,
});

const offer = (code: string, overrides: Record<string, unknown> = {}) => ({
  restaurantId: DEMO_RESTAURANT_ID,
  title: `${code} offer`,
  description: 'Ten percent off for the test',
  code,
  kind: 'PERCENT',
  percentOff: 10,
  startsAt: new Date(Date.now() - 60_000).toISOString(),
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
  ...overrides,
});

/** Reads the SSE stream until an event of `type` arrives; returns its data. */
async function nextEvent(response: Response, type: string, timeoutMs = 10_000): Promise<unknown> {
  const reader = response.body?.getReader();
  if (reader === undefined) throw new Error('no stream body');
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const read = await Promise.race([
      reader.read(),
      new Promise<{ done: true; value: undefined }>((resolve) =>
        setTimeout(() => resolve({ done: true, value: undefined }), deadline - Date.now()),
      ),
    ]);
    if (read.done) break;
    text += decoder.decode(read.value, { stream: true });
    const match = text.split('\n\n').find((message) => message.includes(`event: ${type}`));
    const data = match?.split('\n').find((line) => line.startsWith('data: '));
    if (data !== undefined) {
      await reader.cancel();
      return JSON.parse(data.slice('data: '.length));
    }
  }
  await reader.cancel();
  throw new Error(`no ${type} on the stream; got:\n${text}`);
}

describe('promotions at checkout (embedded)', () => {
  it('announces an offer live, applies its code once, refuses it when used up, and gives it back on cancel', async () => {
    const stream = await fetch(`${platform.url}/api/notifications/stream`, {
      headers: { authorization: `Bearer ${customer}`, accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(200);
    const announced = nextEvent(stream, 'PromotionStarted');

    const created = await platform.call<{ id: string; code: string }>('POST', '/api/promotions', {
      token: owner,
      body: offer('ONCE10', { maxRedemptions: 1 }),
    });
    expect(created.status).toBe(201);
    expect(await announced).toMatchObject({ type: 'PromotionStarted', data: { code: 'ONCE10' } });

    const placed = await platform.call<{
      orderId: string;
      status: string;
      subtotal: { amount: number };
      deliveryFee: { amount: number };
      discount: { amount: number };
      totalAmount: { amount: number };
      promotionCode: string | null;
    }>('POST', '/api/orders', { token: customer, body: order('once10') });
    expect([placed.status, placed.body.status, placed.body.promotionCode]).toEqual([
      201,
      'CONFIRMED',
      'ONCE10',
    ]);
    expect(placed.body.discount.amount).toBe(Math.floor(placed.body.subtotal.amount / 10));
    expect(placed.body.totalAmount.amount).toBe(
      placed.body.subtotal.amount + placed.body.deliveryFee.amount - placed.body.discount.amount,
    );
    const timeline = await platform.call<{
      entries: Array<{ type: string; details: Record<string, unknown> }>;
    }>('GET', `/api/orders/${placed.body.orderId}/timeline`, { token: customer });
    expect(timeline.body.entries[0]).toMatchObject({
      type: 'ORDER_PLACED',
      details: { promotionCode: 'ONCE10', discount: placed.body.discount },
    });

    // Used up: refused with promotions' code, and no order is placed.
    const before = await platform.call<{ totalElements: number }>('GET', '/api/orders', { token: customer });
    const exhausted = await platform.call<{ code: string }>('POST', '/api/orders', {
      token: customer,
      body: order('ONCE10'),
    });
    expect([exhausted.status, exhausted.body.code]).toEqual([422, 'PROMOTIONS.CODE_EXHAUSTED']);
    const after = await platform.call<{ totalElements: number }>('GET', '/api/orders', { token: customer });
    expect(after.body.totalElements).toBe(before.body.totalElements);

    // Cancelling the order gives the redemption back (through OrderStatusUpdated): the code works again.
    const cancelled = await platform.call('POST', `/api/orders/${placed.body.orderId}/cancel`, {
      token: customer,
      body: { reason: 'changed my mind' },
    });
    expect(cancelled.status).toBe(200);
    const deadline = Date.now() + 10_000;
    let again = await platform.call<{ status: string }>('POST', '/api/orders', {
      token: customer,
      body: order('ONCE10'),
    });
    while (again.status === 422 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      again = await platform.call('POST', '/api/orders', { token: customer, body: order('ONCE10') });
    }
    expect([again.status, again.body.status]).toEqual([201, 'CONFIRMED']);
  });

  it("refuses another restaurant's code, an unknown code and a deactivated one, placing nothing", async () => {
    const restaurants = await platform.call<{ content: Array<{ id: string }> }>(
      'GET',
      '/api/restaurants?size=10',
    );
    const other = restaurants.body.content.find((r) => r.id !== DEMO_RESTAURANT_ID);
    if (other === undefined) throw new Error('the demo city has one restaurant only');
    const admin = await platform.login('admin@demo.sattzabite.test');
    const foreign = await platform.call<{ id: string }>('POST', '/api/promotions', {
      token: admin,
      body: offer('ELSEWHERE5', { restaurantId: other.id, percentOff: 5 }),
    });
    expect(foreign.status).toBe(201);
    const paused = await platform.call<{ id: string }>('POST', '/api/promotions', {
      token: owner,
      body: offer('PAUSED10'),
    });
    await platform.call('PATCH', `/api/promotions/${paused.body.id}`, {
      token: owner,
      body: { active: false },
    });

    const before = await platform.call<{ totalElements: number }>('GET', '/api/orders', { token: customer });
    for (const [code, expected] of [
      ['ELSEWHERE5', 'PROMOTIONS.CODE_NOT_APPLICABLE'],
      ['NO-SUCH-CODE', 'PROMOTIONS.CODE_NOT_FOUND'],
      ['PAUSED10', 'PROMOTIONS.CODE_NOT_FOUND'],
    ] as const) {
      const refused = await platform.call<{ code: string; message: string }>('POST', '/api/orders', {
        token: customer,
        body: order(code),
      });
      expect([refused.status, refused.body.code]).toEqual([422, expected]);
      expect(refused.body.message.length).toBeGreaterThan(10);
    }
    const after = await platform.call<{ totalElements: number }>('GET', '/api/orders', { token: customer });
    expect(after.body.totalElements).toBe(before.body.totalElements);
  });
});
