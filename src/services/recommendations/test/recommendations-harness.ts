import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { createEvent, type Consumer, type EventEnvelope } from '../../../platform/messaging/index.js';
import type { ServiceModule } from '../../../platform/runtime/service-module.js';
import { catalogEventSchemas } from '../../catalog/index.js';
import { ordersEventSchemas } from '../../orders/index.js';
import { restaurantsEventSchemas } from '../../restaurants/index.js';
import { usersEventSchemas } from '../../users/index.js';
import {
  createRecommendationsService,
  recommendationsErrorStatuses,
  type RecommendationsClient,
} from '../index.js';
import { FACT_EVENT_TYPES } from '../app/learn-from-events.js';

export { createTestSql } from '../../../../test/support/test-sql.js';

/** The schemas of the events the recommendations consumers take. */
export const consumedEventSchemas = [
  ...ordersEventSchemas,
  ...usersEventSchemas,
  ...catalogEventSchemas,
  ...restaurantsEventSchemas,
];

/** The consumer of `service` that takes events of `type`: the facts consumer's, or the model's. */
export function consumerFor(service: ServiceModule<RecommendationsClient>, type: string): Consumer {
  const name = (FACT_EVENT_TYPES as readonly string[]).includes(type)
    ? 'recommendations.facts'
    : 'recommendations.model';
  const found = service.messaging?.consumers.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no ${name} consumer`);
  return found;
}

export interface FedEvent {
  type: string;
  source: string;
  subject: string;
  data: unknown;
}

export interface RecommendationsHarness extends TestPlatform {
  recommendations: ServiceModule<RecommendationsClient>;
  /**
   * Publishes the event on the bus, waits until its consumer applied it, then delivers it again, which
   * must change nothing (the inbox). `at` sets the envelope's time (the clock is put back after).
   */
  feed(event: FedEvent, at?: string): Promise<EventEnvelope>;
}

export async function startRecommendations(sql: PgliteSql): Promise<RecommendationsHarness> {
  let module: ServiceModule<RecommendationsClient> | undefined;
  const platform = await startTestPlatform(sql, {
    build: async (deps) => {
      module = await createRecommendationsService({
        ...deps,
        consumerRetry: { maxAttempts: 2, backoff: () => 10 },
      });
      return [module];
    },
    events: (registry) => {
      for (const { type, version, schema } of consumedEventSchemas) registry.register(type, version, schema);
    },
    errorStatuses: recommendationsErrorStatuses,
    schemas: ['recommendations'],
  });
  if (module === undefined) throw new Error('the recommendations service was not built');
  const built = module;
  return {
    ...platform,
    recommendations: built,
    async feed({ type, source, subject, data }, at) {
      const now = platform.clock.now();
      if (at !== undefined) platform.clock.set(at);
      const event = createEvent(
        { clock: platform.clock, ids: platform.deps.ids },
        { type, source, subject, data },
      );
      platform.clock.set(now);
      const consumer = consumerFor(built, type);
      await platform.bus.publish(event);
      await consumer.whenProcessed(event.id);
      const again = await consumer.deliver(event, 2);
      if (again !== 'duplicate') throw new Error(`the second delivery of ${type} was ${again}`);
      return event;
    },
  };
}
