import type { EventEnvelope, PublishedEventsPage } from '../../../platform/messaging/index.js';
import { SEARCH_SOURCE_EVENTS, type RebuildResult } from '../contract.js';
import { newWrittenMemo } from '../adapters/index-writer.sql.js';
import { applyEvents } from './apply-events.js';
import type { SearchContext } from './context.js';

type Source = (input: { after?: number; limit?: number; types?: string[] }) => Promise<PublishedEventsPage>;

/**
 * Rebuilds the index from scratch: empties it, then replays the publishers' retained events through
 * their clients, restaurants first (so that dishes find their restaurant as they are written), a page
 * per transaction, through the same fold the consumer uses. The live consumer may keep running: every
 * write keeps the newest version of a fact, so its events and the replayed ones meet in the same state.
 * Searches find a partial index while it runs.
 */
export async function rebuildIndex(ctx: SearchContext): Promise<RebuildResult> {
  const started = performance.now();
  await ctx.sql.exec(
    'TRUNCATE search.documents, search.texts, search.restaurants, search.words, search.suggestions, search.time_zones',
  );
  const memo = newWrittenMemo();
  const restaurantEvents = await replay(
    ctx,
    (input) => ctx.sources.restaurants.publishedEvents(input),
    [...SEARCH_SOURCE_EVENTS.restaurants],
    memo,
  );
  const itemEvents = await replay(
    ctx,
    (input) => ctx.sources.catalog.publishedEvents(input),
    [...SEARCH_SOURCE_EVENTS.catalog],
    memo,
  );
  // The tables went from empty to full: the planner's statistics would still describe them empty.
  await ctx.sql.exec(
    'ANALYZE search.texts, search.documents, search.restaurants, search.words, search.suggestions',
  );
  const { rows } = await ctx.sql.query<{ n: number }>('SELECT count(*) AS n FROM search.documents');
  const result: RebuildResult = {
    restaurantEvents,
    itemEvents,
    documents: Number(rows[0]?.n ?? 0),
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
  ctx.log.info(result, 'search index rebuilt');
  return result;
}

/** Pages through one publisher, fetching the next page while the current one is written. */
async function replay(
  ctx: SearchContext,
  source: Source,
  types: string[],
  memo: ReturnType<typeof newWrittenMemo>,
): Promise<number> {
  const limit = ctx.settings.replayPageSize;
  let applied = 0;
  let page: Promise<PublishedEventsPage> = source({ after: 0, limit, types });
  for (;;) {
    const { events, next } = await page;
    if (next !== null) page = source({ after: next, limit, types });
    await applyPage(ctx, events, memo);
    applied += events.length;
    if (next === null) return applied;
  }
}

async function applyPage(
  ctx: SearchContext,
  events: EventEnvelope[],
  memo: ReturnType<typeof newWrittenMemo>,
): Promise<void> {
  if (events.length === 0) return;
  await ctx.sql.transaction((tx) => applyEvents(tx, events, memo));
}
