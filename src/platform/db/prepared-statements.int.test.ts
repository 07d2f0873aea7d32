import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer } from '../../../test/support/require-server.js';
import { createPostgresSql } from './postgres-sql.js';
import type { Sql } from './sql.js';

const server = await requireServer('DATABASE_URL');
const schema = `prepared_${process.pid}`;

describe.skipIf(!server.available)('named prepared statements on PostgreSQL', () => {
  let sql: Sql;
  beforeAll(async () => {
    sql = await createPostgresSql({ url: server.url, poolSize: 2 });
    await sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await sql.close();
  });

  const statementsPrepared = async () =>
    (
      await sql.transaction((tx) =>
        tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'sb\\_%' AND name <> ''`,
        ),
      )
    ).rows[0]?.n;

  it('prepares a parameterised statement once per connection and answers every execution', async () => {
    await sql.exec(`CREATE TABLE ${schema}.t (id int PRIMARY KEY, note text)`);
    for (let id = 1; id <= 20; id += 1) {
      await sql.query(`INSERT INTO ${schema}.t (id, note) VALUES ($1, $2)`, [id, `n${id}`]);
    }
    const read = await sql.transaction(async (tx) => {
      const rows = [];
      for (let id = 1; id <= 20; id += 1) {
        rows.push(
          ...(await tx.query<{ note: string }>(`SELECT note FROM ${schema}.t WHERE id = $1`, [id])).rows,
        );
      }
      return rows.map((row) => row.note);
    });
    expect(read).toEqual(Array.from({ length: 20 }, (_, i) => `n${i + 1}`));
    // The transaction's connection holds the select (and maybe the insert); never one per execution.
    expect(await statementsPrepared()).toBeGreaterThanOrEqual(1);
    expect(await statementsPrepared()).toBeLessThanOrEqual(3);
  });

  it('a statement that failed to prepare (its table missing) works once the table exists', async () => {
    const text = `SELECT count(*)::int AS n FROM ${schema}.later WHERE id > $1`;
    await expect(sql.query(text, [0])).rejects.toThrow(/later/);
    await sql.exec(`CREATE TABLE ${schema}.later (id int)`);
    expect((await sql.query<{ n: number }>(text, [0])).rows).toEqual([{ n: 0 }]);
  });

  it('a table dropped and made again under a prepared statement is read afresh', async () => {
    const text = `SELECT id FROM ${schema}.again WHERE id = $1`;
    await sql.exec(`CREATE TABLE ${schema}.again (id int)`);
    expect((await sql.query(text, [1])).rows).toEqual([]);
    await sql.exec(
      `DROP TABLE ${schema}.again; CREATE TABLE ${schema}.again (id int); INSERT INTO ${schema}.again VALUES (1)`,
    );
    expect((await sql.query(text, [1])).rows).toEqual([{ id: 1 }]);
  });
});
