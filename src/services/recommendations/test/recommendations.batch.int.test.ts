import { openTestPglite } from '../../../../test/support/sql-suites.js';
import { recommendationsBatchContract } from './recommendations-batch.contract.js';

recommendationsBatchContract('PGlite', openTestPglite);
