import type { Sql, SqlExecutor, SqlTransaction } from '../../src/platform/db/sql.js';

/** One query or script sent through a counting Sql. */
export interface RecordedStatement {
  text: string;
  /** The query's parameters; none for a script. */
  params: readonly unknown[];
  /** Sent on a transaction's executor, rather than straight on the Sql. */
  inTransaction: boolean;
  /** The database has answered it without an error. */
  answered: boolean;
}

/** An Sql that records what is asked of it, passed on unchanged to the Sql it wraps. */
export interface CountingSql extends Sql {
  /** Every query and script, on the Sql and in its transactions, in the order sent. */
  readonly statements: RecordedStatement[];
  /** Transactions begun (each costs a BEGIN and a COMMIT or ROLLBACK besides its statements). */
  readonly transactions: number;
}

/**
 * Wraps `inner` to record each statement sent through it. A transaction's work gets an executor that records
 * its statements and passes `afterCommit` through, so the callbacks still run after the real commit.
 */
export function countingSql(inner: Sql): CountingSql {
  const statements: RecordedStatement[] = [];
  let transactions = 0;
  async function recorded<T>(statement: Omit<RecordedStatement, 'answered'>, send: () => Promise<T>) {
    const entry: RecordedStatement = { ...statement, answered: false };
    statements.push(entry);
    const result = await send();
    entry.answered = true;
    return result;
  }
  const query =
    (executor: SqlExecutor, inTransaction: boolean): SqlExecutor['query'] =>
    <Row>(text: string, params?: readonly unknown[]) =>
      recorded({ text, params: params ?? [], inTransaction }, () => executor.query<Row>(text, params));
  const inTransaction = (tx: SqlTransaction): SqlTransaction => ({
    query: query(tx, true),
    exec: (script) => recorded({ text: script, params: [], inTransaction: true }, () => tx.exec(script)),
    afterCommit: (callback) => tx.afterCommit(callback),
  });
  return {
    statements,
    get transactions() {
      return transactions;
    },
    dialect: inner.dialect,
    query: query(inner, false),
    exec: (script) => recorded({ text: script, params: [], inTransaction: false }, () => inner.exec(script)),
    transaction(work) {
      transactions += 1;
      return inner.transaction((tx) => work(inTransaction(tx)));
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}

/**
 * The statements `run` sent inside transactions (BEGIN and COMMIT aside, and the queries made outside a
 * transaction left out), each on one line, for comparing and for reading a failure.
 */
export async function statementsOf(sql: CountingSql, run: () => Promise<unknown>): Promise<string[]> {
  const from = sql.statements.length;
  await run();
  return sql.statements
    .slice(from)
    .filter((statement) => statement.inTransaction)
    .map(({ text }) => text.replace(/\s+/g, ' ').trim());
}

/**
 * Each statement as its first word and the first table of `schema` it names (`INSERT delivery.offers`), or
 * whole when it names none: the shape of a batch's work, whatever its columns and parameters.
 */
export function statementKinds(statements: readonly string[], schema: string): string[] {
  const kind = new RegExp(String.raw`^\s*(\w+)\s[\s\S]*?(${schema}\.\w+)`, 'i');
  return statements.map((text) => {
    const found = kind.exec(text);
    return found === null ? text : `${found[1]?.toUpperCase()} ${found[2]}`;
  });
}
