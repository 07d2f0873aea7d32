import { describe, expect, it } from 'vitest';
import { requireServer } from '../../../test/support/require-server.js';
import { createPostgresSql } from './postgres-sql.js';
import { SqlErrors } from './sql.js';
import { sqlContract } from './sql.contract.js';

const server = await requireServer('DATABASE_URL');

describe.skipIf(!server.available)('postgres adapter', () => {
  sqlContract('postgres', () => createPostgresSql({ url: server.url, poolSize: 5 }));

  it('reports an unreachable server as SQL.UNAVAILABLE at creation', async () => {
    await expect(createPostgresSql({ url: 'postgres://postgres@127.0.0.1:1/test' })).rejects.toThrowCode(
      SqlErrors.UNAVAILABLE,
    );
  });

  it('reports a missing database as SQL.UNAVAILABLE at creation', async () => {
    const url = new URL(server.url);
    url.pathname = '/no_such_database_sattzabite';
    await expect(createPostgresSql({ url: url.toString() })).rejects.toThrowCode(SqlErrors.UNAVAILABLE);
  });
});
