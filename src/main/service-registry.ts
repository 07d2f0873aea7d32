// Every service the platform has, and how to build it from the runtime. Only src/main knows more than one
// service's factory.
import { authErrorStatuses, createAuthService, type AuthService } from '../services/auth/index.js';
import type { ServiceModule } from '../platform/runtime/service-module.js';
import type { Runtime } from './runtime.js';

export const SERVICE_NAMES = ['auth'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface BuiltServices {
  modules: ServiceModule[];
  errorStatuses: Record<string, number>;
  auth?: AuthService;
}

export async function buildServices(runtime: Runtime, names: readonly ServiceName[]): Promise<BuiltServices> {
  const built: BuiltServices = { modules: [], errorStatuses: {} };
  if (names.includes('auth')) {
    const auth = await createAuthService(runtime);
    built.auth = auth;
    built.modules.push(auth);
    Object.assign(built.errorStatuses, authErrorStatuses);
  }
  return built;
}

export function isServiceName(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}
