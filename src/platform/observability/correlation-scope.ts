import { AsyncLocalStorage } from 'node:async_hooks';

/** The header that carries a flow's correlation id from a client, and between services. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * The flow the current work belongs to: the request being served or the event being handled. It follows
 * every await of that work, so code far from the request (a service's log line, an RPC call, an event it
 * writes) joins the same flow without the id being passed down by hand.
 */
export interface CorrelationScope {
  correlationId: string;
  /** The request or event that caused the current work (an event's causationId). */
  causationId: string | null;
}

const storage = new AsyncLocalStorage<CorrelationScope>();

/** Runs `work` inside `scope`; whatever it starts, awaits or schedules sees the scope too. */
export function runInCorrelationScope<T>(scope: CorrelationScope, work: () => T): T {
  return storage.run(scope, work);
}

/** The scope of the work running now, or undefined outside any request or handled event. */
export function currentCorrelationScope(): CorrelationScope | undefined {
  return storage.getStore();
}

/**
 * Runs `work` outside any scope: for a background loop or timer that a request happens to start, which
 * would otherwise tag its lines with that request's id for the rest of its life.
 */
export function runOutsideCorrelationScope<T>(work: () => T): T {
  return storage.exit(work);
}
