import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import { instanceKey, serviceIndexKey } from './redis-registry-keys.js';

/** Options for announcing this process as an instance of a service. */
export interface RegisterInstanceOptions {
  redis: Redis;
  namespace: string;
  service: string;
  /** The URL other processes reach this instance at (INSTANCE_URL). */
  url: string;
  /** How long the registration lives without a heartbeat; a crashed instance disappears after this. */
  ttlMs: number;
  /** How often the registration is refreshed; well under `ttlMs` (a third is usual). 0 disables it (tests). */
  heartbeatMs: number;
  log?: Logger;
}

/**
 * Registers the instance under a key that expires after `ttlMs` and refreshes it every `heartbeatMs`. The
 * first write must succeed (a process that cannot announce itself should not start silently); a failed
 * heartbeat is logged and retried on the next beat. `stop` removes the registration at once.
 */
export async function registerInstance(options: RegisterInstanceOptions): Promise<{ stop(): Promise<void> }> {
  const { redis, namespace, service, url, ttlMs, log } = options;
  const key = instanceKey(namespace, service, url);
  const announce = () =>
    redis
      .multi()
      .set(key, String(Date.now()), 'PX', ttlMs)
      .sadd(serviceIndexKey(namespace, service), url)
      .exec();

  await announce();
  let timer: NodeJS.Timeout | undefined;
  if (options.heartbeatMs > 0) {
    timer = setInterval(() => {
      announce().catch((error: unknown) =>
        log?.warn({ err: error, service, url }, 'discovery: heartbeat failed, retrying on the next beat'),
      );
    }, options.heartbeatMs);
    // Registration must not keep a process alive that has otherwise finished.
    timer.unref();
  }

  return {
    async stop() {
      clearInterval(timer);
      await redis.multi().del(key).srem(serviceIndexKey(namespace, service), url).exec();
    },
  };
}
