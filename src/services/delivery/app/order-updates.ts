import type { EventEnvelope } from '../../../platform/messaging/index.js';
import type { Fulfillment, OrderStatus } from '../../orders/index.js';
import { offerEffectOf } from '../domain/offer-rules.js';
import type { DeliveryRepo } from './ports.js';

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
 * Applies one OrderStatusUpdated inside the consumer's transaction (with its inbox row). It only writes
 * local facts: the offer's pickup and drop-off are resolved later, outside any transaction (see
 * offer-details.ts), because a call to another service from here would hold the transaction open while
 * waiting, and in the embedded run that service shares the one database connection.
 */
export async function applyOrderStatusUpdate(repo: DeliveryRepo, event: EventEnvelope): Promise<void> {
  const data = event.data as OrderStatusChange;
  if (data.fulfillment !== 'DELIVERY') return;
  const changedAt = new Date(data.changedAt);
  const current = await repo.trackOrder({
    orderId: data.orderId,
    restaurantId: data.restaurantId,
    status: data.status,
    courierId: data.courierId,
    changedAt,
  });
  // An older change redelivered after a newer one must not reopen or reassign anything.
  if (!current) return;
  const effect = offerEffectOf(data);
  switch (effect.kind) {
    case 'open':
      await repo.insertOfferIfMissing({
        orderId: data.orderId,
        restaurantId: data.restaurantId,
        at: changedAt,
      });
      return;
    case 'assigned':
      // Orders is the authority on the courier: whatever delivery held, it now follows orders.
      await repo.markOfferAssigned(data.orderId, effect.courierId, changedAt);
      await repo.upsertAssignment({
        orderId: data.orderId,
        courierId: effect.courierId,
        assignedAt: changedAt,
      });
      return;
    case 'withdraw':
      await repo.withdrawOffer(data.orderId, effect.reason, changedAt);
      return;
    case 'none':
      return;
  }
}
