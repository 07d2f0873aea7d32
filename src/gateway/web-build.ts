// Builds the web app (web/ → web/dist) with Vite's JS API when the build is missing or older than its
// sources, so `npm start` and the browser tests always serve the current UI without a separate step.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web app's folder in this checkout. */
export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

export interface WebBuildOptions {
  webDir?: string;
  /** Build even when web/dist looks current. */
  force?: boolean;
  log?: (message: string) => void;
}

export interface WebBuildResult {
  dist: string;
  built: boolean;
}

// Output and scratch folders are not sources: a build must not make itself stale.
const NOT_SOURCES = new Set(['dist', 'node_modules']);
const isScratch = (name: string) => name.startsWith('.build-') || name.startsWith('dist.old-');

/** The newest modification time among the web app's sources (index.html, src/, configs, public/). */
function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_SOURCES.has(entry.name) || isScratch(entry.name)) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function isWebBuildCurrent(webDir = WEB_DIR): boolean {
  const index = path.join(webDir, 'dist', 'index.html');
  if (!existsSync(index)) return false;
  return statSync(index).mtimeMs >= newestSourceMtime(webDir);
}

/**
 * Builds into a scratch folder and swaps it in, so a server reading web/dist never sees a half-written
 * build, and two processes building at once (parallel test files) each finish with a whole one.
 */
export async function ensureWebBuilt(options: WebBuildOptions = {}): Promise<WebBuildResult> {
  // One build at a time in this process: the build sets NODE_ENV for its duration.
  const previous = inFlight;
  const mine = previous.catch(() => undefined).then(() => buildIfStale(options));
  inFlight = mine;
  return mine;
}

let inFlight: Promise<unknown> = Promise.resolve();

async function buildIfStale(options: WebBuildOptions): Promise<WebBuildResult> {
  const webDir = options.webDir ?? WEB_DIR;
  const dist = path.join(webDir, 'dist');
  if (!options.force && isWebBuildCurrent(webDir)) return { dist, built: false };

  options.log?.('building the web app (web/ → web/dist)');
  const id = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const scratch = path.join(webDir, `.build-${id}`);
  // Imported here: serving a built app must not load the bundler.
  const { build } = await import('vite');
  // Vite and the React plugin take development or production from NODE_ENV when it is set (vitest sets
  // `test`): a mix ships a bundle that calls React's development JSX runtime in its production build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: webDir,
      configFile: path.join(webDir, 'vite.config.ts'),
      // The module runner evaluates the config in memory: no temp file beside it for parallel builds to race on.
      configLoader: 'runner',
      logLevel: 'warn',
      mode: 'production',
      build: { outDir: scratch, emptyOutDir: true },
    });
    const old = path.join(webDir, `dist.old-${id}`);
    try {
      renameSync(dist, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      renameSync(scratch, dist);
    } catch (error) {
      // Another process swapped its build in first: theirs is as current as ours.
      if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(scratch, { recursive: true, force: true });
  }
  return { dist, built: true };
}
