export {
  defineServiceContract,
  rpcPath,
  type OperationPolicy,
  type ServiceClient,
  type ServiceContract,
  type ServiceHandlers,
  type ServiceOperations,
} from './service-contract.js';
export { inputChecker } from './input-checker.js';
export { createLocalTransport } from './local-transport.js';
export { createHttpTransport, type HttpTransportOptions } from './http-transport.js';
export { rpcRoutes } from './rpc-routes.js';
export type { BreakerOptions } from './target-breakers.js';
