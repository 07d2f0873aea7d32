// `sattzabite gateway`: the public edge in front of `serve` nodes (no service of its own, no database).
import { Redis } from 'ioredis';
import { createGatewayApp } from '../gateway/gateway-app.js';
import { ensureWebBuilt } from '../gateway/web-build.js';
import { loadConfig } from '../platform/config/index.js';
import { withPassiveHealth } from '../platform/discovery/index.js';
import { onShutdownSignals, startHttpServer } from '../platform/http/index.js';
import { createLogger } from '../platform/observability/logger.js';
import { redisKeys } from './redis-keys.js';
import { createDirectory } from './service-clients.js';
import { ALL_ERROR_STATUSES, SERVICE_NAMES } from './service-registry.js';
import { discoveredVerifier } from './token-verifier.js';

export async function runGateway(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({
    level: config.LOG_LEVEL,
    pretty: config.LOG_PRETTY,
    name: 'sattzabite-gateway',
  });
  const redis =
    config.REDIS_URL === undefined
      ? undefined
      : new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
  try {
    await ensureWebBuilt({ log: (message) => log.info(message) }).catch((error: unknown) => {
      log.error({ err: error }, 'the web app could not be built: / will not serve it');
    });
    const { discovery, health } = createDirectory({ config, redis, log });
    const app = await createGatewayApp({
      config,
      log,
      discovery,
      health,
      verifier: discoveredVerifier(withPassiveHealth(discovery, health)),
      errorStatuses: ALL_ERROR_STATUSES,
      services: SERVICE_NAMES,
      ...(redis === undefined
        ? {}
        : { rateLimitRedis: redis, rateLimitNamespace: redisKeys(config).gatewayRateLimit }),
    });
    const server = await startHttpServer(app, {
      port: config.PORT,
      host: config.HOST,
      graceMs: config.SHUTDOWN_GRACE_MS,
    });
    onShutdownSignals(
      async () => {
        await server.close();
        health.close();
        redis?.disconnect();
      },
      config.SHUTDOWN_GRACE_MS,
      { log },
    );
    log.info({ url: server.url }, 'gateway started');
  } catch (error) {
    redis?.disconnect();
    throw error;
  }
}
