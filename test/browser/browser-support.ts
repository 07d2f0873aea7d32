// Chromium for the browser tests: Debian's package driven by playwright-core (no browser download here).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/main/demo-accounts.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the run writes the screenshots the README links to. */
export const SCREENSHOT_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../docs/screenshots',
);

/**
 * Whether Chromium is installed. Under CI=true a missing browser fails the suite; elsewhere the suite is
 * skipped with the reason printed, as test/support/require-server.ts does for servers.
 */
export function requireChromium(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const reason = `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: a missing browser fails the suite)`);
  console.warn(`SKIPPED: ${reason}`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A context's cookies and storage, to open another context already signed in. */
export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

export interface Tab {
  context: BrowserContext;
  page: Page;
  /** Content-Security-Policy violations the page reported (the built app must cause none). */
  cspViolations: string[];
  /** Uncaught exceptions in the page's scripts. */
  pageErrors: string[];
}

/** A fresh browser context (its own cookies) with one page at `url`. */
export async function openTab(
  browser: Browser,
  url: string,
  options: {
    viewport?: { width: number; height: number };
    mobile?: boolean;
    storageState?: StorageState;
  } = {},
): Promise<Tab> {
  const context = await browser.newContext({
    baseURL: url,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    ...(options.storageState === undefined ? {} : { storageState: options.storageState }),
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, cspViolations, pageErrors };
}

/** Signs in through the sign-in form and waits for the role's home page. */
export async function signIn(page: Page, who: string, home: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(`${who}@demo.sattzabite.test`);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`**${home}`);
}

/**
 * Marks the loaded document; `stillSameDocument` is true only while no reload or navigation replaced it,
 * which is how a test proves a page changed "without a reload".
 */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true;
  });
}

export function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument === true);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
