import type { SqlExecutor, SqlTransaction } from '../../../platform/db/sql.js';
import { hasCode } from '../../../platform/errors/app-error.js';
import { MessagingErrors, type EventCause, type StoredEvent } from '../../../platform/messaging/index.js';
import { decide, type OrderCommand } from '../domain/decide-order.js';
import { isOrderEventType, type OrderEvent } from '../domain/order-events.js';
import { awaitingPayment, evolve, fold, type Order, type OrderState } from '../domain/order-state.js';
import { projectOrderEvents } from '../read/order-projection.js';
import type { OrdersContext } from './context.js';
import { integrationEventsFor } from './integration-events.js';

/** A stored event as the domain knows it; null for a type the domain does not know (never projected). */
export function toOrderEvent(stored: StoredEvent): OrderEvent | null {
  if (!isOrderEventType(stored.type)) return null;
  // The store validated `data` against the type's schema on append (domain/order-event-schemas.ts).
  return { type: stored.type, data: stored.data } as OrderEvent;
}

export interface LoadedOrder {
  state: OrderState;
  version: number;
  stored: StoredEvent[];
}

export async function loadOrder(
  ctx: OrdersContext,
  orderId: string,
  executor?: SqlExecutor,
): Promise<LoadedOrder> {
  const stored = await ctx.messaging.store.readStream(orderId, executor === undefined ? {} : { executor });
  const events = stored.map(toOrderEvent).filter((e): e is OrderEvent => e !== null);
  return { state: fold(events), version: stored.at(-1)?.streamVersion ?? 0, stored };
}

export interface ExecuteOptions {
  /** The event or request that caused this command; defaults to the order's own flow. */
  cause?: EventCause;
  /** Run inside this transaction (a consumer's, with its inbox row); no retry then, the consumer retries. */
  tx?: SqlTransaction;
  /** More writes that must commit with the events (an idempotency key, the payment instruction). */
  alsoWrite?: (tx: SqlExecutor, after: Order) => Promise<void>;
  /**
   * The stream as the caller's previous command left it, to decide without reading it again. If another
   * writer got in between, the append's version check refuses and the command is decided on a fresh read.
   */
  known?: StreamPosition;
}

/** Where an order's stream stands after a command: enough to run the next command without a read. */
export interface StreamPosition {
  state: OrderState;
  version: number;
  correlationId: string;
  lastEventId: string | null;
}

export interface Executed {
  order: Order;
  /** The events appended; empty when the command changed nothing (a repeat). */
  appended: OrderEvent[];
  /** The stream after this command, for `ExecuteOptions.known` of the next one. */
  position: StreamPosition;
}

/**
 * Runs one command on one order: reads its stream, decides, and appends the events with the version read
 * (optimistic concurrency), projecting the read models and adding the integration events to the outbox in
 * the same transaction. A concurrent writer makes the append fail with VERSION_CONFLICT: the command is
 * then decided once more on the fresh stream, since the other writer may have made it moot or invalid.
 */
export async function executeOrderCommand(
  ctx: OrdersContext,
  orderId: string,
  command: OrderCommand,
  options: ExecuteOptions = {},
): Promise<Executed> {
  if (options.tx !== undefined) return attempt(ctx, orderId, command, options, options.tx);
  try {
    return await attempt(ctx, orderId, command, options);
  } catch (error) {
    if (!hasCode(error, MessagingErrors.VERSION_CONFLICT)) throw error;
    ctx.log.debug({ orderId, command: command.type }, 'order changed concurrently; deciding again');
    const { known: _stale, ...fresh } = options;
    return attempt(ctx, orderId, command, fresh);
  }
}

async function attempt(
  ctx: OrdersContext,
  orderId: string,
  command: OrderCommand,
  options: ExecuteOptions,
  tx?: SqlTransaction,
): Promise<Executed> {
  const { state, version, correlationId, lastEventId } =
    options.known ?? positionOf(await loadOrder(ctx, orderId, tx), orderId);
  const events = decide(state, command, ctx.clock.now());
  // Each event is applied once: the state after each one serves the integration events and the answer.
  const states: OrderState[] = [];
  let after: OrderState = state;
  for (const event of events) {
    after = evolve(after, event);
    states.push(after);
  }
  if (after === null) throw new Error(`order ${orderId}: a command left no order`);
  if (events.length === 0) {
    return { order: after, appended: [], position: { state, version, correlationId, lastEventId } };
  }

  const cause: EventCause = options.cause ?? { correlationId, causationId: lastEventId };
  const envelopes = events.map((event) => ctx.messaging.event(event.type, orderId, event.data, { cause }));

  const write = async (t: SqlTransaction) => {
    await ctx.messaging.store.append(t, orderId, version, envelopes);
    await projectOrderEvents(
      t,
      state,
      events.map((event, i) => ({ event, eventId: envelopes[i]?.id ?? '', version: version + i + 1 })),
    );
    const published = events.flatMap((event, i) => {
      const current = states[i];
      const envelope = envelopes[i];
      return current === null || current === undefined || envelope === undefined
        ? []
        : integrationEventsFor(ctx.messaging, event, envelope, current);
    });
    await ctx.messaging.publish(t, published);
    // The payment instruction is only kept while a charge may still be (re)tried.
    if (state !== null && awaitingPayment(state) && !awaitingPayment(after)) {
      await t.query('DELETE FROM orders.payment_requests WHERE order_id = $1', [orderId]);
    }
    await options.alsoWrite?.(t, after);
  };
  if (tx !== undefined) await write(tx);
  else await ctx.sql.transaction(write);
  return {
    order: after,
    appended: events,
    position: {
      state: after,
      version: version + events.length,
      correlationId,
      lastEventId: envelopes.at(-1)?.id ?? lastEventId,
    },
  };
}

/** A new stream's events are correlated by the order id; later ones follow the stream's first event. */
function positionOf(loaded: LoadedOrder, orderId: string): StreamPosition {
  const first = loaded.stored[0];
  return {
    state: loaded.state,
    version: loaded.version,
    correlationId: first?.correlationId ?? orderId,
    lastEventId: loaded.stored.at(-1)?.id ?? null,
  };
}
