import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, resetSchemas } from './migrate.js';
import { SqlErrors, type Migration, type Sql } from './sql.js';
import { isUniqueViolation, violatedConstraint } from './sql-errors.js';

/**
 * The one suite every Sql adapter must pass. `make` returns a new, open Sql; the suite shares one for its
 * tests (every table lives in a schema unique to the run, dropped at the end) and makes one more to close.
 */
export function sqlContract(name: string, make: () => Promise<Sql>): void {
  describe(`sql port: ${name}`, () => {
    const schema = `sqlcontract_${randomBytes(4).toString('hex')}`;
    let sql: Sql;
    let tableSeq = 0;
    /** A fresh table name in the run's schema, so tests never see each other's rows. */
    const table = (): string => `${schema}.t${++tableSeq}`;
    const migration = (version: number, name: string, text: string): Migration => ({
      service: schema,
      version,
      name,
      sql: text,
    });
    const base = [
      migration(1, 'create_schema', `create schema ${schema};`),
      migration(2, 'items', `create table ${schema}.items (id int primary key, name text not null unique);`),
    ];

    beforeAll(async () => {
      sql = await make();
      await resetSchemas(sql, [schema]);
    });
    afterAll(async () => {
      await resetSchemas(sql, [schema]);
      await sql.close();
    });

    describe('migrations', () => {
      it('applies pending migrations in order, each with its row', async () => {
        const { applied } = await migrate(sql, [base[1]!, base[0]!]);
        expect(applied.map((m) => m.version)).toEqual([1, 2]);
        const { rows } = await sql.query<{ version: number; name: string }>(
          'select version, name from public.schema_migrations where service = $1 order by version',
          [schema],
        );
        expect(rows).toEqual([
          { version: 1, name: 'create_schema' },
          { version: 2, name: 'items' },
        ]);
        await sql.query(`insert into ${schema}.items values (1, 'a')`);
      });

      it('treats a rerun as a no-op', async () => {
        expect((await migrate(sql, base)).applied).toEqual([]);
      });

      it('refuses an applied migration whose text changed, before applying anything', async () => {
        const edited = [base[0]!, { ...base[1]!, sql: `${base[1]!.sql} -- edited` }];
        const next = migration(3, 'never', `create table ${schema}.never (id int);`);
        await expect(migrate(sql, [...edited, next])).rejects.toThrowCode(SqlErrors.MIGRATION_CHANGED);
        const { rows } = await sql.query('select to_regclass($1) as t', [`${schema}.never`]);
        expect(rows).toEqual([{ t: null }]);
      });

      it('rolls back just the failing migration and names it', async () => {
        const good = migration(3, 'good', `create table ${schema}.good (id int);`);
        const bad = migration(
          4,
          'bad',
          `create table ${schema}.half (id int); insert into ${schema}.nowhere values (1);`,
        );
        const error: unknown = await migrate(sql, [...base, good, bad]).catch((e: unknown) => e);
        expect(error).toMatchObject({
          code: SqlErrors.MIGRATION_FAILED,
          details: { service: schema, version: 4 },
        });
        expect((error as Error).message).toContain(`${schema} 4`);
        const { rows } = await sql.query('select to_regclass($1) as good, to_regclass($2) as half', [
          `${schema}.good`,
          `${schema}.half`,
        ]);
        expect(rows).toEqual([{ good: `${schema}.good`, half: null }]);
        const versions = await sql.query('select version from public.schema_migrations where service = $1', [
          schema,
        ]);
        expect(versions.rowCount).toBe(3);
      });

      it('applies each migration once when two migrators start together', async () => {
        const more = [5, 6, 7].map((v) => migration(v, `m${v}`, `create table ${schema}.m${v} (id int);`));
        const all = [...base, migration(3, 'good', `create table ${schema}.good (id int);`), ...more];
        const [a, b] = await Promise.all([migrate(sql, all), migrate(sql, all)]);
        const versions = [...a.applied, ...b.applied].map((m) => m.version).sort();
        expect(versions).toEqual([5, 6, 7]);
      });
    });

    describe('transactions', () => {
      it('commits every statement when the work resolves', async () => {
        const t = table();
        await sql.exec(`create table ${t} (id int primary key)`);
        const result = await sql.transaction(async (tx) => {
          await tx.query(`insert into ${t} values (1)`);
          await tx.query(`insert into ${t} values (2)`);
          return 'done';
        });
        expect(result).toBe('done');
        expect((await sql.query(`select id from ${t} order by id`)).rows).toEqual([{ id: 1 }, { id: 2 }]);
      });

      it('rolls back every statement and rethrows when the work throws', async () => {
        const t = table();
        await sql.exec(`create table ${t} (id int primary key)`);
        const boom = new Error('boom');
        await expect(
          sql.transaction(async (tx) => {
            await tx.query(`insert into ${t} values (1)`);
            await tx.exec(`insert into ${t} values (2); insert into ${t} values (3);`);
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect((await sql.query(`select count(*)::int as n from ${t}`)).rows).toEqual([{ n: 0 }]);
      });

      it('rolls back earlier statements when a later one fails', async () => {
        const t = table();
        await sql.exec(`create table ${t} (id int primary key)`);
        const error: unknown = await sql
          .transaction(async (tx) => {
            await tx.query(`insert into ${t} values (1)`);
            await tx.query(`insert into ${t} values (1)`);
          })
          .catch((e: unknown) => e);
        expect(isUniqueViolation(error)).toBe(true);
        expect((await sql.query(`select count(*) as n from ${t}`)).rows).toEqual([{ n: 0 }]);
      });

      it('never lets another caller see or join an open transaction', async () => {
        const t = table();
        await sql.exec(`create table ${t} (id int primary key)`);
        const inserted = deferred();
        const issued = deferred();
        const transaction = sql
          .transaction(async (tx) => {
            await tx.query(`insert into ${t} values (1)`);
            inserted.resolve();
            // Wait until the other caller's query is issued (not answered: on PGlite it queues behind us).
            await issued.promise;
            await tx.query('select 1');
            throw new Error('roll back');
          })
          .catch(() => 'rolled back');
        await inserted.promise;
        const outside = sql.query(`select count(*) as n from ${t}`);
        issued.resolve();
        expect(await transaction).toBe('rolled back');
        expect((await outside).rows).toEqual([{ n: 0 }]);
      });

      it('refuses calls on the Sql itself inside transaction work instead of hanging', async () => {
        const t = table();
        await sql.exec(`create table ${t} (id int primary key)`);
        await expect(
          sql.transaction(async (tx) => {
            await tx.query(`insert into ${t} values (1)`);
            await sql.query(`insert into ${t} values (2)`);
          }),
        ).rejects.toThrowCode(SqlErrors.CALL_INSIDE_TRANSACTION);
        await expect(sql.transaction(() => sql.transaction(async () => 1))).rejects.toThrowCode(
          SqlErrors.CALL_INSIDE_TRANSACTION,
        );
        expect((await sql.query(`select count(*) as n from ${t}`)).rows).toEqual([{ n: 0 }]);
      });

      it('refuses use of a transaction executor after the transaction ended', async () => {
        const leaked = await sql.transaction(async (tx) => tx);
        await expect(leaked.query('select 1')).rejects.toThrowCode(SqlErrors.TRANSACTION_CLOSED);
        expect(() => leaked.afterCommit(() => undefined)).toThrowCode(SqlErrors.TRANSACTION_CLOSED);
      });
    });

    describe('after commit', () => {
      it('runs each callback once the transaction has committed, outside it, where it may use the Sql', async () => {
        const t = table();
        await sql.exec(`create table ${t} (id int primary key)`);
        const calls: string[] = [];
        let counted: Promise<unknown> | undefined;
        await sql.transaction(async (tx) => {
          await tx.query(`insert into ${t} values (1)`);
          tx.afterCommit(() => {
            calls.push('first');
            counted = sql.query(`select count(*) as n from ${t}`).then((r) => r.rows);
          });
          tx.afterCommit(() => calls.push('second'));
          await tx.query('select 1');
          expect(calls).toEqual([]);
        });
        expect(calls).toEqual(['first', 'second']);
        expect(await counted).toEqual([{ n: 1 }]);
      });

      it('never runs a callback when the work throws or the commit fails', async () => {
        const t = table();
        await sql.exec(
          `create table ${t} (id int constraint ${schema}_deferred_key unique deferrable initially deferred)`,
        );
        let calls = 0;
        const boom = new Error('boom');
        await expect(
          sql.transaction(async (tx) => {
            tx.afterCommit(() => calls++);
            throw boom;
          }),
        ).rejects.toBe(boom);
        // The deferred constraint fails at COMMIT, after the work resolved.
        const error: unknown = await sql
          .transaction(async (tx) => {
            await tx.query(`insert into ${t} values (1), (1)`);
            tx.afterCommit(() => calls++);
          })
          .catch((e: unknown) => e);
        expect(isUniqueViolation(error)).toBe(true);
        expect(calls).toBe(0);
      });

      it('keeps the commit and runs the other callbacks when one throws', async () => {
        const t = table();
        await sql.exec(`create table ${t} (id int primary key)`);
        let later = 0;
        const result = await sql.transaction(async (tx) => {
          await tx.query(`insert into ${t} values (1)`);
          tx.afterCommit(() => {
            throw new Error('callback failed');
          });
          tx.afterCommit(() => later++);
          return 'committed';
        });
        expect(result).toBe('committed');
        expect(later).toBe(1);
        expect((await sql.query(`select count(*) as n from ${t}`)).rows).toEqual([{ n: 1 }]);
      });
    });

    describe('concurrency', () => {
      it('gives the exact total for 50 concurrent read-modify-write transactions', async () => {
        const t = table();
        await sql.exec(
          `create table ${t} (id int primary key, total int8 not null); insert into ${t} values (1, 0);`,
        );
        await Promise.all(
          Array.from({ length: 50 }, () =>
            sql.transaction(async (tx) => {
              const { rows } = await tx.query<{ total: number }>(
                `select total from ${t} where id = 1 for update`,
              );
              await tx.query(`update ${t} set total = $1 where id = 1`, [rows[0]!.total + 1]);
            }),
          ),
        );
        expect((await sql.query(`select total from ${t}`)).rows).toEqual([{ total: 50 }]);
      });

      it('answers every one of many parallel plain queries with its own result', async () => {
        const answers = await Promise.all(
          Array.from({ length: 100 }, (_, i) => sql.query<{ v: number }>('select $1::int as v', [i])),
        );
        expect(answers.map((a) => a.rows[0]?.v)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      });
    });

    describe('type mapping', () => {
      it('maps every supported type the same way', async () => {
        const t = table();
        await sql.exec(
          `create table ${t} (i2 int2, i4 int4, i8 int8, num numeric(12,2), tz timestamptz, ts timestamp,
             d date, js json, jb jsonb, b bytea, txt text, flag boolean, f8 float8, ids int8[], tags text[],
             nothing int4)`,
        );
        const at = new Date('2026-03-04T05:06:07.089Z');
        await sql.query(
          `insert into ${t} values ($1, $2, $3, $4, $5, '2026-03-04 05:06:07.089', $6, $7, $8, $9, $10, $11,
             $12, $13, $14, null)`,
          [
            7,
            70_000,
            9_007_199_254_740_991,
            '12345.60',
            at,
            '2026-03-04',
            JSON.stringify([1, 'two']),
            JSON.stringify({ nested: { ok: true }, n: 1.5 }),
            new Uint8Array([0, 1, 254, 255]),
            'héllo',
            true,
            0.25,
            [1, 2, 3],
            ['a', 'b c'],
          ],
        );
        const { rows, rowCount } = await sql.query(`select * from ${t}`);
        expect(rowCount).toBe(1);
        const row = rows[0]!;
        expect(row).toEqual({
          i2: 7,
          i4: 70_000,
          i8: 9_007_199_254_740_991,
          num: '12345.60',
          tz: at,
          ts: at,
          d: '2026-03-04',
          js: [1, 'two'],
          jb: { nested: { ok: true }, n: 1.5 },
          b: new Uint8Array([0, 1, 254, 255]),
          txt: 'héllo',
          flag: true,
          f8: 0.25,
          ids: [1, 2, 3],
          tags: ['a', 'b c'],
          nothing: null,
        });
        // A Buffer would also pass toEqual above; both adapters must hand back the plain type.
        expect(Object.getPrototypeOf(row.b)).toBe(Uint8Array.prototype);
        expect(row.tz).toBeInstanceOf(Date);
      });

      it('returns count(*) and sums of int8 as numbers, numeric as a string', async () => {
        const { rows } = await sql.query(
          'select count(*) as c, sum(x)::int8 as s, sum(x)::numeric as n from generate_series(1, 4) as x',
        );
        expect(rows).toEqual([{ c: 4, s: 10, n: '10' }]);
      });

      it('reports rowCount for writes and for selects', async () => {
        const t = table();
        await sql.exec(`create table ${t} (id int primary key, v int)`);
        expect((await sql.query(`insert into ${t} values (1, 0), (2, 0), (3, 1)`)).rowCount).toBe(3);
        expect((await sql.query(`update ${t} set v = 5 where v = 0`)).rowCount).toBe(2);
        expect((await sql.query(`select * from ${t}`)).rowCount).toBe(3);
        expect((await sql.query(`delete from ${t} where id = 99`)).rowCount).toBe(0);
        const returning = await sql.query(`delete from ${t} where v = 5 returning id`);
        expect(returning.rowCount).toBe(2);
        expect(returning.rows).toHaveLength(2);
      });
    });

    describe('errors', () => {
      it('detects a unique violation and names its constraint', async () => {
        const t = table();
        await sql.exec(
          `create table ${t} (id int primary key, email text constraint ${schema}_email_key unique)`,
        );
        await sql.query(`insert into ${t} values (1, 'a@x')`);
        const error: unknown = await sql.query(`insert into ${t} values (2, 'a@x')`).catch((e: unknown) => e);
        expect(isUniqueViolation(error)).toBe(true);
        expect(violatedConstraint(error)).toBe(`${schema}_email_key`);
        const other: unknown = await sql.query('select 1 / 0').catch((e: unknown) => e);
        expect(other).toBeInstanceOf(Error);
        expect(isUniqueViolation(other)).toBe(false);
      });
    });

    describe('lifecycle', () => {
      it('answers ping', async () => {
        await expect(sql.ping()).resolves.toBeUndefined();
      });

      it('finishes work issued before close, refuses work after, and closing twice is harmless', async () => {
        const other = await make();
        await other.ping();
        // Work issued before close() still completes; close waits for it.
        const pending = other.query<{ v: number }>('select 1 as v');
        await Promise.all([other.close(), other.close()]);
        expect((await pending).rows).toEqual([{ v: 1 }]);
        await expect(other.query('select 1')).rejects.toThrowCode(SqlErrors.CLOSED);
        await expect(other.ping()).rejects.toThrowCode(SqlErrors.CLOSED);
      });
    });
  });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
