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
    let insideTransaction = false;
    const consumer = createConsumer({
      sql,
      schema,
      bus: createInProcessBus({ log: silentLogger() }),
      name: `${schema}.prepared`,
      types: ['Thing'],
      maxAttempts: 2,
      log: silentLogger(),
      prepare: async (event) => {
        // The embedded store refuses a query from inside its own transaction: this proves we are outside.
        await sql.query('SELECT 1');
        expect(insideTransaction).toBe(false);
        if (failing.has(event.id)) throw new Error('the other service is down');
        return `looked up for ${event.subject}`;
      },
      handle: async (event, _tx, prepared) => {
        insideTransaction = true;
        seen.push({ id: event.id, prepared });
        insideTransaction = false;
      },
    });

    const ok = testEvent('Thing', 'thing-1');
    expect(await consumer.deliver(ok)).toBe('applied');
    expect(await consumer.deliver(ok)).toBe('duplicate');
    expect(seen).toEqual([{ id: ok.id, prepared: 'looked up for thing-1' }]);

    const down = testEvent('Thing', 'thing-2');
    failing.add(down.id);
    await expect(consumer.deliver(down, 1)).rejects.toThrow('the other service is down');
    expect(await consumer.deliver(down, 2)).toBe('dead-lettered');
    const [letter] = await listDeadLetters(sql, schema);
    expect(letter?.error).toContain('the other service is down');

    // A redrive prepares again.
    failing.delete(down.id);
    await consumer.redrive(letter?.id ?? 0);
    expect(seen.at(-1)).toEqual({ id: down.id, prepared: 'looked up for thing-2' });
  });
});
