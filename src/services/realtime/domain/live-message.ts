import type { EventEnvelope } from '../../../platform/messaging/index.js';
import type { LiveMessage } from '../contract.js';

/** The message clients receive for an event: the same JSON on STOMP and SSE. */
export function toLiveMessage(event: EventEnvelope): LiveMessage {
  return { id: event.id, type: event.type, time: event.time, subject: event.subject, data: event.data };
}

/**
 * A light check of an envelope whose data schema this process may not know (PromotionStarted comes from a
 * service whose contract realtime does not import): the fields the routing and the message read.
 */
export function looksLikeLiveEvent(event: unknown): event is EventEnvelope {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Record<string, unknown>;
  return (
    typeof e.id === 'string' &&
    e.id !== '' &&
    typeof e.type === 'string' &&
    typeof e.time === 'string' &&
    typeof e.subject === 'string' &&
    typeof e.data === 'object' &&
    e.data !== null &&
    !Array.isArray(e.data)
  );
}
