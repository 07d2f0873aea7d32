import { requireServer } from '../../../../test/support/require-server.js';
import { createTestDatabase } from '../../../../test/support/test-database.js';
import { createPostgresSql } from '../../../platform/db/index.js';
import { recommendationsBatchContract } from './recommendations-batch.contract.js';

const server = await requireServer('DATABASE_URL');

recommendationsBatchContract(
  'PostgreSQL',
  async () => {
    const database = await createTestDatabase(server.url, 'sattzabite_recommendations_batch');
    const sql = await createPostgresSql({ url: database.url, poolSize: 2 });
    return {
      sql,
      async close() {
        await sql.close();
        await database.drop();
      },
    };
  },
  { skip: !server.available },
);
