import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { OrdersEvents } from '../../orders/index.js';
import { isUuid, promotionsRepo } from '../adapters/promotions.sql.js';
import { redemptionsRepo, type CustomerUse } from '../adapters/redemptions.sql.js';
import {
  confirmPlaced,
  redeemedAfter,
  releaseCancelled,
  usesAfter,
  type CounterMove,
  type RedemptionState,
} from '../domain/redemption-moves.js';
import type { PromotionsContext } from './context.js';

/** The order events this service follows: placement confirms a redemption, cancellation gives it back. */
export const ORDER_EVENT_TYPES = [OrdersEvents.ORDER_CREATED, OrdersEvents.ORDER_STATUS_UPDATED];

/** The fields read here; the rest of the orders' event data is not needed. */
interface OrderEventData {
  orderId?: unknown;
  status?: unknown;
  /** Set by the orders service once it applies codes at checkout; absent before, and for orders without one. */
  promotion?: { promotionId?: unknown; code?: unknown } | null;
}

/** What an order event asks of the order's redemption. */
interface OrderMove {
  kind: 'placed' | 'cancelled';
  orderId: string;
  at: Date;
  promotion: OrderEventData['promotion'];
}

/**
 * Applies order events (in order) inside the consumer's transaction (the inbox makes a redelivery a no-op),
 * in a few statements whatever their number; a single event is a batch of one. The redemptions of their
 * orders are locked and read at once, each event's move applied to them in memory by the rules of
 * domain/redemption-moves.ts, and what changed written back: redemptions, then the offers' counters, then
 * the customers' counts, the order every transaction that changes counters locks in.
 */
export async function applyOrderEvents(
  ctx: PromotionsContext,
  events: readonly EventEnvelope[],
  tx: SqlExecutor,
): Promise<void> {
  const moves = events.flatMap((event) => orderMoveOf(event, ctx.clock.now()));
  if (moves.length === 0) return;
  const redemptions = redemptionsRepo(tx);
  const held = await redemptions.lockForOrders(moves.map((move) => move.orderId));
  const changed = new Map<string, RedemptionState>();
  const counters: CounterMove[] = [];
  for (const move of moves) {
    const current = changed.get(move.orderId) ?? held.get(move.orderId);
    const next =
      current === undefined
        ? undefined
        : move.kind === 'placed'
          ? confirmPlaced(current, move.at)
          : releaseCancelled(current, move.at);
    if (next !== undefined) {
      changed.set(move.orderId, next.redemption);
      counters.push(...next.counters);
    } else if (move.kind === 'placed' && move.promotion != null) {
      ctx.log.warn(
        { orderId: move.orderId, promotion: move.promotion },
        'an order was placed with a promotion this service holds no redemption for',
      );
    }
  }
  await redemptions.saveStates([...changed.values()]);
  await applyCounterMoves(tx, counters);
}

/** Ids that cannot be ours (not UUIDs) are ignored rather than failed: they can hold no redemption. */
function orderMoveOf(event: EventEnvelope, now: Date): OrderMove[] {
  const data = event.data as OrderEventData;
  if (!isUuid(data.orderId)) return [];
  const orderId = data.orderId.toLowerCase();
  if (event.type === OrdersEvents.ORDER_CREATED) {
    return [{ kind: 'placed', orderId, at: now, promotion: data.promotion }];
  }
  if (event.type === OrdersEvents.ORDER_STATUS_UPDATED && data.status === 'CANCELLED') {
    return [{ kind: 'cancelled', orderId, at: now, promotion: data.promotion }];
  }
  return [];
}

/**
 * Moves the offers' counters and the customers' counts, in order. Each is read under its row lock (the
 * offers' first, as every writer of a count takes its offer's), moved in memory, and written in one
 * statement.
 */
async function applyCounterMoves(tx: SqlExecutor, moves: readonly CounterMove[]): Promise<void> {
  if (moves.length === 0) return;
  const promotions = promotionsRepo(tx);
  const redeemed = await promotions.lockRedeemed(moves.map((move) => move.promotionId));
  const stored = await redemptionsRepo(tx).lockCustomerUses(uniqueCustomers(moves));
  const uses = new Map(stored.map((use) => [customerKey(use), use.uses]));
  const countsMoved = new Map<string, number>();
  const usesMoved = new Map<string, CustomerUse>();
  for (const move of moves) {
    const count = countsMoved.get(move.promotionId) ?? redeemed.get(move.promotionId);
    // The foreign key keeps a redemption's offer: a missing one has nothing to count.
    if (count !== undefined) countsMoved.set(move.promotionId, redeemedAfter(count, move.change));
    const key = customerKey(move);
    const after = usesAfter(usesMoved.get(key)?.uses ?? uses.get(key), move.change);
    if (after !== undefined) {
      usesMoved.set(key, { promotionId: move.promotionId, customerId: move.customerId, uses: after });
    }
  }
  await promotions.saveRedeemed(countsMoved);
  await redemptionsRepo(tx).saveCustomerUses([...usesMoved.values()]);
}

function uniqueCustomers(moves: readonly CounterMove[]): CounterMove[] {
  return [...new Map(moves.map((move) => [customerKey(move), move])).values()];
}

function customerKey(key: { promotionId: string; customerId: string }): string {
  return `${key.promotionId}/${key.customerId}`;
}
