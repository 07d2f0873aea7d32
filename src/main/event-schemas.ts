// Every contract's event schemas, registered in one registry: a process validates the events it consumes
// even when the service that publishes them runs elsewhere.
import type { EventSchemaRegistry } from '../platform/messaging/index.js';
import { catalogEventSchemas } from '../services/catalog/index.js';
import { restaurantsEventSchemas } from '../services/restaurants/index.js';
import { usersEventSchemas } from '../services/users/index.js';
import { paymentsEventSchemas } from '../services/payments/index.js';
import { ordersEventSchemas } from '../services/orders/index.js';
import { notificationsEventSchemas } from '../services/notifications/index.js';
import { deliveryEventSchemas } from '../services/delivery/index.js';
import { promotionsEventSchemas } from '../services/promotions/index.js';

export function registerAllEventSchemas(registry: EventSchemaRegistry): EventSchemaRegistry {
  for (const { type, version, schema } of [
    ...usersEventSchemas,
    ...restaurantsEventSchemas,
    ...catalogEventSchemas,
    ...paymentsEventSchemas,
    ...ordersEventSchemas,
    ...notificationsEventSchemas,
    ...deliveryEventSchemas,
    ...promotionsEventSchemas,
  ]) {
    registry.register(type, version, schema);
  }
  return registry;
}
