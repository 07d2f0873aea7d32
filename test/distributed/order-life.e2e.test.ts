// An order's whole life on the distributed stack: a fresh PostgreSQL database, NATS JetStream and the
// Redis-backed tiered cache, every service in one process behind a real HTTP server.
import { describe } from 'vitest';
import { startFullPlatform } from '../support/full-platform.js';
import { orderLifeScenario } from '../support/order-life-scenario.js';
import { requireServer } from '../support/require-server.js';

const [postgres, redis, nats] = await Promise.all([
  requireServer('DATABASE_URL'),
  requireServer('REDIS_URL'),
  requireServer('NATS_URL'),
]);

describe.skipIf(!(postgres.available && redis.available && nats.available))(
  'order life (PostgreSQL + NATS + Redis)',
  () => {
    orderLifeScenario(() =>
      startFullPlatform({ distributed: { postgres: postgres.url, redis: redis.url, nats: nats.url } }),
    );
  },
);
