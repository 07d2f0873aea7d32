import { createTestSql } from '../../../test/support/test-sql.js';
import { sqlContract } from './sql.contract.js';

sqlContract('pglite', () => createTestSql());
