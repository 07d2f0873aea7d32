// Serves the built web app (web/dist) from the gateway: hashed assets cached for a year, index.html never
// cached, and index.html for every other page path so deep links (/orders/<id>) load the app.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, CommonErrors } from '../platform/errors/app-error.js';

/** Paths that belong to the API and operations: an unknown one is a JSON 404, never the app's page. */
export const NOT_APP_PREFIXES = [
  '/api',
  '/auth',
  '/ws',
  '/docs',
  '/health',
  '/ready',
  '/metrics',
  '/.well-known',
  '/assets',
] as const;

export function isAppPath(urlPath: string): boolean {
  return !NOT_APP_PREFIXES.some((prefix) => urlPath === prefix || urlPath.startsWith(`${prefix}/`));
}

/**
 * CSP sources the app needs beyond the kernel's `default-src 'self'`: none. Its scripts and styles are
 * files (no inline code), it calls its own origin, and CSP Level 3 lets 'self' cover ws:/wss: to the same
 * host for the STOMP socket.
 */
export const WEB_APP_CSP = {} as const;

const YEAR_SECONDS = 365 * 24 * 3600;
const pageRoute = { config: { rateLimit: false }, schema: { hide: true } } as const;

export function webAppRoutes(options: { dist: string }): FastifyPluginAsync {
  return async (app) => {
    const { dist } = options;
    if (!existsSync(path.join(dist, 'index.html'))) {
      app.get('/', pageRoute, async () => {
        throw new AppError(
          CommonErrors.UNAVAILABLE,
          'The web app is not built: run `npm run build:web` (npm start builds it by itself).',
        );
      });
      return;
    }
    await app.register(fastifyStatic, { root: dist, serve: false });
    // Top-level files other than the page itself (favicon.svg), read once: the build swaps whole folders.
    const rootFiles = new Set(
      readdirSync(dist, { withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name !== 'index.html')
        .map((entry) => entry.name),
    );

    app.get('/assets/*', pageRoute, async (request, reply) => {
      const file = (request.params as { '*': string })['*'];
      return reply.sendFile(`assets/${file}`, { maxAge: YEAR_SECONDS * 1000, immutable: true });
    });

    const page = async (request: FastifyRequest, reply: FastifyReply) => {
      const urlPath = request.url.split('?')[0] ?? '/';
      if (!isAppPath(urlPath)) return reply.callNotFound();
      const name = urlPath.slice(1);
      reply.header('cache-control', 'no-cache');
      if (rootFiles.has(name)) return reply.sendFile(name, { cacheControl: false });
      return reply.type('text/html; charset=utf-8').sendFile('index.html', { cacheControl: false });
    };
    app.get('/', pageRoute, page);
    app.get('/*', pageRoute, page);
  };
}
