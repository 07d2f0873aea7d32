import { afterAll } from 'vitest';
import { createPostgresSql } from '../db/postgres-sql.js';
import { requireServer } from '../../../test/support/require-server.js';
import { eventStoreContract } from './event-store.contract.js';
import { messagingSqlFixture } from './messaging-sql-fixture.js';
import { consumerBatchesContract } from './consumer-batches.contract.js';
import { outboxInboxContract } from './outbox-inbox.contract.js';

const server = await requireServer('DATABASE_URL');
const fixture = messagingSqlFixture(server.available, () =>
  createPostgresSql({ url: server.url, poolSize: 6 }),
);
eventStoreContract('PostgreSQL', fixture);
outboxInboxContract('PostgreSQL', fixture);
consumerBatchesContract('PostgreSQL', fixture);
afterAll(async () => (await fixture()).close());
