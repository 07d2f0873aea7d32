// Every Redis key and channel the platform writes starts with REDIS_KEY_PREFIX, so that two environments
// sharing one Redis server (staging and a load test, two developers) never read each other's instances,
// cached values or rate-limit counts.
import type { Config } from '../platform/config/index.js';

export interface RedisKeys {
  /** The instance registry (discovery). */
  registry: string;
  /** The shared cache tier and its invalidation channel. */
  cache: string;
  /** The nodes' rate-limit counters. */
  rateLimit: string;
  /** The gateway's own rate-limit counters, apart from the nodes' (they see the same callers). */
  gatewayRateLimit: string;
}

export function redisKeys(config: Pick<Config, 'REDIS_KEY_PREFIX'>): RedisKeys {
  const prefix = config.REDIS_KEY_PREFIX;
  return {
    registry: `${prefix}:instances`,
    cache: `${prefix}:cache`,
    rateLimit: `${prefix}:rate-limit:`,
    gatewayRateLimit: `${prefix}:gateway-rate-limit:`,
  };
}
