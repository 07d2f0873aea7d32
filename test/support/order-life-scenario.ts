// One order's whole life through the public HTTP API, with the read models that follow it through events
// (notifications, order history, delivery offers): the same scenario on every way the platform runs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_RESTAURANT_ID } from '../../src/main/demo-accounts.js';
import { until, type FullPlatform } from './full-platform.js';

interface Money {
  amount: number;
  currency: string;
}
interface MenuItem {
  id: string;
  name: string;
  price: Money;
  available: boolean;
}
interface Order {
  orderId: string;
  customerId: string;
  restaurantId: string;
  courierId: string | null;
  status: string;
  items: Array<{ menuItemId: string; quantity: number }>;
  subtotal: Money;
  deliveryFee: Money;
  discount: Money;
  totalAmount: Money;
  payment: { state: string; paymentId: string | null; failureCode: string | null };
  distanceKm: number | null;
  estimatedDeliveryTime: string;
  cancellation: { reason: string; completed: boolean } | null;
  refunded: boolean;
  courierLocation: { latitude: number; longitude: number } | null;
}
interface Page<T> {
  content: T[];
  totalElements: number;
}
interface TimelineEntry {
  type: string;
  details: Record<string, unknown>;
}
interface Notification {
  kind: string;
  data: { orderId?: string };
}
interface Payment {
  orderId: string;
  method: string;
  status: string;
  amount: Money;
  card?: Record<string, string>;
  refund?: { amount: Money };
}
interface ApiError {
  code: string;
  details?: Record<string, unknown>;
}

const EMAIL = (who: string) => `${who}@demo.sattzabite.test`;

