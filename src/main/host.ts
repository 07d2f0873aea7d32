// Hosts a set of services in this process: migrations, one HTTP app with their routes, and their lifecycle.
import path from 'node:path';
import { rpcRoutes } from '../platform/clients/index.js';
import { migrate } from '../platform/db/index.js';
import { registerInstance } from '../platform/discovery/index.js';
import { createHttpApp, guardedInternalRoutes, type HttpApp } from '../platform/http/index.js';
import { webAppRoutes, WEB_APP_CSP } from '../gateway/web-app.js';
import { WEB_DIR } from '../gateway/web-build.js';
import { deadLetterRoutes } from '../platform/messaging/index.js';
import { redisKeys } from './redis-keys.js';
import { buildServices, SERVICE_NAMES, type BuiltServices, type ServiceName } from './service-registry.js';
import type { Runtime } from './runtime.js';

export interface Host {
  app: HttpApp;
  services: BuiltServices;
  /** Starts consumers and timers, and registers this instance for discovery (after `listen`). */
  start(url?: string): Promise<void>;
  /** Stops the services and deregisters; the HTTP app and runtime are closed by the caller. */
  stop(): Promise<void>;
}

export async function hostServices(runtime: Runtime, names: readonly ServiceName[]): Promise<Host> {
  const services = await buildServices(runtime, names);
  for (const module of services.modules) await migrate(runtime.sql, module.migrations, runtime.log);

  // A process hosting every service is the embedded platform (or a single full node): it also serves the UI.
  const distributed = names.length < SERVICE_NAMES.length;
  const app = await createHttpApp({
    config: runtime.config,
    log: runtime.log,
    verifier: services.tokenVerifier(),
    metrics: runtime.metrics,
    errorStatuses: services.errorStatuses,
    readiness: runtime.readiness,
    ...(runtime.redis === undefined
      ? {}
      : { rateLimitRedis: runtime.redis, rateLimitNamespace: redisKeys(runtime.config).rateLimit }),
    openapi: { title: 'SattzaBite API', version: '0.1.0' },
    ...(distributed ? {} : { cspExtra: WEB_APP_CSP }),
  });
  for (const module of services.modules) await app.register(module.routes);
  await app.register(
    deadLetterRoutes({
      sql: runtime.sql,
      role: 'SYSTEM_ADMIN',
      sources: services.modules.flatMap((m) => (m.messaging === undefined ? [] : [m.messaging])),
    }),
  );
  if (!distributed) await app.register(webAppRoutes({ dist: path.join(WEB_DIR, 'dist') }));

  // A node that hosts only some services answers the others' calls over HTTP; the embedded process calls
  // everything in-process and exposes no internal routes at all.
  if (distributed && runtime.config.INTERNAL_TOKEN !== undefined) {
    const routes = services.contracts.map((contract, i) =>
      rpcRoutes(contract, services.modules[i]?.client as never),
    );
    await app.register(guardedInternalRoutes(runtime.config.INTERNAL_TOKEN, routes));
  }

  const registrations: Array<{ stop(): Promise<void> }> = [];
  return {
    app,
    services,
    async start(url) {
      for (const module of services.modules) await module.start();
      const publicUrl = runtime.config.INSTANCE_URL ?? url;
      if (distributed && runtime.redis !== undefined && publicUrl !== undefined) {
        for (const name of names) {
          registrations.push(
            await registerInstance({
              redis: runtime.redis,
              namespace: redisKeys(runtime.config).registry,
              service: name,
              url: publicUrl,
              ttlMs: 15_000,
              heartbeatMs: 5_000,
              log: runtime.log,
            }),
          );
        }
      }
    },
    async stop() {
      for (const registration of registrations) await registration.stop();
      for (const module of [...services.modules].reverse()) await module.stop();
    },
  };
}
