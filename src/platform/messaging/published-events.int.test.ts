import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSql } from '../../../test/support/test-sql.js';
import type { PgliteSql } from '../db/pglite-sql.js';
import { migrate } from '../db/migrate.js';
import { messagingMigrations } from './messaging-migrations.js';
import { testEvent } from './messaging-test-kit.js';
import { createOutbox } from './outbox.js';
import { readPublishedEvents } from './published-events.js';

let sql: PgliteSql;
beforeAll(async () => {
  sql = await createTestSql();
  await migrate(sql, messagingMigrations('pubtest'));
});
afterAll(async () => sql?.close());

describe('readPublishedEvents', () => {
  it('pages through the published events in outbox order, by type, leaving out the unpublished', async () => {
    const outbox = createOutbox('pubtest');
    const events = Array.from({ length: 7 }, (_, i) => testEvent(i % 2 === 0 ? 'Even' : 'Odd', `s${i}`));
    await sql.transaction((tx) => outbox.add(tx, events));
    // The last one is still on its way: the relay has not marked it.
    await sql.query(`UPDATE pubtest.outbox SET published_at = now() WHERE event_id <> $1`, [events[6]?.id]);

    const first = await readPublishedEvents(sql, 'pubtest', { limit: 4 });
    expect(first.events.map((e) => e.id)).toEqual(events.slice(0, 4).map((e) => e.id));
    expect(first.next).not.toBeNull();
    const second = await readPublishedEvents(sql, 'pubtest', { after: first.next ?? 0, limit: 4 });
    expect(second.events.map((e) => e.id)).toEqual(events.slice(4, 6).map((e) => e.id));
    expect(second.next).toBeNull();

    const odd = await readPublishedEvents(sql, 'pubtest', { types: ['Odd'] });
    expect(odd.events.map((e) => e.subject)).toEqual(['s1', 's3', 's5']);
    expect(odd.next).toBeNull();
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(readPublishedEvents(sql, 'x; drop table y', {})).rejects.toThrow(/Invalid schema name/);
  });
});
