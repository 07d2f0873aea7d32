import { openTestPglite } from '../../../../test/support/sql-suites.js';
import { analyticsBatchContract } from './analytics-batch.contract.js';

analyticsBatchContract('PGlite', openTestPglite);
