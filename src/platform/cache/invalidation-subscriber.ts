import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import type { InvalidationMessage } from './redis-l2.js';
import { withTimeout } from './with-timeout.js';

/**
 * Listens for other instances' invalidations on a connection of its own (a subscribed connection can run no
 * other command). `onConnected` runs on every (re)connection: messages sent while this instance was cut off
 * are lost, so the caller must assume its local copies are stale.
 */
export async function subscribeInvalidations(options: {
  redis: Redis;
  channel: string;
  origin: string;
  waitMs: number;
  log: Logger;
  onMessage: (message: InvalidationMessage) => void;
  onConnected: () => void;
}): Promise<{ close(): void }> {
  const { channel, origin, log } = options;
  // Unlike the command connection, the subscription must wait for Redis however long it is away.
  const subscriber = options.redis.duplicate({
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    commandTimeout: undefined,
  });
  subscriber.on('error', (error: unknown) => log.debug({ err: error, channel }, 'cache subscriber error'));
  subscriber.on('ready', options.onConnected);
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    const message = parse(text);
    if (message === undefined) {
      log.warn({ channel }, 'cache: ignored a malformed invalidation');
    } else if (message.origin !== origin) {
      options.onMessage(message);
    }
  });
  try {
    await withTimeout(subscriber.subscribe(channel), options.waitMs);
  } catch (error) {
    // Redis is away at start-up: the queued SUBSCRIBE runs when it comes back; memory serves until then.
    log.warn({ err: error, channel }, 'cache: not yet subscribed to invalidations');
  }
  return { close: () => subscriber.disconnect() };
}

function parse(text: string): InvalidationMessage | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { origin, key, prefix } = value as Record<string, unknown>;
    if (typeof origin !== 'string') return undefined;
    if (typeof key === 'string') return { origin, key };
    if (typeof prefix === 'string') return { origin, prefix };
    return undefined;
  } catch {
    return undefined;
  }
}
