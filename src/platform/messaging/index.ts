export { MessagingErrors } from './messaging-errors.js';
export {
  causedBy,
  createEvent,
  type CreateEventInput,
  type EventCause,
  type EventEnvelope,
} from './event-envelope.js';
export { createEventSchemaRegistry, type EventSchemaRegistry } from './event-schema-registry.js';
export { assertSchemaName, messagingMigrations } from './messaging-migrations.js';
export {
  createEventStore,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type StoredEvent,
} from './event-store.js';
export { createOutbox, type Outbox } from './outbox.js';
export {
  MAX_PUBLISHED_EVENTS_PAGE,
  PublishedEventsInput,
  readPublishedEvents,
  type PublishedEventsPage,
} from './published-events.js';
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outbox-relay.js';
export {
  exponentialBackoff,
  type Delivery,
  type EventBus,
  type Subscription,
  type Unsubscribe,
} from './event-bus.js';
export { createInProcessBus, type InProcessBusOptions } from './in-process-bus.js';
export { createNatsBus, type NatsBusOptions } from './nats-event-bus.js';
export {
  createConsumer,
  type BatchItem,
  type Consumer,
  type ConsumerOptions,
  type DeliveryOutcome,
} from './consumer-runner.js';
export {
  getDeadLetter,
  listDeadLetters,
  redriveDeadLetter,
  type DeadLetter,
  type DeadLetterRedriver,
} from './dead-letters.js';
export { deadLetterRoutes, type DeadLetterSource } from './dead-letter-routes.js';
