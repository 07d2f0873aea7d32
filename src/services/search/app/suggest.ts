import type { SuggestQuery, SuggestResponse } from '../contract.js';
import { MAX_SUGGESTIONS } from '../contract.js';
import { findSuggestions } from '../adapters/suggest.sql.js';
import { highlightPrefix, nameKey } from '../domain/text.js';
import type { SearchContext } from './context.js';

/** `GET /api/search/suggest`: up to ten dish names, restaurant names and cuisines for what is typed. */
export async function suggest(ctx: SearchContext, query: SuggestQuery): Promise<SuggestResponse> {
  const key = nameKey(query.q);
  if (key === '') return { suggestions: [] };
  const rows = await findSuggestions(ctx.sql, key, Math.min(query.limit ?? MAX_SUGGESTIONS, MAX_SUGGESTIONS));
  return {
    suggestions: rows.map((row) => ({
      text: row.text,
      kind: row.kind,
      highlight: highlightPrefix(row.text, key),
    })),
  };
}
