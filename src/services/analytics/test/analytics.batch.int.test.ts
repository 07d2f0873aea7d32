import { analyticsBatchContract } from './analytics-batch.contract.js';
import { createTestSql } from './analytics-harness.js';

analyticsBatchContract('PGlite', async () => {
  const sql = await createTestSql();
  return { sql, close: () => sql.close() };
});
