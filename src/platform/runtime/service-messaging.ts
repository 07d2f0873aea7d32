import type { Migration, Sql, SqlExecutor, SqlTransaction } from '../db/index.js';
import {
  createConsumer,
  createEvent,
  createEventStore,
  createOutbox,
  createOutboxRelay,
  messagingMigrations,
  readPublishedEvents,
  type BatchItem,
  type Consumer,
  type EventBus,
  type EventCause,
  type EventEnvelope,
  type EventSchemaRegistry,
  type EventStore,
  type PublishedEventsInput,
  type PublishedEventsPage,
} from '../messaging/index.js';
import type { Logger } from '../observability/logger.js';
import { currentCorrelationScope } from '../observability/correlation-scope.js';
import type { Clock } from '../time/clock.js';
import type { Ids } from '../time/ids.js';

/**
 * One service's share of the messaging port: its outbox and relay, its consumers, and its event store,
 * all in the service's own schema. A service builds this once and writes events only through `publish`
 * inside the transaction of the state change they describe.
 */
export interface ServiceMessaging {
  readonly schema: string;
  /** The outbox, inbox, event-store and dead-letter tables of the service's schema. */
  readonly migrations: Migration[];
  readonly store: EventStore;
  readonly consumers: readonly Consumer[];
  /** An envelope from this service (source = the service name). */
  event<T>(
    type: string,
    subject: string,
    data: T,
    options?: { version?: number; cause?: EventCause },
  ): EventEnvelope<T>;
  /** Adds events to the outbox in the caller's transaction; the relay publishes them after commit. */
  publish(tx: SqlExecutor, events: readonly EventEnvelope[]): Promise<void>;
  /**
   * Declares a consumer; it starts with `start()`. Its handler runs in one transaction with the inbox row;
   * `options.prepare` runs before that transaction (see ConsumerOptions.prepare) and hands over its result.
   */
  consume<Prepared = undefined>(
    name: string,
    types: string[],
    handle: (event: EventEnvelope, tx: SqlTransaction, prepared: Prepared) => Promise<void>,
    options?: {
      maxAttempts?: number;
      backoff?: (attempt: number) => number;
      prepare?: (event: EventEnvelope) => Promise<Prepared>;
      /** Takes waiting events in batches (see ConsumerOptions.batch). */
      batch?: boolean;
      /** Its transactions apply one at a time across instances (see ConsumerOptions.serialize). */
      serialize?: boolean;
      /** `prepare` is safe to repeat, so a batch may be prepared (see ConsumerOptions.prepareRepeatable). */
      prepareRepeatable?: boolean;
      /** Prepares a batch's events at once (see ConsumerOptions.prepareMany). */
      prepareMany?: (events: readonly EventEnvelope[]) => Promise<Prepared[]>;
      /** Applies a batch's events at once (see ConsumerOptions.handleMany). */
      handleMany?: (items: ReadonlyArray<BatchItem<Prepared>>, tx: SqlTransaction) => Promise<void>;
    },
  ): Consumer;
  /**
   * The events this service has published, oldest first, a page at a time: what a consumer's rebuild
   * (`sattzabite replay`) reads through this service's `publishedEvents` client operation.
   */
  publishedEvents(input?: PublishedEventsInput): Promise<PublishedEventsPage>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ServiceMessagingDeps {
  service: string;
  sql: Sql;
  bus: EventBus;
  registry: EventSchemaRegistry;
  clock: Clock;
  ids: Ids;
  log: Logger;
  /** Retry policy of this service's consumers (tests shorten it). */
  consumerRetry?: { maxAttempts: number; backoff: (attempt: number) => number };
}

export function createServiceMessaging(deps: ServiceMessagingDeps): ServiceMessaging {
  const schema = deps.service;
  const outbox = createOutbox(schema, { registry: deps.registry });
  const store = createEventStore(deps.sql, schema, { outbox, registry: deps.registry });
  const relay = createOutboxRelay({ sql: deps.sql, schema, bus: deps.bus, log: deps.log, outbox });
  const consumers: Consumer[] = [];
  let started = false;

  return {
    schema,
    migrations: messagingMigrations(schema),
    store,
    consumers,
    event(type, subject, data, options = {}) {
      // Without a cause of its own, an event joins the flow of the request or event being handled.
      const cause = options.cause ?? currentCorrelationScope();
      return createEvent(
        { clock: deps.clock, ids: deps.ids },
        {
          type,
          source: deps.service,
          subject,
          data,
          ...(options.version === undefined ? {} : { version: options.version }),
          ...(cause === undefined ? {} : { cause }),
        },
      );
    },
    publish: (tx, events) => outbox.add(tx, events),
    publishedEvents: (input) => readPublishedEvents(deps.sql, schema, input),
    consume(name, types, handle, options = {}) {
      const prepare = options.prepare;
      const consumer = createConsumer({
        sql: deps.sql,
        schema,
        bus: deps.bus,
        name: `${deps.service}.${name}`,
        types,
        handle,
        ...(prepare === undefined ? {} : { prepare }),
        ...(options.batch === undefined ? {} : { batch: options.batch }),
        ...(options.serialize === undefined ? {} : { serialize: options.serialize }),
        ...(options.prepareRepeatable === undefined ? {} : { prepareRepeatable: options.prepareRepeatable }),
        ...(options.prepareMany === undefined ? {} : { prepareMany: options.prepareMany }),
        ...(options.handleMany === undefined ? {} : { handleMany: options.handleMany }),
        log: deps.log,
        registry: deps.registry,
        clock: deps.clock,
        ...((options.maxAttempts ?? deps.consumerRetry?.maxAttempts)
          ? { maxAttempts: options.maxAttempts ?? deps.consumerRetry?.maxAttempts }
          : {}),
        ...((options.backoff ?? deps.consumerRetry?.backoff)
          ? { backoff: options.backoff ?? deps.consumerRetry?.backoff }
          : {}),
        // A shortened policy (tests) shortens the minutes-long patience with transient failures too.
        ...(deps.consumerRetry === undefined ? {} : { transientRetry: deps.consumerRetry }),
      });
      consumers.push(consumer);
      if (started) void consumer.start();
      return consumer;
    },
    async start() {
      started = true;
      relay.start();
      for (const consumer of consumers) await consumer.start();
    },
    async stop() {
      for (const consumer of consumers) await consumer.stop();
      await relay.stop();
      started = false;
    },
  };
}
