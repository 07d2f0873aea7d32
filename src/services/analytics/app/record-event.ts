import type { SqlTransaction } from '../../../platform/db/sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { OrdersEvents, type OrderCreatedV1, type OrderStatusUpdatedV1 } from '../../orders/index.js';
import { PaymentsEvents, type PaymentProcessedV1, type PaymentRefundedV1 } from '../../payments/index.js';
import { aggregatesWriter, type HeldOrder } from '../adapters/aggregates.sql.js';
import { MINUTE_RETENTION_HOURS } from '../contract.js';
import {
  contributionOf,
  contributionsDelta,
  HOUR_MS,
  MINUTE_MS,
  truncate,
  type Contribution,
} from '../domain/contribution.js';
import {
  applyCreated,
  applyPayment,
  applyRefund,
  applyStatus,
  type OrderFacts,
} from '../domain/order-facts.js';
import type { AnalyticsContext } from './context.js';

/** The events the aggregates are made of. */
export const SOURCE_EVENT_TYPES = [
  OrdersEvents.ORDER_CREATED,
  OrdersEvents.ORDER_STATUS_UPDATED,
  PaymentsEvents.PAYMENT_PROCESSED,
  PaymentsEvents.PAYMENT_REFUNDED,
];

/** How often one instance prunes old per-minute rows (the delete runs inside a consumer's transaction). */
const PRUNE_EVERY_MS = 60_000;

/**
 * Applies events to their orders' facts and moves the aggregates by the difference between each order's
 * new contribution and the one it had applied. Runs in the consumer's transaction; the inbox makes each
 * event count once, and the merge makes the result independent of the order events arrive in. `many`
 * takes a batch in a fixed number of statements, whatever its size: one lock of all its orders (in id
 * order, so two instances' batches never deadlock), one insert of the orders seen for the first time, one
 * update of their facts, and the aggregates moved once by the sum of the orders' differences. `one` is a
 * batch of one, so redeliveries and redrives take the same path.
 */
export function createEventRecorder(ctx: AnalyticsContext) {
  let lastPrune = 0;
  const many = async (items: ReadonlyArray<{ event: EventEnvelope }>, tx: SqlTransaction): Promise<void> => {
    const now = ctx.clock.now();
    const writer = aggregatesWriter(tx);
    const byOrder = new Map<string, EventEnvelope[]>();
    for (const { event } of items) {
      const orderId = orderIdOf(event);
      if (orderId !== null) byOrder.set(orderId, [...(byOrder.get(orderId) ?? []), event]);
    }
    if (byOrder.size === 0) return;
    const held = await writer.lockOrders([...byOrder.keys()], now);
    const changes: Array<{ applied: Contribution | null; next: Contribution | null }> = [];
    const saved: HeldOrder[] = [];
    for (const [orderId, events] of byOrder) {
      const before = held.get(orderId);
      if (before === undefined) throw new Error(`analytics.order_facts lost the row of ${orderId}`);
      const merged = events.reduce(merge, before.facts);
      const next = contributionOf(merged);
      changes.push({ applied: before.applied, next });
      saved.push({ facts: merged, applied: next });
    }
    await writer.saveOrders(saved, now);
    const cutoff = minuteCutoff(now);
    await writer.applyDelta(contributionsDelta(changes, cutoff));
    if (now.getTime() - lastPrune >= PRUNE_EVERY_MS) {
      await writer.pruneMinutes(cutoff);
      // Should the transaction still roll back, the next prune comes a minute later: old rows only linger.
      lastPrune = now.getTime();
    }
  };
  return {
    one: (event: EventEnvelope, tx: SqlTransaction) => many([{ event }], tx),
    many,
  };
}

function minuteCutoff(now: Date): string {
  return truncate(new Date(now.getTime() - MINUTE_RETENTION_HOURS * HOUR_MS).toISOString(), MINUTE_MS);
}

function orderIdOf(event: EventEnvelope): string | null {
  const data = event.data as { orderId?: unknown };
  return typeof data.orderId === 'string' ? data.orderId : null;
}

function merge(facts: OrderFacts, event: EventEnvelope): OrderFacts {
  switch (event.type) {
    case OrdersEvents.ORDER_CREATED: {
      const data = event.data as OrderCreatedV1;
      return applyCreated(facts, {
        restaurantId: data.restaurantId,
        createdAt: data.createdAt,
        totalAmount: data.totalAmount.amount,
        paymentMethod: data.paymentMethod,
        lines: data.items.map((line) => ({
          menuItemId: line.menuItemId,
          name: line.name,
          quantity: line.quantity,
          lineTotal: line.lineTotal.amount,
        })),
      });
    }
    case OrdersEvents.ORDER_STATUS_UPDATED: {
      const data = event.data as OrderStatusUpdatedV1;
      return applyStatus(facts, {
        restaurantId: data.restaurantId,
        status: data.status,
        changedAt: data.changedAt,
        totalAmount: data.totalAmount.amount,
        refunded: data.refunded === true,
      });
    }
    case PaymentsEvents.PAYMENT_PROCESSED: {
      const data = event.data as PaymentProcessedV1;
      // Money taken by card: CAPTURED, or REFUNDED (captured first). Cash counts once handed over (delivery).
      const captured =
        data.method === 'CARD' && (data.status === 'CAPTURED' || data.status === 'REFUNDED')
          ? data.amount.amount
          : 0;
      return applyPayment(facts, { captured });
    }
    case PaymentsEvents.PAYMENT_REFUNDED: {
      const data = event.data as PaymentRefundedV1;
      return applyRefund(facts, data.amount.amount);
    }
    default:
      return facts;
  }
}
