import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../errors/app-error.js';
import { SqlErrors } from './sql.js';

/**
 * Knows whether the current async call chain is inside one of this adapter's transactions, so a call on
 * the Sql itself from inside transaction work is refused at once instead of hanging: on PGlite's single
 * connection it would wait for the transaction that waits for it, and on a PostgreSQL pool it deadlocks
 * as soon as every connection holds such a transaction. Either way the work meant to use `tx`.
 */
export class TransactionScope {
  private readonly storage = new AsyncLocalStorage<true>();

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.storage.run(true, work);
  }

  assertOutside(): void {
    if (this.storage.getStore() !== true) return;
    throw new AppError(
      SqlErrors.CALL_INSIDE_TRANSACTION,
      "This Sql was called inside its own transaction's work: use the transaction's executor (tx) instead; " +
        'the call would otherwise wait for a connection the transaction holds',
    );
  }
}
