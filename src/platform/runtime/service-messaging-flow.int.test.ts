// A consumer works on an event inside that event's flow: what it logs, calls and writes without a cause of
// its own carries the event's correlation id, caused by the event. Outside any flow, an event starts one.
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSql } from '../../../test/support/test-sql.js';
import { migrate, type Sql } from '../db/index.js';
import {
  createEventSchemaRegistry,
  createInProcessBus,
  type EventBus,
  type EventEnvelope,
} from '../messaging/index.js';
import { waitUntil } from '../messaging/messaging-test-kit.js';
import { currentCorrelationScope, runInCorrelationScope } from '../observability/correlation-scope.js';
import { silentLogger } from '../observability/logger.js';
import { systemClock } from '../time/clock.js';
import { uuidV7Ids } from '../time/ids.js';
import { createServiceMessaging, type ServiceMessaging } from './service-messaging.js';

describe('the flow of a handled event', () => {
  let sql: Sql;
  let bus: EventBus;
  const registry = createEventSchemaRegistry()
    .register('ProbeStarted', 1, Type.Object({}))
    .register('ProbeFollowed', 1, Type.Object({}));
  const made = (service: string) =>
    createServiceMessaging({
      service,
      sql,
      bus,
      registry,
      clock: systemClock,
      ids: uuidV7Ids,
      log: silentLogger(),
    });
  let source: ServiceMessaging;
  let sink: ServiceMessaging;
  const handled: Array<{ scope: string | undefined; follow: EventEnvelope }> = [];
  const batched: Array<string | undefined> = [];

  beforeAll(async () => {
    sql = await createTestSql();
    bus = createInProcessBus({ log: silentLogger() });
    source = made('flow_source');
    sink = made('flow_sink');
    sink.consume('follow', ['ProbeStarted'], async (event, tx) => {
      const follow = sink.event('ProbeFollowed', event.subject, {});
      handled.push({ scope: currentCorrelationScope()?.correlationId, follow });
      await sink.publish(tx, [follow]);
    });
    // A consumer taking batches applies each event of one on its own here (no handleMany): in its flow too.
    sink.consume(
      'followInBatches',
      ['ProbeStarted'],
      async () => void batched.push(currentCorrelationScope()?.correlationId),
      { batch: true },
    );
    await migrate(sql, [...source.migrations, ...sink.migrations], silentLogger());
    await source.start();
    await sink.start();
  });

  afterAll(async () => {
    await sink?.stop();
    await source?.stop();
    await bus?.close();
    await sql?.close();
  });

  it("gives what a consumer writes without a cause the event's correlation id, caused by the event", async () => {
    // Written while serving a request of flow "flow-7" (as the HTTP kernel's scope would have it).
    const started = runInCorrelationScope({ correlationId: 'flow-7', causationId: 'request-1' }, () =>
      source.event('ProbeStarted', 'p-1', {}),
    );
    expect([started.correlationId, started.causationId]).toEqual(['flow-7', 'request-1']);
    // Two more in the same flow, published together, reach the batch consumer as one batch.
    const more = runInCorrelationScope({ correlationId: 'flow-7', causationId: 'request-1' }, () => [
      source.event('ProbeStarted', 'p-1', {}),
      source.event('ProbeStarted', 'p-1', {}),
    ]);
    await sql.transaction((tx) => source.publish(tx, [started, ...more]));

    await waitUntil(() => handled.length === 3 && batched.length === 3, 'the consumers to handle the events');
    expect(batched).toEqual(['flow-7', 'flow-7', 'flow-7']);
    const [seen] = handled;
    expect(seen?.scope).toBe('flow-7');
    expect([seen?.follow.correlationId, seen?.follow.causationId]).toEqual(['flow-7', started.id]);
  });

  it('starts a flow of its own outside any request or handled event', () => {
    const alone = source.event('ProbeStarted', 'p-2', {});
    expect([alone.correlationId, alone.causationId]).toEqual([alone.id, null]);
  });
});
