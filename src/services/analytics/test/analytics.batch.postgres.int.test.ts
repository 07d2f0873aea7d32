import { requireServer } from '../../../../test/support/require-server.js';
import { openTestPostgres } from '../../../../test/support/sql-suites.js';
import { analyticsBatchContract } from './analytics-batch.contract.js';

const server = await requireServer('DATABASE_URL');

analyticsBatchContract('PostgreSQL', () => openTestPostgres(server.url, 'sattzabite_analytics_batch', 2), {
  skip: !server.available,
});
