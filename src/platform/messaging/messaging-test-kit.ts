import type { Sql } from '../db/sql.js';
import { systemClock } from '../time/clock.js';
import { uuidV7Ids } from '../time/ids.js';
import { createEvent, type EventEnvelope } from './event-envelope.js';

/** Test helpers of the messaging suites; not exported from index.ts. */

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. Never a fixed sleep. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let counter = 0;

/** A unique lower-case token per call, for schema, stream, type and durable names. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

export function testEvent(type: string, subject: string, data: unknown = {}): EventEnvelope {
  return createEvent({ clock: systemClock, ids: uuidV7Ids }, { type, source: 'test', subject, data });
}

/**
 * Holds the outbox relay lock of `schema` (PostgreSQL) as another instance's relay does mid-batch, from
 * when it resolves until the returned release is called; release resolves when that transaction has ended.
 */
export async function holdRelayLock(sql: Sql, schema: string): Promise<() => Promise<void>> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  const holder = sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sattzabite.outbox.${schema}`]);
    held = true;
    await gate;
  });
  await waitUntil(() => held, 'the other relay to hold the lock');
  return async () => {
    release();
    await holder;
  };
}
