// How long a consumer keeps trying depends on why it failed: a dependency that is away is waited for
// (minutes by default), a programming error goes to the dead-letter queue at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSql } from '../../../test/support/test-sql.js';
import { migrate } from '../db/migrate.js';
import type { PgliteSql } from '../db/pglite-sql.js';
import { silentLogger } from '../observability/logger.js';
import { createConsumer } from './consumer-runner.js';
import { listDeadLetters } from './dead-letters.js';
import type { EventBus, Subscription } from './event-bus.js';
import { createInProcessBus } from './in-process-bus.js';
import { messagingMigrations } from './messaging-migrations.js';
import { testEvent, uniqueName } from './messaging-test-kit.js';

let sql: PgliteSql;
let schema: string;
beforeAll(async () => {
  sql = await createTestSql();
  schema = uniqueName('kinds');
  await migrate(sql, messagingMigrations(schema), silentLogger());
});
afterAll(async () => {
  await sql.close();
});

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** A bus that only records the subscription the consumer makes, so its retry policy can be read. */
function recordingBus(): { bus: EventBus; subscription: () => Subscription } {
  let made: Subscription | undefined;
  const bus = createInProcessBus();
  return {
    bus: {
      ...bus,
      subscribe: async (subscription) => {
        made = subscription;
        return async () => undefined;
      },
    },
    subscription: () => made as Subscription,
  };
}

describe('consumer failures by kind', () => {
  it('dead-letters a programming error on its first attempt', async () => {
    const consumer = createConsumer({
      sql,
      schema,
      bus: createInProcessBus(),
      name: uniqueName('poison'),
      types: ['Thing'],
      log: silentLogger(),
      handle: async (event) => {
        const missing = (event.data as { row?: { id: string } }).row;
        // A bug: the handler reads a field that is not there.
        void (missing as { id: string }).id;
      },
    });
    const event = testEvent('Thing', 'thing-1', {});
    expect(await consumer.deliver(event, 1)).toBe('dead-lettered');
    const letters = (await listDeadLetters(sql, schema)).filter((l) => l.eventId === event.id);
    expect(letters).toHaveLength(1);
    expect(letters[0]?.attempts).toBe(1);
  });

  it('keeps retrying a dependency that is away far beyond the ordinary attempts, backing off for minutes', async () => {
    const { bus, subscription } = recordingBus();
    const consumer = createConsumer({
      sql,
      schema,
      bus,
      name: uniqueName('transient'),
      types: ['Thing'],
      maxAttempts: 3,
      log: silentLogger(),
      handle: async () => {
        throw refused();
      },
    });
    await consumer.start();
    const event = testEvent('Thing', 'thing-2');
    for (let attempt = 1; attempt < 12; attempt += 1) {
      await expect(consumer.deliver(event, attempt)).rejects.toThrow('ECONNREFUSED');
    }
    expect(await consumer.deliver(event, 12)).toBe('dead-lettered');

    const sub = subscription();
    const waits = Array.from({ length: 11 }, (_, i) => sub.backoffMs(i + 1, refused()));
    const total = waits.reduce((sum, ms) => sum + ms, 0);
    // A dependency restarting within two minutes is waited for.
    expect(total).toBeGreaterThan(120_000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(60_000);
    // An ordinary failure keeps its short policy.
    expect(sub.backoffMs(1, new Error('refused by the service'))).toBeLessThan(1_000);
    expect(sub.maxDeliver).toBeGreaterThan(12);
    await consumer.stop();
  });

  it('still gives an unknown failure its few quick attempts', async () => {
    const consumer = createConsumer({
      sql,
      schema,
      bus: createInProcessBus(),
      name: uniqueName('unknown'),
      types: ['Thing'],
      maxAttempts: 3,
      log: silentLogger(),
      handle: async () => {
        throw new Error('refused by the service');
      },
    });
    const event = testEvent('Thing', 'thing-3');
    await expect(consumer.deliver(event, 1)).rejects.toThrow('refused');
    await expect(consumer.deliver(event, 2)).rejects.toThrow('refused');
    expect(await consumer.deliver(event, 3)).toBe('dead-lettered');
  });
});
