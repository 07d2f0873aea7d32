// The web app in Chromium against the embedded platform: a customer orders and watches the order move
// through every status without a reload while the restaurant and the courier move it on in their own
// browser contexts. Live updates come from the realtime service when it is wired in, from polling before.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RESTAURANT_ID } from '../../src/main/demo-accounts.js';
import { ensureWebBuilt } from '../../src/gateway/web-build.js';
import { startFullPlatform, type FullPlatform } from '../support/full-platform.js';
import {
  launchChromium,
  markDocument,
  openTab,
  requireChromium,
  screenshot,
  signIn,
  stillSameDocument,
  type StorageState,
  type Tab,
} from './browser-support.js';

const available = requireChromium();

/** Waits for a condition the pages reach by themselves (live or on their 2 s refresh). */
const eventually = <T>(probe: () => Promise<T>) => expect.poll(probe, { timeout: 15_000, interval: 100 });

describe.skipIf(!available)('web app (Chromium, embedded platform)', () => {
  let platform: FullPlatform;
  let browser: Browser;
  let restaurantName: string;
  const tabs: Tab[] = [];
  let customerState: StorageState | undefined;

  /** The signed-in customer's cookies, for the tests that need no sign-in of their own. */
  const customerSession = async () => {
    if (customerState === undefined) {
      const customer = await tab();
      await signIn(customer.page, 'customer', '/restaurants');
      customerState = await customer.context.storageState();
    }
    return customerState;
  };

  const tab = async (
    ...args: Parameters<typeof openTab> extends [Browser, string, ...infer R] ? R : never
  ) => {
    const opened = await openTab(browser, platform.url, ...args);
    tabs.push(opened);
    return opened;
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    [platform, browser] = await Promise.all([startFullPlatform(), launchChromium()]);
    const restaurant = await platform.call<{ name: string }>('GET', `/api/restaurants/${DEMO_RESTAURANT_ID}`);
    restaurantName = restaurant.body.name;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  }, 60_000);

  it('an order goes CONFIRMED → DELIVERED on the tracking page, moved on by the kitchen and the courier', async () => {
    const [kitchen, courier, customer] = await Promise.all([tab(), tab(), tab()]);
    await Promise.all([
      signIn(kitchen.page, 'staff', '/kitchen'),
      signIn(courier.page, 'courier', '/courier'),
      signIn(customer.page, 'customer', '/restaurants'),
    ]);

    // The kitchen's queue is open before the order exists: the order must arrive in it without a reload.
    await kitchen.page.getByRole('heading', { name: /Order queue/ }).waitFor();
    await markDocument(kitchen.page);

    // The courier waits near the restaurant, online.
    await courier.page.getByLabel('Demo spot').selectOption({ label: `Near ${restaurantName}` });
    await courier.page.getByRole('switch', { name: 'Online for deliveries' }).click();
    await eventually(() =>
      courier.page.getByRole('switch', { name: 'Online for deliveries' }).getAttribute('aria-checked'),
    ).toBe('true');
    await markDocument(courier.page);

    // The customer browses, fills the cart and checks out with the saved address and the succeeding card.
    const shop = customer.page;
    await shop
      .getByRole('list', { name: 'Restaurants' })
      .getByRole('link', { name: restaurantName, exact: true })
      .click();
    await shop.waitForURL(`**/restaurants/${DEMO_RESTAURANT_ID}`);
    const addButtons = shop.getByRole('button', { name: /^Add .* to cart$/ });
    await addButtons.first().waitFor();
    await addButtons.nth(0).click();
    await addButtons.nth(1).click();
    await addButtons.nth(1).click();
    await eventually(() => shop.getByRole('complementary', { name: 'Cart' }).textContent()).toMatch(
      /Subtotal\s*₹/,
    );
    await screenshot(shop, 'customer-menu');
    await shop.getByRole('link', { name: 'Go to checkout' }).click();
    await shop.getByRole('form', { name: 'Checkout' }).waitFor();
    await eventually(() => shop.getByRole('radio', { checked: true }).count()).toBeGreaterThanOrEqual(3);
    await screenshot(shop, 'checkout');
    await shop.getByRole('button', { name: 'Place order' }).click();
    await shop.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const orderId = shop.url().split('/').pop() ?? '';
    await markDocument(shop);
    const status = shop.getByTestId('order-status');
    await eventually(() => status.getAttribute('data-status')).toBe('CONFIRMED');

    // The new order shows up in the kitchen's queue by itself.
    const card = kitchen.page.locator(`[data-order-id="${orderId}"]`);
    await card.waitFor();
    await screenshot(kitchen.page, 'restaurant-queue');

    const step = async (act: () => Promise<void>, expected: string) => {
      await act();
      await eventually(() => status.getAttribute('data-status')).toBe(expected);
    };
    await step(() => card.getByRole('button', { name: 'Accept and start preparing' }).click(), 'PREPARING');
    await step(() => card.getByRole('button', { name: 'Mark ready' }).click(), 'READY');

    // The READY order is offered to the courier nearby, again without a reload.
    const offer = courier.page
      .getByRole('list', { name: 'Offered jobs' })
      .locator(`[data-order-id="${orderId}"]`);
    await offer.waitFor();
    await screenshot(courier.page, 'courier-jobs');
    await offer.getByRole('button', { name: /^Accept/ }).click();
    const job = courier.page.getByRole('list', { name: 'Your jobs' }).locator(`[data-order-id="${orderId}"]`);
    await step(() => job.getByRole('button', { name: 'Picked up' }).click(), 'OUT_FOR_DELIVERY');

    await job.getByRole('button', { name: 'Send my location' }).click();
    await eventually(async () => {
      const refused = courier.page.getByRole('alert');
      if ((await refused.count()) > 0) return `the courier page says: ${await refused.first().textContent()}`;
      return (await shop.getByTestId('courier-position').count()) > 0 ? 'shown' : 'not yet';
    }).toBe('shown');
    expect(await shop.getByTestId('courier-position').textContent()).toMatch(
      /Courier last seen at \d+\.\d+, \d+\.\d+/,
    );
    await eventually(() => shop.getByText(/Expected at your door around/).count()).toBe(1);
    await screenshot(shop, 'tracking');

    await step(() => job.getByRole('button', { name: 'Delivered' }).click(), 'DELIVERED');
    await eventually(() => card.count()).toBe(0);

    for (const page of [shop, kitchen.page, courier.page]) expect(await stillSameDocument(page)).toBe(true);
    const modes = await Promise.all(
      [shop, kitchen.page].map((page) =>
        page
          .locator('[data-live-mode]')
          .first()
          .getAttribute('data-live-mode')
          .catch(() => 'gone'),
      ),
    );
    console.warn(`live updates: kitchen ${modes[1]} (the tracking page stops listening once delivered)`);
    for (const opened of [kitchen, courier, customer]) {
      expect(opened.cspViolations).toEqual([]);
      expect(opened.pageErrors).toEqual([]);
    }
    customerState = await customer.context.storageState();
  }, 90_000);

  it('says a declined card in words, not as the raw error', async () => {
    const customer = await tab({ storageState: await customerSession() });
    const shop = customer.page;
    await shop.goto(`/restaurants/${DEMO_RESTAURANT_ID}`);
    await shop
      .getByRole('button', { name: /^Add .* to cart$/ })
      .first()
      .click();
    await shop.getByRole('link', { name: 'Go to checkout' }).click();
    await shop.getByLabel('Test card').selectOption('tok_chargeDeclined');
    await shop.getByRole('button', { name: 'Place order' }).click();
    const alert = shop.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toBe('Your card was declined, so the order was cancelled. Try another card or pay cash.');
    expect(text).not.toMatch(/[{}"]|ORDERS\./);
    expect(shop.url()).toMatch(/\/checkout$/);
  });

  it('fits the menu on a phone screen', async () => {
    const phone = await tab({
      viewport: { width: 390, height: 844 },
      mobile: true,
      storageState: await customerSession(),
    });
    await phone.page.goto(`/restaurants/${DEMO_RESTAURANT_ID}`);
    await phone.page.getByRole('heading', { name: restaurantName, level: 1 }).waitFor();
    await phone.page
      .getByRole('button', { name: /^Add .* to cart$/ })
      .first()
      .waitFor();
    const widths = await phone.page.evaluate(() => {
      const root = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document.documentElement;
      return { scroll: root.scrollWidth, client: root.clientWidth };
    });
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await screenshot(phone.page, 'customer-menu-phone');
  });

  it('shows the operator the business, the health checks and the dead-letter queue', async () => {
    const operator = await tab();
    await signIn(operator.page, 'admin', '/operator');
    const health = operator.page.getByRole('region', { name: 'Health' });
    await health.getByRole('row', { name: /db/ }).waitFor();
    expect(await health.textContent()).toMatch(/UP/);
    const business = operator.page.getByRole('region', { name: 'Business' });
    await eventually(() => business.textContent()).toMatch(/Orders|Analytics not available/);
    await operator.page
      .getByRole('region', { name: 'Dead-letter queue' })
      .getByText(/Empty|Not available|Redrive/)
      .first()
      .waitFor();
    await screenshot(operator.page, 'operator-dashboard');
    expect(operator.cspViolations).toEqual([]);
    expect(operator.pageErrors).toEqual([]);
  });
});
