import { AsyncResource } from 'node:async_hooks';
import type { SqlExecutor, SqlTransaction } from '../db/sql.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventSchemaRegistry } from './event-schema-registry.js';
import { assertSchemaName } from './messaging-migrations.js';

/**
 * The transactional outbox of one service schema. Events are written in the caller's transaction, beside
 * the state change they describe, so both commit or neither does; the relay publishes them afterwards.
 */
export interface Outbox {
  readonly schema: string;
  /**
   * Validates (when a registry is given) and inserts the events, in order, using the caller's transaction;
   * a plain executor inserts them at once (autocommit).
   */
  add(tx: SqlExecutor, events: readonly EventEnvelope[]): Promise<void>;
  /**
   * For a writer that inserts the outbox rows itself, in a statement that writes rows of its own too (the
   * event store's append function), so that both cost one round trip: validates the events as `add` does,
   * before that statement runs, and returns `added`, to call once it has run in `tx`, which wakes the relay
   * after the commit as `add` does.
   */
  addedBy(events: readonly EventEnvelope[]): { added(tx: SqlExecutor): void };
  /**
   * Runs `listener` once each add is visible (after its transaction commits), so a relay in this process
   * wakes without waiting for its poll.
   */
  onAdded(listener: () => void): () => void;
}

export function createOutbox(schema: string, deps: { registry?: EventSchemaRegistry } = {}): Outbox {
  const s = assertSchemaName(schema);
  const listeners = new Set<() => void>();
  const wake = (): void => {
    for (const listener of listeners) listener();
  };

  const added = (tx: SqlExecutor): void => {
    // Woken before the commit, the relay would find nothing and wait for its next poll; an autocommitted
    // insert is visible already.
    if (isTransaction(tx)) tx.afterCommit(wake);
    else setImmediate(wake);
  };
  const validate = (events: readonly EventEnvelope[]): void => {
    for (const event of events) deps.registry?.validate(event);
  };

  return {
    schema: s,
    async add(tx, events) {
      if (events.length === 0) return;
      validate(events);
      const params: unknown[] = [];
      const rows = events.map((event) => {
        params.push(event.id, event.subject, JSON.stringify(event));
        const n = params.length;
        return `($${n - 2}, $${n - 1}, $${n}::jsonb)`;
      });
      await tx.query(`INSERT INTO ${s}.outbox (event_id, subject, event) VALUES ${rows.join(', ')}`, params);
      added(tx);
    },
    addedBy(events) {
      validate(events);
      return { added };
    },
    onAdded(listener) {
      // Bound to the listener's own async context: called from the adder's commit, it would otherwise
      // carry the adder's context along (its request's flow, or a transaction's scope, inside which the
      // SQL adapters refuse Sql calls), and so would the relay's timers and polls it starts.
      const bound = AsyncResource.bind(listener);
      listeners.add(bound);
      return () => listeners.delete(bound);
    },
  };
}

function isTransaction(tx: SqlExecutor): tx is SqlTransaction {
  return typeof (tx as Partial<SqlTransaction>).afterCommit === 'function';
}
