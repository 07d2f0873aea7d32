import type { EventEnvelope } from '../../../platform/messaging/index.js';
import type { Fulfillment, OrderStatus } from '../../orders/index.js';
import { offerEffectOf, type OfferEffect } from '../domain/offer-rules.js';
import {
  assignmentAfter,
  offerAfter,
  trackChange,
  type AssignmentState,
  type OfferState,
  type TrackedOrder,
} from '../domain/order-tracking.js';
import type { OrderUpdatesRepo } from './ports.js';

/**
 * The fields of OrderStatusUpdated v1 this service reads (validated against the orders schema on consume).
 * Declared here with orders' own status and fulfillment types rather than derived from the TypeBox schema,
 * so the checks below stay typed whatever the schema's static type says.
 */
export interface OrderStatusChange {
  orderId: string;
  restaurantId: string;
  courierId: string | null;
  fulfillment: Fulfillment;
  status: OrderStatus;
  changedAt: string;
}

/**
 * Applies OrderStatusUpdated events (in order) inside the consumer's transaction (with their inbox rows), in
 * at most six statements whatever their number; a single event is a batch of one. The rows the events
 * touch are locked and read, each event applied to them in memory by the rules of domain/order-tracking.ts
 * (as one by one: a change older than the order's stored one does nothing at all), and what changed is
 * written back, a statement per table.
 *
 * It only writes local facts: the offer's pickup and drop-off are resolved later, outside any transaction
 * (see offer-details.ts), because a call to another service from here would hold the transaction open while
 * waiting, and in the embedded run that service shares the one database connection.
 */
export async function applyOrderStatusUpdates(
  repo: OrderUpdatesRepo,
  events: readonly EventEnvelope[],
): Promise<void> {
  const changes = events.map((event) => event.data as OrderStatusChange).filter(isDelivery);
  if (changes.length === 0) return;
  const orders = await repo.lockTrackedOrders(changes.map((change) => change.orderId));
  const trackedNow = new Map<string, TrackedOrder>();
  const effects: Array<{ change: OrderStatusChange; effect: OfferEffect; at: Date }> = [];
  for (const change of changes) {
    const at = new Date(change.changedAt);
    const tracked = trackChange(trackedNow.get(change.orderId) ?? orders.get(change.orderId), {
      orderId: change.orderId,
      restaurantId: change.restaurantId,
      status: change.status,
      courierId: change.courierId,
      changedAt: at,
    });
    if (tracked === undefined) continue;
    trackedNow.set(change.orderId, tracked);
    const effect = offerEffectOf(change);
    if (effect.kind !== 'none') effects.push({ change, effect, at });
  }
  await repo.saveTrackedOrders([...trackedNow.values()]);
  if (effects.length === 0) return;

  const offers = await repo.lockOffers(effects.map(({ change }) => change.orderId));
  const assignments = await repo.lockAssignments(
    effects.flatMap(({ change, effect }) => (effect.kind === 'assigned' ? [change.orderId] : [])),
  );
  const offersNow = new Map<string, OfferState>();
  const assignmentsNow = new Map<string, AssignmentState>();
  for (const { change, effect, at } of effects) {
    const { orderId, restaurantId } = change;
    const offer = offersNow.get(orderId) ?? offers.get(orderId);
    const offerNext = offerAfter(offer, effect, { orderId, restaurantId, at });
    if (offerNext !== undefined && offerNext !== offer) offersNow.set(orderId, offerNext);
    if (effect.kind === 'assigned') {
      // Orders is the authority on the courier: whatever delivery held, it now follows orders.
      const assignment = assignmentsNow.get(orderId) ?? assignments.get(orderId);
      const assignmentNext = assignmentAfter(assignment, { orderId, courierId: effect.courierId, at });
      if (assignmentNext !== assignment) assignmentsNow.set(orderId, assignmentNext);
    }
  }
  await repo.saveOffers([...offersNow.values()]);
  await repo.saveAssignments([...assignmentsNow.values()]);
}

function isDelivery(change: OrderStatusChange): boolean {
  return change.fulfillment === 'DELIVERY';
}
