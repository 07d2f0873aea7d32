import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSql } from '../../../test/support/test-sql.js';
import { migrate } from '../db/migrate.js';
import type { PgliteSql } from '../db/pglite-sql.js';
import { silentLogger } from '../observability/logger.js';
import { createConsumer } from './consumer-runner.js';
import { listDeadLetters } from './dead-letters.js';
import { createInProcessBus } from './in-process-bus.js';
import { messagingMigrations } from './messaging-migrations.js';
import { testEvent, uniqueName } from './messaging-test-kit.js';

let sql: PgliteSql;
let schema: string;
beforeAll(async () => {
  sql = await createTestSql();
  schema = uniqueName('prep');
  await migrate(sql, messagingMigrations(schema), silentLogger());
});
afterAll(async () => {
  await sql.close();
});

describe('a consumer with a prepare step', () => {
  it('prepares outside the transaction and hands the result to the handler; a failed prepare is a failed attempt', async () => {
    const failing = new Set<string>();
    const seen: Array<{ id: string; prepared: string }> = [];
    let prepares = 0;
    const consumer = createConsumer({
      sql,
      schema,
      bus: createInProcessBus({ log: silentLogger() }),
      name: `${schema}.prepared`,
      types: ['Thing'],
      maxAttempts: 2,
      log: silentLogger(),
      prepare: async (event) => {
        prepares += 1;
        // The embedded store refuses a query from inside its own transaction: this proves we are outside.
        await sql.query('SELECT 1');
        if (failing.has(event.id)) throw new Error('the other service is down');
        return `looked up for ${event.subject}`;
      },
      handle: async (event, _tx, prepared) => {
        seen.push({ id: event.id, prepared });
      },
    });

    const ok = testEvent('Thing', 'thing-1');
    expect(await consumer.deliver(ok)).toBe('applied');
    const preparedBefore = prepares;
    expect(await consumer.deliver(ok)).toBe('duplicate');
    expect(seen).toEqual([{ id: ok.id, prepared: 'looked up for thing-1' }]);
    // An event already applied is not prepared again (preparing may send an email).
    expect(prepares).toBe(preparedBefore);

    const down = testEvent('Thing', 'thing-2');
    failing.add(down.id);
    await expect(consumer.deliver(down, 1)).rejects.toThrow('the other service is down');
    expect(await consumer.deliver(down, 2)).toBe('dead-lettered');
    const [letter] = await listDeadLetters(sql, schema);
    expect(letter?.error).toContain('the other service is down');
    // A stray redelivery of a waiting dead letter is neither prepared nor applied.
    const beforeStray = prepares;
    expect(await consumer.deliver(down, 1)).toBe('dead-lettered');
    expect(prepares).toBe(beforeStray);

    // A redrive prepares again.
    failing.delete(down.id);
    await consumer.redrive(letter?.id ?? 0);
    expect(seen.at(-1)).toEqual({ id: down.id, prepared: 'looked up for thing-2' });
  });
});
