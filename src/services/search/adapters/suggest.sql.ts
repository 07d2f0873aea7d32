import type { SqlExecutor } from '../../../platform/db/sql.js';

export interface SuggestionRow {
  kind: 'dish' | 'restaurant' | 'cuisine';
  text: string;
}

/** `%` and `_` typed are letters, not wildcards. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Below this many characters a trigram comparison says nothing: only prefixes are offered. */
const MIN_FUZZY_LENGTH = 3;

/**
 * Suggestions for what is being typed (`key`, already lower-cased and single-spaced): names and cuisines
 * that start with it, then those with a word starting with it, then, from three characters on, those
 * close to it by trigram similarity (a typo). All three are served by the suggestions' trigram index;
 * each candidate is kept only while a visible document still bears it (a lookup by the documents'
 * name-key or cuisines index).
 */
export async function findSuggestions(db: SqlExecutor, key: string, limit: number): Promise<SuggestionRow[]> {
  const escaped = likeEscape(key);
  const fuzzy = key.length >= MIN_FUZZY_LENGTH;
  // The candidates are ranked first and checked for a visible document after (OFFSET 0 keeps the check
  // out of the subquery), so that a short prefix with thousands of candidates costs ten lookups, not all.
  const { rows } = await db.query<SuggestionRow>(
    `SELECT c.kind, c.text FROM (
       SELECT s.kind, s.norm, s.text
         FROM search.suggestions s
        WHERE s.norm LIKE $2 ESCAPE '\\' OR s.norm LIKE $3 ESCAPE '\\' ${fuzzy ? 'OR s.norm % $1' : ''}
        ORDER BY (s.norm LIKE $2 ESCAPE '\\') DESC, (s.norm LIKE $3 ESCAPE '\\') DESC,
                 word_similarity($1, s.norm) DESC, length(s.norm), s.norm, s.kind
        OFFSET 0) AS c
      WHERE CASE c.kind
              WHEN 'cuisine' THEN EXISTS (SELECT 1 FROM search.documents d
                                           WHERE d.visible AND d.cuisines @> ARRAY[c.norm])
              ELSE EXISTS (SELECT 1 FROM search.documents d
                            WHERE d.visible AND d.kind = c.kind AND d.name_key = c.norm)
            END
      LIMIT $4`,
    [key, `${escaped}%`, `% ${escaped}%`, limit],
  );
  return rows;
}
