import { recommendationsBatchContract } from './recommendations-batch.contract.js';
import { createTestSql } from './recommendations-harness.js';

recommendationsBatchContract('PGlite', async () => {
  const sql = await createTestSql();
  return { sql, close: () => sql.close() };
});
