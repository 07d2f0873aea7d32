// How one service reaches another: in-process when this process hosts it (still JSON round-tripped, so it
// behaves like HTTP), over HTTP through discovery otherwise.
import { createHttpTransport, createLocalTransport } from '../platform/clients/index.js';
import type { ServiceClient, ServiceContract, ServiceOperations } from '../platform/clients/index.js';
import { staticServiceUrls } from '../platform/config/index.js';
import { createRedisDiscovery, createStaticDiscovery, type Discovery } from '../platform/discovery/index.js';
import { INTERNAL_TOKEN_HEADER } from '../platform/http/index.js';
import type { ServiceModule } from '../platform/runtime/service-module.js';
import type { Runtime } from './runtime.js';

export const REGISTRY_NAMESPACE = 'sattzabite:instances';

/** Static URLs when SERVICE_URLS is set (or there is no Redis), else the registry in Redis. */
export function createDiscovery(runtime: Pick<Runtime, 'config' | 'redis' | 'log'>): Discovery {
  const urls = staticServiceUrls(runtime.config);
  if (urls.size > 0 || runtime.redis === undefined) return createStaticDiscovery(urls);
  return createRedisDiscovery({
    redis: runtime.redis,
    namespace: REGISTRY_NAMESPACE,
    cacheMs: 2_000,
    log: runtime.log,
  });
}

export function clientFor<Ops extends ServiceOperations>(
  runtime: Runtime,
  discovery: Discovery,
  contract: ServiceContract<Ops>,
  hosted: ServiceModule | undefined,
): ServiceClient<Ops> {
  if (hosted !== undefined) return createLocalTransport(contract, hosted.client as ServiceClient<Ops>);
  const token = runtime.config.INTERNAL_TOKEN ?? '';
  return createHttpTransport({
    contract,
    discovery,
    timeoutMs: 3_000,
    retries: 2,
    breaker: { consecutiveFailures: 5, halfOpenAfterMs: 5_000 },
    log: runtime.log,
    headers: () => ({ [INTERNAL_TOKEN_HEADER]: token }),
  });
}
