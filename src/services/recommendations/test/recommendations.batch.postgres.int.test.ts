import { requireServer } from '../../../../test/support/require-server.js';
import { openTestPostgres } from '../../../../test/support/sql-suites.js';
import { recommendationsBatchContract } from './recommendations-batch.contract.js';

const server = await requireServer('DATABASE_URL');

recommendationsBatchContract(
  'PostgreSQL',
  () => openTestPostgres(server.url, 'sattzabite_recommendations_batch', 2),
  { skip: !server.available },
);
