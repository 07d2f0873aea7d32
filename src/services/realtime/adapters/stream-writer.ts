import type { SqlTransaction } from '../../../platform/db/sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import type { Clock } from '../../../platform/time/clock.js';
import { streamKeysOf } from '../domain/destinations.js';
import { toLiveMessage } from '../domain/live-message.js';
import type { StreamStore } from './stream-store.sql.js';

/**
 * The durable consumer's handler (one consumer shared by every instance, behind the inbox): stores the
 * event under each stream key it belongs to, for SSE streams and their resumes.
 */
export function storeStreamEntries(store: StreamStore, clock: Clock) {
  return async (event: EventEnvelope, tx: SqlTransaction): Promise<void> => {
    const entries = entriesOf(event, clock);
    if (entries.length > 0) await store.append(tx, entries, clock.now());
  };
}

/** The same for a batch of events: their entries in one append, in the events' order. */
export function storeManyStreamEntries(store: StreamStore, clock: Clock) {
  return async (items: ReadonlyArray<{ event: EventEnvelope }>, tx: SqlTransaction): Promise<void> => {
    const entries = items.flatMap(({ event }) => entriesOf(event, clock));
    if (entries.length > 0) await store.append(tx, entries, clock.now());
  };
}

function entriesOf(event: EventEnvelope, clock: Clock) {
  const keys = streamKeysOf(event);
  if (keys.length === 0) return [];
  const body = JSON.stringify(toLiveMessage(event));
  const time = new Date(event.time);
  const at = Number.isNaN(time.getTime()) ? clock.now() : time;
  return keys.map((streamKey) => ({ streamKey, eventId: event.id, type: event.type, body, time: at }));
}
