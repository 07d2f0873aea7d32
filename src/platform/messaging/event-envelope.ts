import type { Clock } from '../time/clock.js';
import type { Ids } from '../time/ids.js';

/**
 * Every event that crosses a service boundary travels in this envelope (CloudEvents field names).
 * `subject` is the aggregate id: the relay keeps order per subject, and the event store's stream id is
 * usually the same value.
 */
export interface EventEnvelope<T = unknown> {
  /** UUID v7: unique, and sorts by creation time. Brokers and inboxes deduplicate on it. */
  id: string;
  /** Past-tense name, e.g. `OrderCreated`. */
  type: string;
  /** Schema version of `data` for this type; starts at 1. */
  version: number;
  /** The publishing service, e.g. `orders`. */
  source: string;
  /** The aggregate id the event is about. */
  subject: string;
  /** ISO-8601 instant of the fact. */
  time: string;
  /** Id shared by every event and request of one business flow. */
  correlationId: string;
  /** Id of the event or request that caused this one; null for a flow's first event. */
  causationId: string | null;
  data: T;
}

/** Where an event comes from in a flow: the correlation it joins and what caused it. */
export interface EventCause {
  correlationId: string;
  causationId: string | null;
}

export interface CreateEventInput<T> {
  type: string;
  version?: number;
  source: string;
  subject: string;
  data: T;
  /** Defaults to a new flow: correlationId = the event's own id, causationId = null. */
  cause?: EventCause;
}

/** Builds an envelope with an id and time from the injected Ids and Clock. */
export function createEvent<T>(
  deps: { clock: Clock; ids: Ids },
  input: CreateEventInput<T>,
): EventEnvelope<T> {
  const id = deps.ids.next();
  return {
    id,
    type: input.type,
    version: input.version ?? 1,
    source: input.source,
    subject: input.subject,
    time: deps.clock.now().toISOString(),
    correlationId: input.cause?.correlationId ?? id,
    causationId: input.cause?.causationId ?? null,
    data: input.data,
  };
}

/** The cause to give events that a handler emits in reaction to `event`: same flow, caused by it. */
export function causedBy(event: Pick<EventEnvelope, 'id' | 'correlationId'>): EventCause {
  return { correlationId: event.correlationId, causationId: event.id };
}