/** Defines the scenario's tests inside the caller's `describe`; `start` builds the platform under test. */
export function orderLifeScenario(start: () => Promise<FullPlatform>): void {
  let platform: FullPlatform;
  let customer: string;
  let staff: string;
  let courier: string;
  let addressId: string;
  let items: MenuItem[];
  let restaurant: { latitude: number; longitude: number };

  beforeAll(async () => {
    platform = await start();
    [customer, staff, courier] = (await Promise.all(
      ['customer', 'staff', 'courier'].map((who) => platform.login(EMAIL(who))),
    )) as [string, string, string];
    const addresses = await platform.call<Array<{ id: string; isDefault: boolean }>>(
      'GET',
      '/api/users/me/addresses',
      { token: customer },
    );
    expect(addresses.status).toBe(200);
    addressId = (addresses.body.find((address) => address.isDefault) ?? addresses.body[0])!.id;
    const menu = await platform.call<{ items: MenuItem[] }>(
      'GET',
      `/api/menu/restaurants/${DEMO_RESTAURANT_ID}`,
    );
    expect(menu.status).toBe(200);
    items = menu.body.items.filter((item) => item.available);
    expect(items.length).toBeGreaterThanOrEqual(2);
    const detail = await platform.call<{ address: { latitude: number; longitude: number } }>(
      'GET',
      `/api/restaurants/${DEMO_RESTAURANT_ID}`,
    );
    expect(detail.status).toBe(200);
    restaurant = detail.body.address;
  }, 180_000);

  afterAll(async () => {
    await platform?.close();
  }, 60_000);

  function place(token: string, lines: Array<{ item: MenuItem; quantity: number }>) {
    return platform.call<Order & ApiError>('POST', '/api/orders', {
      token: customer,
      body: {
        restaurantId: DEMO_RESTAURANT_ID,
        items: lines.map(({ item, quantity }) => ({ menuItemId: item.id, quantity })),
        fulfillment: 'DELIVERY',
        addressId,
        payment: { method: 'CARD', token },
      },
    });
  }

  async function placePaid(): Promise<Order> {
    const placed = await place('tok_visa', [{ item: items[0]!, quantity: 1 }]);
    expect(placed.status).toBe(201);
    expect(placed.body.status).toBe('CONFIRMED');
    return placed.body;
  }

  async function detail(orderId: string, token = customer): Promise<Order> {
    const answer = await platform.call<Order>('GET', `/api/orders/${orderId}`, { token });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  async function timeline(orderId: string): Promise<TimelineEntry[]> {
    const answer = await platform.call<{ entries: TimelineEntry[] }>(
      'GET',
      `/api/orders/${orderId}/timeline`,
      {
        token: customer,
      },
    );
    expect(answer.status).toBe(200);
    return answer.body.entries;
  }

  async function inStaffQueue(orderId: string): Promise<boolean> {
    const queue = await platform.call<Page<Order>>('GET', '/api/orders?active=true&size=100', {
      token: staff,
    });
    expect(queue.status).toBe(200);
    return queue.body.content.some((order) => order.orderId === orderId);
  }

  async function payments(orderId: string): Promise<Payment[]> {
    const answer = await platform.call<Page<Payment>>('GET', `/api/payments?orderId=${orderId}`, {
      token: customer,
    });
    expect(answer.status).toBe(200);
    return answer.body.content;
  }

  it('takes an order from the basket to the door: restaurant, courier, notifications, history, payment', async () => {
    const lines = [
      { item: items[0]!, quantity: 2 },
      { item: items[1]!, quantity: 1 },
    ];
    const placed = await place('tok_visa', lines);
    expect(placed.status).toBe(201);
    const order = placed.body;
    expect(order.status).toBe('CONFIRMED');
    const subtotal = lines.reduce((sum, { item, quantity }) => sum + item.price.amount * quantity, 0);
    expect(order.subtotal.amount).toBe(subtotal);
    expect(order.deliveryFee.amount).toBeGreaterThan(0);
    expect(order.discount.amount).toBe(0);
    expect(order.totalAmount).toEqual({ amount: subtotal + order.deliveryFee.amount, currency: 'INR' });
    expect(Date.parse(order.estimatedDeliveryTime)).toBeGreaterThan(Date.now());
    const orderId = order.orderId;

    let seen = (await timeline(orderId)).length;
    /** The detail shows `status`, the timeline grew and ends with the change, the queue holds it while active. */
    const expectStep = async (status: string, lastEntry: string) => {
      expect((await detail(orderId)).status, `detail at ${status}`).toBe(status);
      const entries = await timeline(orderId);
      expect(entries.length, `timeline at ${status}`).toBeGreaterThan(seen);
      seen = entries.length;
      const last = entries.at(-1)!;
      expect(last.type).toBe(lastEntry);
      if (lastEntry === 'STATUS_CHANGED') expect(last.details.to).toBe(status);
      const final = status === 'DELIVERED';
      expect(await inStaffQueue(orderId), `staff queue at ${status}`).toBe(!final);
    };
    expect((await detail(orderId)).status).toBe('CONFIRMED');
    expect(await inStaffQueue(orderId)).toBe(true);
    expect((await timeline(orderId)).map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['ORDER_PLACED', 'PAYMENT_SUCCEEDED', 'STATUS_CHANGED']),
    );

    for (const status of ['PREPARING', 'READY']) {
      const moved = await platform.call<Order>('PUT', `/api/orders/${orderId}/status`, {
        token: staff,
        body: { status },
      });
      expect(moved.status, `staff moves to ${status}`).toBe(200);
      expect(moved.body.status).toBe(status);
      await expectStep(status, 'STATUS_CHANGED');
    }

    const online = await platform.call('PUT', '/api/deliveries/me', {
      token: courier,
      body: { online: true, latitude: restaurant.latitude + 0.001, longitude: restaurant.longitude },
    });
    expect(online.status).toBe(200);
    const offer = await until(async () => {
      const offers = await platform.call<Page<{ orderId: string; restaurantId: string }>>(
        'GET',
        '/api/deliveries/offers?size=100',
        { token: courier },
      );
      return offers.body.content.find((candidate) => candidate.orderId === orderId);
    }, 'the delivery offer of the READY order');
    expect(offer.restaurantId).toBe(DEMO_RESTAURANT_ID);
    const accepted = await platform.call<{ orderId: string }>('POST', `/api/deliveries/${orderId}/accept`, {
      token: courier,
    });
    expect(accepted.status).toBe(201);
    const assigned = await detail(orderId);
    expect(assigned.status).toBe('READY');
    expect(assigned.courierId).not.toBeNull();
    await expectStep('READY', 'COURIER_ASSIGNED');

    const out = await platform.call<Order>('PUT', `/api/orders/${orderId}/status`, {
      token: courier,
      body: { status: 'OUT_FOR_DELIVERY' },
    });
    expect(out.status).toBe(200);
    await expectStep('OUT_FOR_DELIVERY', 'STATUS_CHANGED');

    const position = { latitude: restaurant.latitude + 0.002, longitude: restaurant.longitude + 0.002 };
    const located = await platform.call('POST', `/api/deliveries/${orderId}/location`, {
      token: courier,
      body: position,
    });
    expect(located.status).toBe(200);
    await until(async () => {
      const where = (await detail(orderId)).courierLocation;
      return where?.latitude === position.latitude && where.longitude === position.longitude
        ? true
        : undefined;
    }, "the courier's position on the order");

    const delivered = await platform.call<Order>('PUT', `/api/orders/${orderId}/status`, {
      token: courier,
      body: { status: 'DELIVERED' },
    });
    expect(delivered.status).toBe(200);
    await expectStep('DELIVERED', 'STATUS_CHANGED');

    const entry = await until(async () => {
      const page = await platform.call<Page<{ orderId: string; status: string; totalAmount: Money }>>(
        'GET',
        '/api/users/me/orders?size=100',
        { token: customer },
      );
      const found = page.body.content.find((candidate) => candidate.orderId === orderId);
      return found?.status === 'DELIVERED' ? found : undefined;
    }, 'the order history showing DELIVERED');
    expect(entry.totalAmount).toEqual(order.totalAmount);

    const [payment, ...others] = await payments(orderId);
    expect(others).toHaveLength(0);
    expect(payment).toMatchObject({ orderId, method: 'CARD', status: 'CAPTURED', amount: order.totalAmount });
    expect(payment!.card).toEqual({ brand: expect.any(String), last4: '4242', masked: '****4242' });
    expect(JSON.stringify(payment)).not.toMatch(/\d{12,}|tok_visa/);

    // The notifications consumer also publishes NotificationCreated: this fails if the composition does not
    // register the notifications event schemas (src/main/event-schemas.ts).
    const wanted = [
      'ORDER_CONFIRMED',
      'ORDER_PREPARING',
      'ORDER_READY',
      'ORDER_OUT_FOR_DELIVERY',
      'ORDER_DELIVERED',
    ];
    await until(async () => {
      const inbox = await platform.call<Page<Notification>>('GET', '/api/notifications?size=100', {
        token: customer,
      });
      const kinds = inbox.body.content.filter((n) => n.data.orderId === orderId).map((n) => n.kind);
      return wanted.every((kind) => kinds.includes(kind)) ? kinds : undefined;
    }, "the customer's notifications for every status");
  });

  it('cancels the order when the card is declined, answering 402 with the order and a payment reason', async () => {
    const placed = await place('tok_chargeDeclined', [{ item: items[0]!, quantity: 1 }]);
    expect(placed.status).toBe(402);
    expect(placed.body.code).toBe('ORDERS.PAYMENT_DECLINED');
    const orderId = placed.body.details?.orderId;
    expect(orderId).toEqual(expect.any(String));
    const order = await detail(orderId as string);
    expect(order.status).toBe('CANCELLED');
    expect(order.payment.state).toBe('FAILED');
    expect(order.cancellation?.reason).toMatch(/^payment_declined/);
    expect(order.refunded).toBe(false);
    expect(await inStaffQueue(order.orderId)).toBe(false);
  });

  it("refunds a paid order the customer cancels while it's CONFIRMED", async () => {
    const order = await placePaid();
    const cancelled = await platform.call<Order>('POST', `/api/orders/${order.orderId}/cancel`, {
      token: customer,
      body: { reason: 'changed my mind' },
    });
    expect(cancelled.status).toBe(200);
    const after = await until(async () => {
      const current = await detail(order.orderId);
      return current.status === 'CANCELLED' && current.refunded ? current : undefined;
    }, 'the cancelled order refunded');
    expect(after.cancellation).toMatchObject({ reason: 'changed my mind', completed: true });
    expect((await timeline(order.orderId)).map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['CANCELLATION_REQUESTED', 'REFUND_COMPLETED', 'ORDER_CANCELLED']),
    );
    const refunded = await until(async () => {
      const found = (await payments(order.orderId)).find((payment) => payment.status === 'REFUNDED');
      return found;
    }, 'the payment shown refunded');
    expect(refunded.refund?.amount).toEqual(order.totalAmount);
    expect(await inStaffQueue(order.orderId)).toBe(false);
  });

  it('refuses a move by the wrong actor (403) and a move the order cannot make (409)', async () => {
    const order = await placePaid();
    const byCustomer = await platform.call<ApiError>('PUT', `/api/orders/${order.orderId}/status`, {
      token: customer,
      body: { status: 'PREPARING' },
    });
    expect(byCustomer.status).toBe(403);
    const skipping = await platform.call<ApiError>('PUT', `/api/orders/${order.orderId}/status`, {
      token: staff,
      body: { status: 'DELIVERED' },
    });
    expect(skipping.status).toBe(409);
    expect(skipping.body.code).toBe('ORDERS.INVALID_ORDER_STATE');
    expect((await detail(order.orderId)).status).toBe('CONFIRMED');
  });
}
