import { AppError } from '../../../platform/errors/app-error.js';
import { SearchErrors, type SearchQuery } from '../contract.js';
import { queryTerms } from './text.js';

export type DocumentKind = 'restaurant' | 'dish';

/** A validated search: what to match, which filters, which page. */
export interface SearchPlan {
  /** The query's words; undefined without `q` (browse: everything that passes the filters). */
  terms?: string[];
  kinds: DocumentKind[];
  cuisine?: string;
  dietary?: string[];
  excludeAllergens?: string[];
  minPrice?: number;
  maxPrice?: number;
  openNow?: boolean;
  near?: { latitude: number; longitude: number; maxKm?: number };
  minRating?: number;
  page: number;
  size: number;
}

function invalid(message: string, field: string): AppError {
  return new AppError(SearchErrors.INVALID_QUERY, message, { details: { field } });
}

/**
 * Checks what the schema cannot (parameters that only make sense together) and settles defaults. A blank
 * `q` is no `q`; a `q` without a single word (`?!`) is a query that matches nothing, not a browse.
 */
export function planSearch(query: SearchQuery): SearchPlan {
  const type = query.type ?? 'all';
  if ((query.lat === undefined) !== (query.lng === undefined)) {
    throw invalid('lat and lng go together.', query.lat === undefined ? 'lat' : 'lng');
  }
  const hasPoint = query.lat !== undefined && query.lng !== undefined;
  if (query.maxDistanceKm !== undefined && !hasPoint) {
    throw invalid('maxDistanceKm needs lat and lng.', 'maxDistanceKm');
  }
  if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
    throw invalid('minPrice is above maxPrice.', 'minPrice');
  }
  const dishFilter =
    query.minPrice !== undefined
      ? 'minPrice'
      : query.maxPrice !== undefined
        ? 'maxPrice'
        : (query.dietary?.length ?? 0) > 0
          ? 'dietary'
          : (query.excludeAllergens?.length ?? 0) > 0
            ? 'excludeAllergens'
            : undefined;
  if (dishFilter !== undefined && type === 'restaurants') {
    throw invalid(`${dishFilter} filters dishes; it cannot be used with type=restaurants.`, dishFilter);
  }
  const kinds: DocumentKind[] =
    type === 'restaurants'
      ? ['restaurant']
      : type === 'dishes' || dishFilter !== undefined
        ? ['dish']
        : ['restaurant', 'dish'];
  const q = query.q?.trim() ?? '';
  const cuisine = query.cuisine?.trim().toLowerCase();
  return {
    ...(q === '' ? {} : { terms: queryTerms(q) }),
    kinds,
    ...(cuisine === undefined || cuisine === '' ? {} : { cuisine }),
    ...((query.dietary?.length ?? 0) > 0 ? { dietary: query.dietary } : {}),
    ...((query.excludeAllergens?.length ?? 0) > 0 ? { excludeAllergens: query.excludeAllergens } : {}),
    ...(query.minPrice === undefined ? {} : { minPrice: query.minPrice }),
    ...(query.maxPrice === undefined ? {} : { maxPrice: query.maxPrice }),
    ...(query.openNow === undefined ? {} : { openNow: query.openNow }),
    ...(hasPoint
      ? {
          near: {
            latitude: query.lat as number,
            longitude: query.lng as number,
            ...(query.maxDistanceKm === undefined ? {} : { maxKm: query.maxDistanceKm }),
          },
        }
      : {}),
    ...(query.minRating === undefined ? {} : { minRating: query.minRating }),
    page: query.page ?? 0,
    size: query.size ?? 20,
  };
}

/** One vocabulary word a query term may stand for, as the vocabulary lookup finds it. */
export interface TermCandidate {
  /** Position of the term in the query (0-based). */
  term: number;
  /** The term's own English lexeme; null for a stop word. */
  termLexeme: string | null;
  word: string;
  /** The word's lexeme; null for a stop word. */
  lexeme: string | null;
  /** Trigram similarity of the word to the term, 0..1. */
  similarity: number;
}

/** A misspelt word's stand-ins: the closest few words of the index, at least this similar. */
export const MIN_TYPO_SIMILARITY = 0.3;
export const MAX_TYPO_ALTERNATIVES = 3;

/**
 * The tsquery of a query: every term must match (AND), each term being its own lexeme when the index
 * knows it (any word with that lexeme, so "dosas" finds "Dosa"), or else its closest index words by
 * trigram similarity (OR), so that a typo still finds what was meant. Stop words, and words neither known
 * nor close to a known one, are dropped: they could only ever match nothing. Undefined when no term is
 * left: the query matches nothing.
 */
export function buildTsQuery(termCount: number, candidates: readonly TermCandidate[]): string | undefined {
  const clauses: string[] = [];
  for (let term = 0; term < termCount; term++) {
    const own = candidates.filter((c) => c.term === term);
    const termLexeme = own[0]?.termLexeme ?? null;
    let lexemes: string[];
    if (termLexeme !== null && own.some((c) => c.lexeme === termLexeme)) {
      lexemes = [termLexeme];
    } else {
      lexemes = own
        .filter((c) => c.lexeme !== null && c.similarity >= MIN_TYPO_SIMILARITY)
        .sort((a, b) => b.similarity - a.similarity || (a.word < b.word ? -1 : 1))
        .map((c) => c.lexeme as string);
      lexemes = [...new Set(lexemes)].slice(0, MAX_TYPO_ALTERNATIVES);
    }
    if (lexemes.length === 0) continue;
    const quoted = lexemes.map((lexeme) => `'${lexeme.replace(/'/g, "''")}'`);
    clauses.push(quoted.length === 1 ? (quoted[0] as string) : `(${quoted.join(' | ')})`);
  }
  return clauses.length === 0 ? undefined : clauses.join(' & ');
}
