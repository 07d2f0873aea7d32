import { afterAll } from 'vitest';
import { createTestSql } from '../../../test/support/test-sql.js';
import { eventStoreContract } from './event-store.contract.js';
import { messagingSqlFixture } from './messaging-sql-fixture.js';
import { consumerBatchesContract } from './consumer-batches.contract.js';
import { outboxInboxContract } from './outbox-inbox.contract.js';

// One PGlite for the whole file (initdb is the slow part); every test migrates its own schema.
const fixture = messagingSqlFixture(true, createTestSql);
eventStoreContract('PGlite', fixture);
outboxInboxContract('PGlite', fixture);
consumerBatchesContract('PGlite', fixture);
afterAll(async () => (await fixture()).close());
