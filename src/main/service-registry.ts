// Every service the platform has, in dependency order, and how to build each from the runtime and the
// clients of the services it calls. Only src/main knows more than one service's factory.
import type { ServiceContract, ServiceOperations } from '../platform/clients/index.js';
import type { ServiceModule } from '../platform/runtime/service-module.js';
import {
  authContract,
  authErrorStatuses,
  createAuthService,
  type AuthService,
} from '../services/auth/index.js';
import { createDiscovery, clientFor } from './service-clients.js';
import type { Runtime } from './runtime.js';

export const SERVICE_NAMES = ['auth'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface BuiltServices {
  modules: ServiceModule[];
  /** Contracts of the hosted services, for their internal RPC routes. */
  contracts: Array<ServiceContract<ServiceOperations>>;
  errorStatuses: Record<string, number>;
  auth?: AuthService;
}

/** Every contract's error statuses: a process answers errors that crossed from services it does not host. */
export const ALL_ERROR_STATUSES: Record<string, number> = { ...authErrorStatuses };

export async function buildServices(runtime: Runtime, names: readonly ServiceName[]): Promise<BuiltServices> {
  const built: BuiltServices = { modules: [], contracts: [], errorStatuses: ALL_ERROR_STATUSES };
  const discovery = createDiscovery(runtime);
  const hosted = new Map<ServiceName, ServiceModule>();
  const host = (name: ServiceName, module: ServiceModule, contract: ServiceContract<ServiceOperations>) => {
    hosted.set(name, module);
    built.modules.push(module);
    built.contracts.push(contract);
  };

  if (names.includes('auth')) {
    const auth = await createAuthService(runtime);
    built.auth = auth;
    host('auth', auth, authContract as unknown as ServiceContract<ServiceOperations>);
  }
  // Clients of services built above (or remote ones) are made on demand for the services that need them.
  void clientFor;
  void discovery;
  return built;
}

export function isServiceName(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}
