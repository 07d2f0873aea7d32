import type { EventEnvelope } from '../../../platform/messaging/index.js';
import type { Logger } from '../../../platform/observability/logger.js';
import type { LiveMessage } from '../contract.js';
import { routeKeysOf } from '../domain/destinations.js';
import { toLiveMessage } from '../domain/live-message.js';

/** One event on its way to listeners: its message, serialised once for all of them. */
export interface LiveDelivery {
  event: EventEnvelope;
  message: LiveMessage;
  json: string;
  /** `json`'s length in UTF-8 bytes (a STOMP content-length). */
  bytes: number;
}

/** Called synchronously for each event on a listened key; must never wait on a socket. */
export type LiveListener = (delivery: LiveDelivery) => void;

export interface LiveHub {
  /** Calls `listener` for every event routed to one of `keys` (once per event); returns the removal. */
  listen(keys: readonly string[], listener: LiveListener): () => void;
  /**
   * Hands the event to its listeners, in this call (no listener is awaited). An event id seen recently is
   * dropped: the bus delivers at least once, and a client must not see an update twice. Returns how many
   * listeners it reached.
   */
  publish(event: EventEnvelope): number;
  /** Whether any listener listens on one of these keys. */
  hasListeners(keys: readonly string[]): boolean;
}

/** The in-process index of who listens to what, for this instance's sockets. */
export function createLiveHub(options: { log: Logger; dedupWindow?: number }): LiveHub {
  const byKey = new Map<string, Set<LiveListener>>();
  const recent = new Set<string>();
  const window = options.dedupWindow ?? 10_000;

  const firstSeen = (id: string): boolean => {
    if (recent.has(id)) return false;
    recent.add(id);
    if (recent.size > window) {
      const oldest = recent.values().next().value;
      if (oldest !== undefined) recent.delete(oldest);
    }
    return true;
  };

  return {
    listen(keys, listener) {
      const unique = [...new Set(keys)];
      for (const key of unique) {
        let set = byKey.get(key);
        if (set === undefined) byKey.set(key, (set = new Set()));
        set.add(listener);
      }
      return () => {
        for (const key of unique) {
          const set = byKey.get(key);
          set?.delete(listener);
          if (set?.size === 0) byKey.delete(key);
        }
      };
    },

    publish(event) {
      if (!firstSeen(event.id)) return 0;
      const reached = new Set<LiveListener>();
      for (const key of routeKeysOf(event)) {
        for (const listener of byKey.get(key) ?? []) reached.add(listener);
      }
      if (reached.size === 0) return 0;
      const message = toLiveMessage(event);
      const json = JSON.stringify(message);
      const delivery: LiveDelivery = { event, message, json, bytes: Buffer.byteLength(json, 'utf8') };
      for (const listener of reached) {
        try {
          listener(delivery);
        } catch (error) {
          // One broken listener must not keep the event from the others.
          options.log.error({ err: error, eventId: event.id }, 'live listener failed');
        }
      }
      return reached.size;
    },

    hasListeners(keys) {
      return keys.some((key) => (byKey.get(key)?.size ?? 0) > 0);
    },
  };
}
