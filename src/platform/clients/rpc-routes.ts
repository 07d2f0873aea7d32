import type { FastifyPluginAsync } from 'fastify';
import { AppError, CommonErrors } from '../errors/app-error.js';
import type { ServiceContract, ServiceHandlers, ServiceOperations } from './service-contract.js';
import { rpcPath } from './service-contract.js';
import type { RpcRequestBody, RpcResponseBody } from './wire.js';

/**
 * Serves each operation of the contract at `POST /internal/rpc/<service>/<operation>`, body `{ input }`,
 * answer `{ result }`. Errors are thrown as they are; the host app's error handler writes
 * `{ code, message, details?, status, ... }`, which the HTTP transport turns back into an AppError.
 * Who may call these routes (network policy, service tokens) is the host's decision, not this plugin's.
 */
export function rpcRoutes<Ops extends ServiceOperations>(
  contract: ServiceContract<Ops>,
  handlers: ServiceHandlers<Ops>,
): FastifyPluginAsync {
  return async (app) => {
    for (const operation of Object.keys(contract.operations) as Array<keyof Ops & string>) {
      const handler = handlers[operation] as (input: unknown) => Promise<unknown>;
      app.post(rpcPath(contract.service, operation), async (request): Promise<RpcResponseBody> => {
        const body = request.body as RpcRequestBody | undefined;
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          throw new AppError(CommonErrors.VALIDATION, 'an RPC body is a JSON object { input }', {
            status: 400,
          });
        }
        return { result: await handler(body.input) };
      });
    }
  };
}
