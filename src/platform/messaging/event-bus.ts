import type { EventEnvelope } from './event-envelope.js';

/** What the bus tells a handler about this delivery. */
export interface Delivery {
  /** 1 for the first delivery of the event to this durable subscription, then 2, 3, ... */
  attempt: number;
}

/**
 * A durable subscription: its position survives unsubscribe and restarts, and instances that subscribe
 * with the same `durableName` share its events (each event goes to one of them).
 */
export interface Subscription {
  durableName: string;
  /** Event types to receive; others are never handed to `handle`. */
  types: string[];
  /** Resolves to acknowledge. Rejects to have the event redelivered after `backoffMs(attempt)`. */
  handle(event: EventEnvelope, delivery: Delivery): Promise<void>;
  /**
   * Optional: several events waiting for their first delivery at once, in publish order, so that a
   * consumer can apply them in one transaction. Resolving acknowledges them all; rejecting hands each to
   * `handle` on its own as a first delivery, so a failed batch never costs an event an attempt. A bus
   * may hand events one by one instead (the NATS adapter does); never used for broadcast feeds.
   */
  handleBatch?(events: EventEnvelope[]): Promise<void>;
  /** The most events one `handleBatch` call takes (default 32). */
  maxBatch?: number;
  /** Deliveries after which the bus gives up on an event (the consumer runner dead-letters before that). */
  maxDeliver: number;
  /** Delay before redelivery after the given failed attempt (1-based), which failed with `error`. */
  backoffMs(attempt: number, error?: unknown): number;
  /**
   * A live feed of this instance instead of a share of a durable: every broadcast subscription receives
   * every event of its types published after it subscribed, whichever bus instance it is on and whatever
   * its name (which only labels it). Nothing is kept for it after unsubscribe, and a crashed instance's feed
   * expires on its own. Publish order holds; a handler that rejects is not retried (the event is skipped),
   * so `maxDeliver` and `backoffMs` do not apply. For pushing to an instance's own sockets.
   */
  broadcast?: boolean;
}

export type Unsubscribe = () => Promise<void>;

/**
 * The event bus port. Adapters: in-process (embedded) and NATS JetStream (distributed). Delivery is
 * at-least-once and in publish order per durable subscription while handlers succeed; a publish that
 * resolves has been accepted by the bus. Publishing the same event id twice within the dedup window
 * delivers it once.
 */
export interface EventBus {
  publish(event: EventEnvelope): Promise<void>;
  subscribe(subscription: Subscription): Promise<Unsubscribe>;
  close(): Promise<void>;
  /** Resolves when the bus can take publishes now (for /ready); rejects with the reason otherwise. */
  ping(): Promise<void>;
}

/** Exponential backoff with a ceiling, for `Subscription.backoffMs`. */
export function exponentialBackoff(options: { initialMs: number; maxMs: number; factor?: number }) {
  const factor = options.factor ?? 2;
  return (attempt: number): number =>
    Math.min(options.maxMs, Math.round(options.initialMs * factor ** Math.max(0, attempt - 1)));
}
