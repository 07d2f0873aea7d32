import type { SqlTransaction } from '../../../platform/db/sql.js';
import {
  createConsumer,
  exponentialBackoff,
  type BatchItem,
  type Consumer,
  type EventEnvelope,
} from '../../../platform/messaging/index.js';
import type { ServiceDeps } from '../../../platform/runtime/service-deps.js';
import { NotificationsEvents } from '../contract.js';
import type { NotificationsContext } from '../app/context.js';
import {
  loadBatchLookups,
  loadEventLookups,
  notifyOnEvent,
  notifyOnEvents,
  SOURCE_EVENT_TYPES,
} from '../app/notify-on-event.js';
import { sendChannelBatch } from '../app/send-channel-batch.js';
import {
  recordChannelSend,
  recordChannelSends,
  sendOnChannel,
  type ChannelSend,
} from '../app/send-on-channel.js';

export interface ConsumerRetry {
  maxAttempts: number;
  backoff: (attempt: number) => number;
}

/** The platform's retry policy, unless a test shortens it (for transient failures too). */
const DEFAULT_RETRY: ConsumerRetry = {
  maxAttempts: 5,
  backoff: exponentialBackoff({ initialMs: 200, maxMs: 30_000 }),
};

export interface NotificationConsumers {
  /** Order, payment and restaurant events → in-app notifications and channel jobs. */
  events: Consumer;
  /**
   * One email per job, a batch of jobs at a time; failures retried and dead-lettered here, apart from the
   * other channels.
   */
  email: Consumer;
  /** One SMS per job, likewise. */
  sms: Consumer;
}

/** The service's three consumers, each with its own durable subscription and dead letters. */
export function createNotificationConsumers(
  ctx: NotificationsContext,
  deps: Pick<ServiceDeps, 'sql' | 'bus' | 'events' | 'clock'>,
  retry: ConsumerRetry | undefined,
): NotificationConsumers {
  const common = {
    sql: deps.sql,
    schema: ctx.messaging.schema,
    bus: deps.bus,
    registry: deps.events,
    clock: deps.clock,
    log: ctx.log,
    maxAttempts: (retry ?? DEFAULT_RETRY).maxAttempts,
    backoff: (retry ?? DEFAULT_RETRY).backoff,
    ...(retry === undefined ? {} : { transientRetry: retry }),
  };
  return {
    events: createConsumer({
      ...common,
      name: 'notifications.events',
      types: SOURCE_EVENT_TYPES,
      // Look-ups of names and preferences only: safe to repeat, so these events may come in batches.
      prepare: (event) => loadEventLookups(ctx, event),
      batch: true,
      prepareRepeatable: true,
      prepareMany: (events) => loadBatchLookups(ctx, events),
      handle: (event, tx, lookups) => notifyOnEvent(ctx, event, tx, lookups),
      // A few statements for the whole batch (see notifyOnEvents), not a few per event.
      handleMany: (items, tx) => notifyOnEvents(ctx, items, tx),
    }),
    email: createConsumer({
      ...common,
      name: 'notifications.email',
      types: [NotificationsEvents.EMAIL_REQUESTED],
      ...channelJobs(ctx),
    }),
    sms: createConsumer({
      ...common,
      name: 'notifications.sms',
      types: [NotificationsEvents.SMS_REQUESTED],
      ...channelJobs(ctx),
    }),
  };
}

/**
 * A channel's jobs, in batches where the bus offers them. The send is repeatable: a failed batch sends its
 * jobs again one by one under the same message ids, which the local adapters drop and SMTP may deliver
 * twice (at least once, as for any retried send).
 */
function channelJobs(ctx: NotificationsContext) {
  return {
    prepare: (event: EventEnvelope) => sendOnChannel(ctx, event),
    batch: true,
    prepareRepeatable: true,
    prepareMany: (events: readonly EventEnvelope[]) => sendChannelBatch(ctx, events),
    handle: (event: EventEnvelope, tx: SqlTransaction, send: ChannelSend) =>
      recordChannelSend(ctx, event, tx, send),
    handleMany: (items: ReadonlyArray<BatchItem<ChannelSend>>, tx: SqlTransaction) =>
      recordChannelSends(ctx, items, tx),
  };
}
