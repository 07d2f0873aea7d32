// One order followable across nodes: every consumer says at debug which events it handled, with the flow's
// correlation id, and what its handler logs carries that id too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSql } from '../../../test/support/test-sql.js';
import { migrate } from '../db/migrate.js';
import type { PgliteSql } from '../db/pglite-sql.js';
import { createLogger, silentLogger } from '../observability/logger.js';
import { createConsumer } from './consumer-runner.js';
import { createInProcessBus } from './in-process-bus.js';
import { messagingMigrations } from './messaging-migrations.js';
import { testEvent, uniqueName } from './messaging-test-kit.js';

let sql: PgliteSql;
let schema: string;
beforeAll(async () => {
  sql = await createTestSql();
  schema = uniqueName('logs');
  await migrate(sql, messagingMigrations(schema), silentLogger());
});
afterAll(async () => {
  await sql.close();
});

describe('consumer logging', () => {
  it('logs each handled event at debug with its correlation id, and the handler logs in that flow', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = createLogger({
      level: 'debug',
      destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    const consumer = createConsumer({
      sql,
      schema,
      bus: createInProcessBus(),
      name: uniqueName('logged'),
      types: ['Thing'],
      log,
      handle: async (event) => {
        log.info({ thing: event.subject }, 'handler at work');
      },
    });
    const event = { ...testEvent('Thing', 'thing-1'), correlationId: 'flow-of-order-42' };
    expect(await consumer.deliver(event)).toBe('applied');
    expect(await consumer.deliver(event)).toBe('duplicate');

    const handled = lines.filter((line) => line.msg === 'event handled');
    expect(handled).toEqual([
      expect.objectContaining({
        level: 20,
        eventId: event.id,
        correlationId: 'flow-of-order-42',
        outcome: 'applied',
      }),
      expect.objectContaining({ eventId: event.id, correlationId: 'flow-of-order-42', outcome: 'duplicate' }),
    ]);
    expect(lines.find((line) => line.msg === 'handler at work')).toMatchObject({
      correlationId: 'flow-of-order-42',
    });
  });
});
