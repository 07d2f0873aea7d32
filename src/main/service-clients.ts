// How one service reaches another: in-process when this process hosts it (still JSON round-tripped, so it
// behaves like HTTP), over HTTP through discovery otherwise.
import { createHttpTransport, createLocalTransport } from '../platform/clients/index.js';
import type { ServiceClient, ServiceContract, ServiceOperations } from '../platform/clients/index.js';
import { staticServiceUrls } from '../platform/config/index.js';
import {
  createLayeredDiscovery,
  createRedisDiscovery,
  InstanceHealth,
  type Discovery,
} from '../platform/discovery/index.js';
import { INTERNAL_TOKEN_HEADER } from '../platform/http/index.js';
import type { ServiceModule } from '../platform/runtime/service-module.js';
import { redisKeys } from './redis-keys.js';
import type { Runtime } from './runtime.js';

/** What a process knows about the instances of the services it calls. */
export interface ServiceDirectory {
  discovery: Discovery;
  /** Passive health shared by every caller in the process: a dead instance is skipped by all at once. */
  health: InstanceHealth;
}

/** How often an instance marked down is asked whether it is back. */
const PROBE_EVERY_MS = 1_000;

/**
 * Static URLs for the services SERVICE_URLS names, the Redis registry for the others (none without Redis),
 * so that a node may pin some peers and discover the rest.
 */
export function createDirectory(runtime: Pick<Runtime, 'config' | 'redis' | 'log'>): ServiceDirectory {
  const registry =
    runtime.redis === undefined
      ? undefined
      : createRedisDiscovery({
          redis: runtime.redis,
          namespace: redisKeys(runtime.config).registry,
          cacheMs: 2_000,
          log: runtime.log,
        });
  return {
    discovery: createLayeredDiscovery(staticServiceUrls(runtime.config), registry),
    health: new InstanceHealth({ probeEveryMs: PROBE_EVERY_MS, log: runtime.log }),
  };
}

const directories = new WeakMap<object, ServiceDirectory>();

/**
 * The process's one directory: the services' clients and the token verifier share its registry reads and
 * its passive health.
 */
export function directoryOf(runtime: Pick<Runtime, 'config' | 'redis' | 'log'>): ServiceDirectory {
  let directory = directories.get(runtime);
  if (directory === undefined) {
    directory = createDirectory(runtime);
    directories.set(runtime, directory);
  }
  return directory;
}

export function clientFor<Ops extends ServiceOperations>(
  runtime: Runtime,
  directory: ServiceDirectory,
  contract: ServiceContract<Ops>,
  hosted: ServiceModule | undefined,
): ServiceClient<Ops> {
  if (hosted !== undefined) return createLocalTransport(contract, hosted.client as ServiceClient<Ops>);
  const token = runtime.config.INTERNAL_TOKEN ?? '';
  return createHttpTransport({
    contract,
    discovery: directory.discovery,
    health: directory.health,
    timeoutMs: 3_000,
    retries: 2,
    breaker: { consecutiveFailures: 5, halfOpenAfterMs: 5_000 },
    log: runtime.log,
    headers: () => ({ [INTERNAL_TOKEN_HEADER]: token }),
  });
}
