import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { writePatches, type WrittenMemo } from '../adapters/index-writer.sql.js';
import { foldEvents } from '../domain/index-patches.js';

/**
 * Applies events to the index in the caller's transaction: folded in memory (newest fact per item and per
 * restaurant), then written in one set of statements. The consumer calls it with one event, a rebuild
 * with a page of thousands; the outcome is the same either way.
 */
export async function applyEvents(
  tx: SqlExecutor,
  events: readonly EventEnvelope[],
  memo?: WrittenMemo,
): Promise<void> {
  if (events.length === 0) return;
  await writePatches(tx, foldEvents(events), memo);
}
