import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { AppError, CommonErrors } from '../../../platform/errors/app-error.js';
import { SearchQuery, SuggestQuery, type SearchClient } from '../contract.js';
import type { SearchContext } from './context.js';
import { search } from './search.js';
import { suggest } from './suggest.js';

/** A compiled check of a client operation's input: client calls skip the HTTP kernel's validation. */
function inputChecker<T>(operation: string, schema: TSchema): (input: unknown) => T {
  const validator = Compile(schema);
  return (input) => {
    if (validator.Check(input)) return input as T;
    const errors = validator
      .Errors(input)
      .slice(0, 10)
      .map((error) => `${error.instancePath || '/'} ${error.message}`);
    throw new AppError(CommonErrors.VALIDATION, `Invalid input for search.${operation}.`, {
      details: { errors },
    });
  };
}

const checkSearch = inputChecker<SearchQuery>('search', SearchQuery);
const checkSuggest = inputChecker<SuggestQuery>('suggest', SuggestQuery);

/** The operations other services call (see `SearchClient`). */
export function searchHandlers(ctx: SearchContext): SearchClient {
  return {
    search: async (input) => search(ctx, checkSearch(input)),
    suggest: async (input) => suggest(ctx, checkSuggest(input)),
  };
}
