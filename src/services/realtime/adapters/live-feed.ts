import type {
  EventBus,
  EventEnvelope,
  EventSchemaRegistry,
  Unsubscribe,
} from '../../../platform/messaging/index.js';
import type { Logger } from '../../../platform/observability/logger.js';
import type { LiveHub } from '../app/live-hub.js';
import type { StreamTail } from '../app/stream-tail.js';
import { LIVE_EVENT_TYPES } from '../contract.js';
import { streamKeysOf } from '../domain/destinations.js';
import { looksLikeLiveEvent } from '../domain/live-message.js';

export interface LiveFeed {
  /** What the bus hands over: checked, pushed to this instance's sessions, and the SSE tail woken. */
  deliver(event: EventEnvelope): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * This instance's live feed: a broadcast subscription (every realtime instance receives every event, for
 * its own sockets), not a share of a durable. Events are checked against their registered schema when this
 * process knows it, else lightly (PromotionStarted's schema belongs to a contract realtime does not import).
 */
export function createLiveFeed(deps: {
  bus: EventBus;
  registry: EventSchemaRegistry;
  hub: LiveHub;
  tail: StreamTail;
  log: Logger;
}): LiveFeed {
  const { log } = deps;
  let unsubscribe: Unsubscribe | undefined;

  const deliver = (event: EventEnvelope): void => {
    if (!looksLikeLiveEvent(event)) {
      log.warn({ eventId: (event as { id?: unknown } | null)?.id }, 'malformed live event skipped');
      return;
    }
    if (deps.registry.has(event.type, event.version)) {
      try {
        deps.registry.validate(event);
      } catch (error) {
        log.warn({ err: error, eventId: event.id, type: event.type }, 'invalid live event skipped');
        return;
      }
    }
    deps.hub.publish(event);
    if (streamKeysOf(event).length > 0) deps.tail.expect(event.id);
  };

  return {
    deliver,
    async start() {
      if (unsubscribe !== undefined) return;
      unsubscribe = await deps.bus.subscribe({
        durableName: 'realtime.live',
        types: [...LIVE_EVENT_TYPES],
        broadcast: true,
        maxDeliver: 1,
        backoffMs: () => 0,
        handle: async (event) => deliver(event),
      });
    },
    async stop() {
      const current = unsubscribe;
      unsubscribe = undefined;
      await current?.();
    },
  };
}
