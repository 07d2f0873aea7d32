import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createEvent, type Consumer, type EventEnvelope } from '../../../platform/messaging/index.js';
import type { ServiceModule } from '../../../platform/runtime/service-module.js';
import { ordersEventSchemas } from '../../orders/index.js';
import { paymentsEventSchemas } from '../../payments/index.js';
import { analyticsErrorStatuses, createAnalyticsService, type AnalyticsClient } from '../index.js';
import type { AnalyticsEvent } from './analytics-events.js';

export { createTestSql } from '../../../../test/support/test-sql.js';

export interface AnalyticsHarness extends TestPlatform {
  analytics: ServiceModule<AnalyticsClient>;
  /** Publishes the event on the bus, waits until it is applied, then delivers it again (must be a duplicate). */
  feed(event: AnalyticsEvent): Promise<EventEnvelope>;
  /** Applies the events as one batch of the consumer (one transaction), then checks each is a duplicate. */
  feedBatch(events: AnalyticsEvent[]): Promise<void>;
}

/** The analytics service with auth on a clean `analytics` schema of a shared PGlite. */
export async function startAnalytics(sql: PgliteSql): Promise<AnalyticsHarness> {
  let analytics: ServiceModule<AnalyticsClient> | undefined;
  const platform = await startTestPlatform(sql, {
    build: async (deps) => {
      analytics = await createAnalyticsService({
        ...deps,
        consumerRetry: { maxAttempts: 2, backoff: () => 10 },
      });
      return [analytics];
    },
    events: (registry) => {
      for (const { type, version, schema } of [...ordersEventSchemas, ...paymentsEventSchemas]) {
        registry.register(type, version, schema);
      }
    },
    errorStatuses: analyticsErrorStatuses,
    schemas: ['analytics'],
  });
  if (analytics === undefined) throw new Error('the analytics service was not built');
  const module = analytics;
  const consumer = (): Consumer => {
    const found = module.messaging?.consumers.find((c) => c.name === 'analytics.aggregates');
    if (found === undefined) throw new Error('no analytics.aggregates consumer');
    return found;
  };
  return {
    ...platform,
    analytics: module,
    async feed({ type, source, data }) {
      const event = createEvent(
        { clock: platform.clock, ids: platform.deps.ids },
        { type, source, subject: data.orderId, data },
      );
      await platform.bus.publish(event);
      await consumer().whenProcessed(event.id);
      const again = await consumer().deliver(event, 2);
      if (again !== 'duplicate') throw new Error(`the second delivery of ${type} was ${again}`);
      return event;
    },
    async feedBatch(events) {
      const envelopes = events.map(({ type, source, data }) =>
        createEvent(
          { clock: platform.clock, ids: platform.deps.ids },
          { type, source, subject: data.orderId, data },
        ),
      );
      await consumer().deliverBatch(envelopes);
      for (const event of envelopes) {
        const again = await consumer().deliver(event, 2);
        if (again !== 'duplicate')
          throw new Error(`the delivery of ${event.type} after its batch was ${again}`);
      }
    },
  };
}
