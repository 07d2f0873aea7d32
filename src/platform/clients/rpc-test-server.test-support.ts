import Fastify, { type FastifyInstance } from 'fastify';
import { AppError, CommonErrors } from '../errors/app-error.js';
import { rpcRoutes } from './rpc-routes.js';
import type { ServiceContract, ServiceHandlers, ServiceOperations } from './service-contract.js';

const STATUS: Record<string, number> = {
  [CommonErrors.VALIDATION]: 400,
  [CommonErrors.NOT_FOUND]: 404,
  [CommonErrors.CONFLICT]: 409,
  [CommonErrors.UNAVAILABLE]: 503,
  [CommonErrors.TIMEOUT]: 504,
};

/**
 * A Fastify instance on a free loopback port serving the contract's RPC routes, with an error handler that
 * answers in the platform's error shape (as the HTTP kernel does), so these tests do not wait for the kernel.
 * `requests` counts the RPC requests that reached it.
 */
export async function startRpcServer<Ops extends ServiceOperations>(
  contract: ServiceContract<Ops>,
  handlers: ServiceHandlers<Ops>,
): Promise<{ url: string; app: FastifyInstance; requests: () => number }> {
  // Tests abort requests mid-flight; closing must not wait for those sockets to time out.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  let requests = 0;
  app.addHook('onRequest', async () => {
    requests += 1;
  });
  app.setErrorHandler((error, request, reply) => {
    const known = error instanceof AppError;
    const other = error as { statusCode?: number; message?: string };
    const status = known ? (error.status ?? STATUS[error.code] ?? 500) : (other.statusCode ?? 500);
    const code = known ? error.code : status < 500 ? CommonErrors.VALIDATION : CommonErrors.INTERNAL;
    void reply.status(status).send({
      timestamp: new Date().toISOString(),
      status,
      error: status >= 500 ? 'Internal Server Error' : 'Bad Request',
      code,
      message: known || status < 500 ? String(other.message) : 'internal error',
      path: request.url,
      requestId: request.id,
      ...(known && error.details !== undefined ? { details: error.details } : {}),
    });
  });
  await app.register(rpcRoutes(contract, handlers));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, app, requests: () => requests };
}
