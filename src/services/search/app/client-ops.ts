import { SearchQuery, SuggestQuery, type SearchClient } from '../contract.js';
import type { SearchContext } from './context.js';
import { search } from './search.js';
import { suggest } from './suggest.js';
import { inputChecker } from '../../../platform/clients/index.js';

const checkSearch = inputChecker<SearchQuery>('search.search', SearchQuery);
const checkSuggest = inputChecker<SuggestQuery>('search.suggest', SuggestQuery);

/** The operations other services call (see `SearchClient`). */
export function searchHandlers(ctx: SearchContext): SearchClient {
  return {
    search: async (input) => search(ctx, checkSearch(input)),
    suggest: async (input) => suggest(ctx, checkSuggest(input)),
  };
}
