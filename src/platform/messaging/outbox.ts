import { AsyncResource } from 'node:async_hooks';
import type { SqlExecutor } from '../db/sql.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventSchemaRegistry } from './event-schema-registry.js';
import { assertSchemaName } from './messaging-migrations.js';

/**
 * The transactional outbox of one service schema. Events are written in the caller's transaction, beside
 * the state change they describe, so both commit or neither does; the relay publishes them afterwards.
 */
export interface Outbox {
  readonly schema: string;
  /** Validates (when a registry is given) and inserts the events, in order, using the caller's transaction. */
  add(tx: SqlExecutor, events: readonly EventEnvelope[]): Promise<void>;
  /** Runs `listener` shortly after each add, so a relay in this process wakes without waiting for its poll. */
  onAdded(listener: () => void): () => void;
}

export function createOutbox(schema: string, deps: { registry?: EventSchemaRegistry } = {}): Outbox {
  const s = assertSchemaName(schema);
  const listeners = new Set<() => void>();

  return {
    schema: s,
    async add(tx, events) {
      if (events.length === 0) return;
      for (const event of events) deps.registry?.validate(event);
      const params: unknown[] = [];
      const rows = events.map((event) => {
        params.push(event.id, event.subject, JSON.stringify(event));
        const n = params.length;
        return `($${n - 2}, $${n - 1}, $${n}::jsonb)`;
      });
      await tx.query(`INSERT INTO ${s}.outbox (event_id, subject, event) VALUES ${rows.join(', ')}`, params);
      // The caller's transaction has not committed yet: the wake-up is deferred, and the relay re-checks
      // a few times after a wake-up that found nothing (see outbox-relay.ts).
      setImmediate(() => {
        for (const listener of listeners) listener();
      });
    },
    onAdded(listener) {
      // Bound to the listener's own async context: called from inside the adder's transaction, it would
      // otherwise carry that context along, and the SQL adapters refuse Sql calls made inside their
      // transactions' work.
      const bound = AsyncResource.bind(listener);
      listeners.add(bound);
      return () => listeners.delete(bound);
    },
  };
}
