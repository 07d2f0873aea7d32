// The web app's discovery and business features in Chromium against the embedded platform: search with
// suggestions and filters, menu photos uploaded by staff, offers (created by the owner, used by the
// customer), the "for you" row and the charts of the operator and the restaurant.
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RESTAURANT_ID } from '../../src/main/demo-accounts.js';
import { ensureWebBuilt } from '../../src/gateway/web-build.js';
import { startFullPlatform, type FullPlatform } from '../support/full-platform.js';
import {
  launchChromium,
  openTab,
  requireChromium,
  screenshot,
  signIn,
  type StorageState,
  type Tab,
} from './browser-support.js';
import { platePng } from './png-image.js';

const available = requireChromium();

const eventually = <T>(probe: () => Promise<T>) => expect.poll(probe, { timeout: 15_000, interval: 100 });

interface MenuItem {
  id: string;
  name: string;
  allergens: string[];
  available: boolean;
}

const HOMES = { customer: '/restaurants', staff: '/kitchen', owner: '/kitchen', admin: '/operator' } as const;
type Who = keyof typeof HOMES;

/** `Paneer Butter Masala` → `Paeer Butter Masala`: its longest word loses its third letter. */
function typoOf(name: string): string {
  const longest = name.split(' ').reduce((a, b) => (b.length > a.length ? b : a));
  return name.replace(longest, longest.slice(0, 2) + longest.slice(3));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const digits = (text: string | null) => (text ?? '').replace(/[^\d]/g, '');

/** The whole accessible text of the results, for messages when a wait fails. */
const resultNames = (results: Locator) => results.getByRole('link').allTextContents();

describe.skipIf(!available)('web app features (Chromium, embedded platform)', () => {
  let platform: FullPlatform;
  let browser: Browser;
  let items: MenuItem[];
  const tabs: Tab[] = [];
  const sessions = new Map<Who, StorageState>();
  const PROMO_CODE = 'BROWSER20';

  /** A tab signed in as `who` (signing in once per role, then reusing its cookies). */
  const tabAs = async (who: Who, path?: string) => {
    const state = sessions.get(who);
    const opened = await openTab(browser, platform.url, state === undefined ? {} : { storageState: state });
    tabs.push(opened);
    if (state === undefined) {
      await signIn(opened.page, who, HOMES[who]);
      sessions.set(who, await opened.context.storageState());
    }
    if (path !== undefined) await opened.page.goto(path);
    return opened;
  };

  const noErrors = (opened: Tab) => {
    expect(opened.cspViolations).toEqual([]);
    expect(opened.pageErrors).toEqual([]);
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    [platform, browser] = await Promise.all([startFullPlatform(), launchChromium()]);
    const menu = await platform.call<{ items: MenuItem[] }>(
      'GET',
      `/api/menu/restaurants/${DEMO_RESTAURANT_ID}`,
    );
    items = menu.body.items;

    // An offer of the demo restaurant, made through the API by its admin, for the checkout test.
    const owner = await platform.login('owner@demo.sattzabite.test');
    const offer = await platform.call('POST', '/api/promotions', {
      token: owner,
      body: {
        restaurantId: DEMO_RESTAURANT_ID,
        title: 'Twenty off at the Courtyard',
        description: 'For the browser tests.',
        code: PROMO_CODE,
        kind: 'PERCENT',
        percentOff: 20,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
      },
    });
    expect(offer.status).toBe(201);

    // Two orders through the API, so that the charts and the recommendations have something to show.
    const customer = await platform.login('customer@demo.sattzabite.test');
    const addresses = await platform.call<Array<{ id: string }>>('GET', '/api/users/me/addresses', {
      token: customer,
    });
    const [first, second] = items;
    for (const lines of [[first], [first, second]]) {
      const placed = await platform.call('POST', '/api/orders', {
        token: customer,
        body: {
          restaurantId: DEMO_RESTAURANT_ID,
          items: lines.map((item) => ({ menuItemId: item?.id, quantity: 2 })),
          fulfillment: 'DELIVERY',
          addressId: addresses.body[0]?.id,
          payment: { method: 'CARD', token: 'tok_visa' },
        },
      });
      expect(placed.status).toBe(201);
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  }, 60_000);

  it('finds a dish typed with a typo through the suggestions and the results page; a filter narrows them', async () => {
    const dish = items.find((item) => /\w{6,}/.test(item.name));
    if (dish === undefined) throw new Error('the demo menu has no dish with a long word');
    const typo = typoOf(dish.name);
    const shop = await tabAs('customer');
    const page = shop.page;
    const box = page.getByRole('combobox', { name: 'Search dishes and restaurants' });

    // The suggestion list offers the dish for the misspelt name; the arrow keys reach it, Enter takes it.
    await box.fill(typo);
    const option = page.getByRole('option', { name: new RegExp(`^${escapeRegExp(dish.name)}\\s*dish$`) });
    await option.waitFor();
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    for (
      let presses = 0;
      presses < 10 && (await option.getAttribute('aria-selected')) !== 'true';
      presses++
    ) {
      await box.press('ArrowDown');
    }
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    await box.press('Enter');
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === dish.name);
    const results = page.getByRole('list', { name: 'Search results' });
    const hit = results.locator(`[data-id="${dish.id}"]`);
    await hit.waitFor();
    expect(await hit.getByRole('link').textContent()).toBe(dish.name);

    // Escape closes the list; Enter then searches the typo itself, which the results page tolerates.
    await box.fill('');
    await box.fill(typo);
    await option.waitFor();
    await box.press('Escape');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    await box.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === typo);
    await eventually(async () => (await hit.count()) > 0 || (await resultNames(results))).toBe(true);
    expect(await hit.locator('mark').count()).toBeGreaterThan(0);

    // A cuisine from the suggestions (by mouse this time) lists its restaurants and dishes; leaving out
    // milk keeps only the dishes without it.
    await box.fill('');
    await box.fill('north');
    await page.getByRole('option', { name: /^north indian\s*cuisine$/i }).click();
    await page.waitForURL((url) => url.searchParams.get('cuisine')?.toLowerCase() === 'north indian');
    const count = page.getByTestId('result-count');
    await eventually(async () => Number(digits(await count.textContent()))).toBeGreaterThan(1);
    const before = Number(digits(await count.textContent()));
    await page.getByText('Leave out allergens').click();
    await page.getByLabel('without milk', { exact: true }).check();
    await page.waitForURL((url) => url.searchParams.get('excludeAllergens') === 'MILK');
    await eventually(async () => Number(digits(await count.textContent()))).toBeLessThan(before);
    await eventually(() => results.getByText(/contains .*milk/).count()).toBe(0);
    expect(await results.locator('[data-kind="dish"]').count()).toBeGreaterThan(0);
    expect(await results.locator('[data-kind="restaurant"]').count()).toBe(0);
    await screenshot(page, 'search-results');
    noErrors(shop);
  });

  it('says search is not available, and still browses, where the search service is not deployed', async () => {
    const shop = await tabAs('customer', '/restaurants');
    // As the gateway answers a route no service has registered.
    await shop.page.route('**/api/search**', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({ status: 404, code: 'COMMON.ROUTE_NOT_FOUND', message: 'Route not found' }),
      }),
    );
    const box = shop.page.getByRole('combobox', { name: 'Search dishes and restaurants' });
    await box.fill('dosa');
    await box.press('Enter');
    await shop.page.getByText('Search is not available on this deployment yet.').waitFor();
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    await shop.page.getByRole('link', { name: 'restaurants', exact: true }).click();
    await shop.page.getByRole('list', { name: 'Restaurants' }).getByRole('link').first().waitFor();
    expect(shop.pageErrors).toEqual([]);
  });

  it('staff add a photo to a dish (an impostor file is refused in words) and the customer’s menu shows it', async () => {
    const dish = items[2] ?? items[0];
    if (dish === undefined) throw new Error('the demo menu is empty');
    const kitchen = await tabAs('staff', '/kitchen/menu');
    const editor = kitchen.page.getByRole('list', { name: 'Menu items' });
    const chooser = editor.getByLabel(`Add photo of ${dish.name}`, { exact: true });

    await chooser.setInputFiles({
      name: 'dish.png',
      mimeType: 'image/png',
      buffer: Buffer.from('#!/bin/sh\necho this is no picture\n'),
    });
    const refused = editor.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      'This file is not an image SattzaBite can show. Choose a JPEG, PNG or WebP picture.',
    );

    await chooser.setInputFiles({ name: 'paneer.png', mimeType: 'image/png', buffer: platePng() });
    const photo = editor.getByRole('img', { name: `Photo of ${dish.name}` });
    await photo.waitFor();
    expect(await photo.getAttribute('src')).toMatch(/^\/api\/storage\/files\/[0-9a-f-]{36}$/);
    expect(await editor.getByRole('alert').count()).toBe(0);
    await eventually(() =>
      photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(160);
    await photo.scrollIntoViewIfNeeded();
    await screenshot(kitchen.page, 'menu-editor-photo');

    const shop = await tabAs('customer', `/restaurants/${DEMO_RESTAURANT_ID}`);
    const shown = shop.page.getByRole('img', { name: `Photo of ${dish.name}` });
    await shown.waitFor();
    await eventually(() =>
      shown.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(160);
    noErrors(kitchen);
    noErrors(shop);
  });

  it('the owner gives the restaurant a photo, and customers see it in the list and above the menu', async () => {
    const restaurant = await platform.call<{ name: string }>('GET', `/api/restaurants/${DEMO_RESTAURANT_ID}`);
    const name = restaurant.body.name;
    const owner = await tabAs('owner', '/kitchen/restaurant');
    const card = owner.page.getByRole('region', { name: 'Photo' });
    await card.getByLabel(`Add photo of ${name}`, { exact: true }).setInputFiles({
      name: 'front.png',
      mimeType: 'image/png',
      buffer: platePng(),
    });
    const photo = card.getByRole('img', { name: `Photo of ${name}` });
    await photo.waitFor();
    expect(await photo.getAttribute('src')).toMatch(/^\/api\/storage\/files\/[0-9a-f-]{36}$/);
    const stored = await platform.call<{ imageUrls: string[] }>(
      'GET',
      `/api/restaurants/${DEMO_RESTAURANT_ID}`,
    );
    expect(stored.body.imageUrls[0]).toBe(await photo.getAttribute('src'));
    await screenshot(owner.page, 'restaurant-photo');

    const shop = await tabAs('customer', `/restaurants/${DEMO_RESTAURANT_ID}`);
    const banner = shop.page.getByRole('img', { name: `Photo of ${name}` });
    await banner.waitFor();
    await eventually(() =>
      banner.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(160);
    await screenshot(shop.page, 'menu-restaurant-photo');
    await shop.page.goto(`${platform.url}/restaurants`);
    await shop.page
      .getByRole('list', { name: 'Restaurants' })
      .getByRole('img', { name: `Photo of ${name}` })
      .waitFor();
    noErrors(owner);
    noErrors(shop);
  });

  it('the owner creates an offer in the form (mistakes in words) and sees the restaurant’s sales charts', async () => {
    const owner = await tabAs('owner', '/kitchen/restaurant');
    const offers = owner.page.getByRole('region', { name: 'Offers' });
    const form = offers.getByRole('form', { name: 'New offer' });
    await form.getByLabel('Title').fill('Lunch hour');
    await form.getByLabel('Code (optional)').fill('LUNCH10');
    await form.getByRole('button', { name: 'Create offer' }).click();
    expect(await form.getByRole('alert').textContent()).toBe('Percent off is a whole number from 1 to 100.');

    await form.getByLabel('Percent off', { exact: true }).fill('10');
    await form.getByRole('button', { name: 'Create offer' }).click();
    await form.getByRole('status').filter({ hasText: 'Offer created' }).waitFor();
    const list = offers.getByRole('list', { name: 'Your offers' });
    await list.getByText('LUNCH10', { exact: true }).waitFor();
    expect(await list.getByText(PROMO_CODE, { exact: true }).count()).toBe(1);

    // The same code again is the server's refusal, in words.
    await form.getByLabel('Title').fill('Lunch hour again');
    await form.getByLabel('Code (optional)').fill('lunch10');
    await form.getByLabel('Percent off', { exact: true }).fill('15');
    await form.getByRole('button', { name: 'Create offer' }).click();
    await eventually(() => form.getByRole('alert').textContent()).toBe(
      'Another offer already uses this code (codes are never reused). Pick another.',
    );

    const sales = owner.page.getByRole('region', { name: 'Sales' });
    const perHour = sales.getByRole('img', { name: /^Orders per hour/ });
    await eventually(() => perHour.getAttribute('aria-label')).toMatch(/: [1-9]\d* in all/);
    await screenshot(owner.page, 'restaurant-sales-offers');
    noErrors(owner);
  });

  it('an order placed with a promotion code shows its discount and code on the tracking page and in the history', async () => {
    const shop = await tabAs('customer', '/offers');
    const page = shop.page;
    await page.getByRole('list', { name: 'Offers' }).getByText(PROMO_CODE, { exact: true }).waitFor();

    await page.goto(`/restaurants/${DEMO_RESTAURANT_ID}`);
    const add = page.getByRole('button', { name: /^Add .* to cart$/ }).first();
    await add.click();
    await add.click();
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await page.getByRole('form', { name: 'Checkout' }).waitFor();
    await eventually(() => page.getByRole('radio', { checked: true }).count()).toBeGreaterThanOrEqual(3);
    await page.getByLabel('Code', { exact: true }).fill(PROMO_CODE.toLowerCase());
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /off$/ }).waitFor();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const orderId = page.url().split('/').pop() ?? '';

    const customer = await platform.login('customer@demo.sattzabite.test');
    const order = await platform.call<{ discount: { amount: number }; promotionCode: string | null }>(
      'GET',
      `/api/orders/${orderId}`,
      { token: customer },
    );
    expect(order.body.promotionCode).toBe(PROMO_CODE);
    expect(order.body.discount.amount).toBeGreaterThan(0);
    const discount = page.getByTestId('discount');
    await discount.waitFor();
    expect(digits(await discount.textContent())).toBe(String(order.body.discount.amount));
    expect(await page.locator('dt').filter({ hasText: 'Discount' }).textContent()).toContain(PROMO_CODE);
    await screenshot(page, 'tracking-discount');

    await page.goto('/orders');
    const entry = page.locator(`[data-order-id="${orderId}"]`);
    await eventually(async () => ((await entry.count()) > 0 ? entry.textContent() : '')).toContain(
      `with ${PROMO_CODE}`,
    );
    noErrors(shop);
  });

  it('shows the demo customer a "for you" row above the restaurants, each entry with its reason', async () => {
    const shop = await tabAs('customer', '/restaurants');
    const row = shop.page.getByRole('region', { name: 'For you' });
    await row.waitFor();
    const picks = row.getByRole('list', { name: 'Recommended for you' }).getByRole('listitem');
    await eventually(() => picks.count()).toBeGreaterThan(0);
    const reasons = await row.locator('.reason').allTextContents();
    expect(reasons.length).toBe(await picks.count());
    for (const reason of reasons) expect(reason.trim()).not.toBe('');
    await screenshot(shop.page, 'for-you');
    noErrors(shop);
  });

  it('draws the operator’s charts, each with a summary and its numbers in a table', async () => {
    const operator = await tabAs('admin', '/operator');
    const business = operator.page.getByRole('region', { name: 'Business' });
    const perHour = business.getByRole('img', { name: /^Orders per hour/ });
    // The two orders of the set-up at least (the checkout test adds one).
    await eventually(async () =>
      Number(/: (\d+) in all/.exec((await perHour.getAttribute('aria-label')) ?? '')?.[1] ?? 0),
    ).toBeGreaterThanOrEqual(2);
    for (const title of [
      'Revenue per hour',
      'Orders per minute',
      'Orders by status',
      'Top dishes',
      'Revenue per restaurant',
    ]) {
      expect(await business.getByRole('img', { name: new RegExp(`^${title}`) }).count(), title).toBe(1);
      expect(await business.getByRole('table', { name: title }).count(), title).toBe(1);
    }
    const statuses = business.getByRole('table', { name: 'Orders by status' });
    await eventually(() => statuses.getByRole('row').count()).toBeGreaterThan(1);
    expect(await business.locator('svg.chart rect').count()).toBeGreaterThan(0);
    await screenshot(operator.page, 'operator-charts');
    noErrors(operator);
  });
});
