import type { Sql, SqlTransaction } from '../../../platform/db/sql.js';
import {
  createConsumer,
  getDeadLetter,
  type Consumer,
  type EventBus,
  type EventEnvelope,
  type EventSchemaRegistry,
  type Unsubscribe,
} from '../../../platform/messaging/index.js';
import type { Logger } from '../../../platform/observability/logger.js';
import type { Clock } from '../../../platform/time/clock.js';

export interface ConsumerRetry {
  maxAttempts: number;
  backoff: (attempt: number) => number;
}

export interface PrefetchingConsumerOptions<Loaded> {
  sql: Sql;
  schema: string;
  bus: EventBus;
  registry: EventSchemaRegistry;
  clock: Clock;
  log: Logger;
  name: string;
  types: string[];
  retry: ConsumerRetry;
  /** The work this event needs before its transaction opens: calls to other services, external sends. */
  load(event: EventEnvelope): Promise<Loaded>;
  /** The effect, in one transaction with the inbox row, as with `messaging.consume`. */
  handle(event: EventEnvelope, tx: SqlTransaction, loaded: Loaded): Promise<void>;
}

type Loading<Loaded> = { value: Loaded } | { error: unknown };

/**
 * A platform consumer (inbox, retries with backoff, dead letters, redrive) whose handler also gets what
 * `load` fetched from other services. Why not `messaging.consume`: its handler runs inside the inbox
 * transaction, and a client call on a service hosted in this process would use the same database from
 * inside it, which the SQL port refuses (PGlite has a single connection). So the calls happen first, and a
 * failed call fails the attempt inside the runner, which counts it toward the dead-letter queue.
 */
export function createPrefetchingConsumer<Loaded>(options: PrefetchingConsumerOptions<Loaded>): Consumer {
  const loaded = new Map<string, Loading<Loaded>>();

  const inner = createConsumer({
    sql: options.sql,
    schema: options.schema,
    bus: options.bus,
    name: options.name,
    types: options.types,
    log: options.log,
    registry: options.registry,
    clock: options.clock,
    maxAttempts: options.retry.maxAttempts,
    backoff: options.retry.backoff,
    handle: async (event, tx) => {
      const loading = loaded.get(event.id);
      if (loading === undefined) throw new Error(`${options.name}: nothing was loaded for event ${event.id}`);
      if ('error' in loading) throw loading.error;
      await options.handle(event, tx, loading.value);
    },
  });

  /** Runs `work` with `event`'s lookups in place; a concurrent run of the same event keeps its own. */
  async function withLoaded<T>(event: EventEnvelope, work: () => Promise<T>): Promise<T> {
    let loading: Loading<Loaded>;
    try {
      loading = { value: await options.load(event) };
    } catch (error) {
      loading = { error };
    }
    loaded.set(event.id, loading);
    try {
      return await work();
    } finally {
      if (loaded.get(event.id) === loading) loaded.delete(event.id);
    }
  }

  let unsubscribe: Unsubscribe | undefined;
  const deliver: Consumer['deliver'] = (event, attempt = 1) =>
    withLoaded(event, () => inner.deliver(event, attempt));

  return {
    name: inner.name,
    deliver,
    whenProcessed: (eventId, waitOptions) => inner.whenProcessed(eventId, waitOptions),

    async start() {
      if (unsubscribe !== undefined) return;
      unsubscribe = await options.bus.subscribe({
        durableName: inner.name,
        types: options.types,
        // As the platform runner does: room above maxAttempts so a failed dead-letter write is retried.
        maxDeliver: options.retry.maxAttempts + 3,
        backoffMs: options.retry.backoff,
        handle: async (event, delivery) => {
          await deliver(event, delivery.attempt);
        },
      });
    },

    async stop() {
      const current = unsubscribe;
      unsubscribe = undefined;
      await current?.();
    },

    async redrive(deadLetterId) {
      const letter = await getDeadLetter(options.sql, options.schema, deadLetterId);
      await withLoaded(letter.event, () => inner.redrive(deadLetterId));
    },
  };
}
