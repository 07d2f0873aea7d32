import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { AppError, CommonErrors } from '../errors/app-error.js';

export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

/**
 * Registers `routes` (service RPC routes) behind the shared internal token: only other SattzaBite nodes
 * know it, so a public client that reaches a node directly cannot call another service's operations.
 * The comparison is constant-time.
 */
export function guardedInternalRoutes(token: string, routes: FastifyPluginAsync[]): FastifyPluginAsync {
  const expected = Buffer.from(token);
  return async (app) => {
    app.addHook('onRequest', async (request) => {
      const presented = request.headers[INTERNAL_TOKEN_HEADER];
      const given = Buffer.from(typeof presented === 'string' ? presented : '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new AppError(CommonErrors.FORBIDDEN, 'Internal routes need the internal token.', {
          status: 403,
        });
      }
    });
    for (const plugin of routes) await app.register(plugin);
  };
}
