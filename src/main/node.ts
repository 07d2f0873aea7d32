// `sattzabite serve <svc,...>`: a distributed node hosting the named services.
import { loadConfig } from '../platform/config/index.js';
import { AppError } from '../platform/errors/app-error.js';
import { hostServices } from './host.js';
import { serveHost } from './serve-host.js';
import { createRuntime } from './runtime.js';
import { isServiceName, SERVICE_NAMES, type ServiceName } from './service-registry.js';

export async function runNode(requested: readonly string[]): Promise<void> {
  const unknown = requested.filter((name) => !isServiceName(name));
  if (unknown.length > 0) {
    throw new AppError(
      'CLI.UNKNOWN_SERVICE',
      `Unknown service ${unknown.join(', ')}; the services are ${SERVICE_NAMES.join(', ')}.`,
    );
  }
  const config = loadConfig();
  if (config.INTERNAL_TOKEN === undefined && requested.length < SERVICE_NAMES.length) {
    throw new AppError(
      'CONFIG.INVALID',
      'INTERNAL_TOKEN: expected a shared secret of at least 24 characters on every node that serves a subset of the services, got nothing',
    );
  }
  const runtime = await createRuntime(config);
  try {
    const host = await hostServices(runtime, requested as ServiceName[]);
    const server = await serveHost(runtime, host);
    runtime.log.info({ url: server.url, services: requested }, 'node started');
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
