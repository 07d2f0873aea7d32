import type { Sql, SqlTransaction } from '../../../platform/db/index.js';

/** An Sql that keeps the text of every statement run inside its transactions (BEGIN/COMMIT aside). */
export function countingSql(inner: Sql): Sql & { statements: string[] } {
  const statements: string[] = [];
  const counted = (tx: SqlTransaction): SqlTransaction => ({
    query(text, params) {
      statements.push(text);
      return tx.query(text, params);
    },
    exec: (script) => tx.exec(script),
    afterCommit: (callback) => tx.afterCommit(callback),
  });
  return {
    statements,
    dialect: inner.dialect,
    query: (text, params) => inner.query(text, params),
    exec: (script) => inner.exec(script),
    transaction: (work) => inner.transaction((tx) => work(counted(tx))),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}

/** The statements `run` made inside transactions, on one line each (for reading a failure). */
export async function statementsOf(
  sql: Sql & { statements: string[] },
  run: () => Promise<unknown>,
): Promise<string[]> {
  const from = sql.statements.length;
  await run();
  return sql.statements.slice(from).map((text) => text.replace(/\s+/g, ' ').trim());
}
