import type { OrderStatus } from '../../orders/index.js';

/**
 * What analytics knows of one order, merged from its events. Every merge is commutative and idempotent
 * (earliest instant, latest status by (instant, rank), largest amount), so the facts come out the same
 * whatever order the orders and payments events arrive in, and however often.
 */
export interface OrderFacts {
  orderId: string;
  restaurantId: string | null;
  /** OrderCreated's createdAt; null until it arrives. */
  placedAt: string | null;
  /** The earliest instant any event of the order told: stands in for `placedAt` until OrderCreated arrives. */
  firstSeenAt: string | null;
  totalAmount: number | null;
  paymentMethod: 'CARD' | 'CASH' | null;
  /** The order's lines with their totals, from OrderCreated. */
  lines: FactLine[] | null;
  status: OrderStatus | null;
  statusAt: string | null;
  /** The first instant the order entered each status. */
  reached: Partial<Record<OrderStatus, string>>;
  /** A card payment's captured amount (paise). */
  capturedAmount: number;
  refundedAmount: number;
  /** Set by a CANCELLED change with `refunded: true` or by PaymentRefunded. */
  refunded: boolean;
}

export interface FactLine {
  menuItemId: string;
  name: string;
  quantity: number;
  lineTotal: number;
}

/**
 * Where each status sits in an order's life; breaks a tie between two changes at the same instant. The ends
 * rank last, so a late redelivery never moves an order back.
 */
const STATUS_RANK: Record<OrderStatus, number> = {
  PENDING: 0,
  CONFIRMED: 1,
  PREPARING: 2,
  READY: 3,
  OUT_FOR_DELIVERY: 4,
  DELIVERED: 5,
  PICKED_UP: 5,
  CANCELLED: 6,
};

export function emptyFacts(orderId: string): OrderFacts {
  return {
    orderId,
    restaurantId: null,
    placedAt: null,
    firstSeenAt: null,
    totalAmount: null,
    paymentMethod: null,
    lines: null,
    status: null,
    statusAt: null,
    reached: {},
    capturedAmount: 0,
    refundedAmount: 0,
    refunded: false,
  };
}

export interface CreatedFact {
  restaurantId: string;
  createdAt: string;
  totalAmount: number;
  paymentMethod: 'CARD' | 'CASH';
  lines: FactLine[];
}

export interface StatusFact {
  restaurantId: string;
  status: OrderStatus;
  changedAt: string;
  totalAmount: number;
  refunded: boolean;
}

export interface PaymentFact {
  /** Card money actually captured: CAPTURED (or REFUNDED later) of a CARD payment. */
  captured: number;
}

export function applyCreated(facts: OrderFacts, created: CreatedFact): OrderFacts {
  const reached = { ...facts.reached, PENDING: earliest(facts.reached.PENDING, created.createdAt) };
  const current = later(facts, { status: 'PENDING', at: created.createdAt });
  return {
    ...facts,
    restaurantId: created.restaurantId,
    placedAt: created.createdAt,
    firstSeenAt: earliest(facts.firstSeenAt, created.createdAt),
    totalAmount: created.totalAmount,
    paymentMethod: created.paymentMethod,
    lines: created.lines,
    reached,
    status: current.status,
    statusAt: current.at,
  };
}

export function applyStatus(facts: OrderFacts, change: StatusFact): OrderFacts {
  const current = later(facts, { status: change.status, at: change.changedAt });
  return {
    ...facts,
    restaurantId: facts.restaurantId ?? change.restaurantId,
    firstSeenAt: earliest(facts.firstSeenAt, change.changedAt),
    totalAmount: facts.totalAmount ?? change.totalAmount,
    reached: { ...facts.reached, [change.status]: earliest(facts.reached[change.status], change.changedAt) },
    status: current.status,
    statusAt: current.at,
    refunded: facts.refunded || change.refunded,
  };
}

export function applyPayment(facts: OrderFacts, payment: PaymentFact): OrderFacts {
  return { ...facts, capturedAmount: Math.max(facts.capturedAmount, payment.captured) };
}

export function applyRefund(facts: OrderFacts, amount: number): OrderFacts {
  // A refund is whole and once per order (payments keys it by order), so a repeat carries the same amount.
  return { ...facts, refundedAmount: Math.max(facts.refundedAmount, amount), refunded: true };
}

/** The status that stands: the one with the later instant, or at one instant the later in an order's life. */
function later(
  facts: OrderFacts,
  candidate: { status: OrderStatus; at: string },
): { status: OrderStatus; at: string } {
  if (facts.status === null || facts.statusAt === null) return candidate;
  const held = Date.parse(facts.statusAt);
  const offered = Date.parse(candidate.at);
  if (offered > held || (offered === held && STATUS_RANK[candidate.status] > STATUS_RANK[facts.status])) {
    return candidate;
  }
  return { status: facts.status, at: facts.statusAt };
}

function earliest(held: string | null | undefined, offered: string): string {
  if (held === null || held === undefined) return offered;
  return Date.parse(offered) < Date.parse(held) ? offered : held;
}
