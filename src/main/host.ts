// Hosts a set of services in this process: migrations, one HTTP app with their routes, and their lifecycle.
import { createRemoteJWKSet } from 'jose';
import { staticServiceUrls } from '../platform/config/index.js';
import { migrate } from '../platform/db/index.js';
import { AppError } from '../platform/errors/app-error.js';
import {
  createHttpApp,
  createJwtVerifier,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type HttpApp,
  type TokenVerifier,
} from '../platform/http/index.js';
import { buildServices, type BuiltServices, type ServiceName } from './service-registry.js';
import type { Runtime } from './runtime.js';

export interface Host {
  app: HttpApp;
  services: BuiltServices;
  /** Stops the services (consumers, timers); the HTTP app and runtime are closed by the caller. */
  stop(): Promise<void>;
}

export async function hostServices(runtime: Runtime, names: readonly ServiceName[]): Promise<Host> {
  const services = await buildServices(runtime, names);
  for (const module of services.modules) await migrate(runtime.sql, module.migrations, runtime.log);

  const app = await createHttpApp({
    config: runtime.config,
    log: runtime.log,
    verifier: services.auth?.verifier ?? remoteVerifier(runtime),
    errorStatuses: services.errorStatuses,
    readiness: [{ name: 'db', check: () => runtime.sql.ping() }],
    openapi: { title: 'SattzaBite API', version: '0.1.0' },
  });
  for (const module of services.modules) await app.register(module.routes);
  for (const module of services.modules) await module.start();

  return {
    app,
    services,
    stop: async () => {
      for (const module of [...services.modules].reverse()) await module.stop();
    },
  };
}

/** A process that does not host auth verifies tokens with the auth service's published keys. */
function remoteVerifier(runtime: Runtime): TokenVerifier {
  const authUrl = staticServiceUrls(runtime.config).get('auth')?.[0];
  if (authUrl === undefined) {
    throw new AppError(
      'CONFIG.INVALID',
      'SERVICE_URLS: expected an auth=http://... entry, since this process does not host the auth service',
    );
  }
  return createJwtVerifier({
    keys: createRemoteJWKSet(new URL('/.well-known/jwks.json', authUrl)),
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
  });
}
