/**
 * Words, keys and marked-up text. The index's vocabulary and a query's terms are cut by the same
 * tokenizer, so a word typed is compared with words indexed on equal terms.
 */

/** Longer runs are not words anyone types (ids, URLs pasted into a description). */
const MAX_WORD_LENGTH = 40;
/** A query's first terms; the rest are ignored (a query is a few words, not a paragraph). */
export const MAX_QUERY_TERMS = 8;

const WORD = /[\p{L}\p{N}]+/gu;

/** The lower-cased words of a text, in order, repeats kept. */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    if (match[0].length <= MAX_WORD_LENGTH) words.push(match[0]);
  }
  return words;
}

/** A query's distinct words, in the order typed, at most {@link MAX_QUERY_TERMS}. */
export function queryTerms(q: string): string[] {
  return [...new Set(tokenize(q))].slice(0, MAX_QUERY_TERMS);
}

/** The key a name is matched on by suggest: lower case, single spaces (SQL's `name_key` does the same). */
export function nameKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * The markers ts_headline puts around matched words. Control characters never belong in a name or a
 * description, so the index drops them from what it stores (see {@link stripControl}) and these are free.
 */
export const MARK_START = '\u0001';
export const MARK_STOP = '\u0002';

// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Text as the index stores it: without control characters (tabs and newlines stay). */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/** What the SQL side puts for '<', '>' and '&' before ts_headline (the parser would take them for markup). */
const SHIELDED: Readonly<Record<string, string>> = { '\u0003': '<', '\u0004': '>', '\u0005': '&' };

/** A marked headline as HTML: everything escaped, the marked spans in `<mark>`. */
export function markedToHtml(marked: string): string {
  let html = '';
  let open = false;
  // eslint-disable-next-line no-control-regex -- the shielding characters are control characters by design.
  const text = marked.replace(/[\u0003-\u0005]/g, (c) => SHIELDED[c] ?? c);
  // eslint-disable-next-line no-control-regex -- so are ts_headline's markers.
  for (const part of text.split(/([\u0001\u0002])/)) {
    if (part === MARK_START) {
      if (!open) html += '<mark>';
      open = true;
    } else if (part === MARK_STOP) {
      if (open) html += '</mark>';
      open = false;
    } else {
      html += escapeHtml(part);
    }
  }
  return open ? `${html}</mark>` : html;
}

/** True when a headline marks at least one word. */
export function hasMark(marked: string): boolean {
  return marked.includes(MARK_START);
}

/**
 * A suggestion with the typed text marked where a word of it starts with that text (case-insensitive):
 * `Chicken <mark>Bir</mark>yani` for `bir`. A suggestion found by similarity alone is only escaped.
 */
export function highlightPrefix(text: string, typed: string): string {
  const needle = nameKey(typed);
  if (needle === '') return escapeHtml(text);
  const lower = text.toLowerCase();
  let at = -1;
  for (let from = 0; from <= lower.length - needle.length; from++) {
    const found = lower.indexOf(needle, from);
    if (found === -1) break;
    if (found === 0 || !/[\p{L}\p{N}]/u.test(lower[found - 1] ?? '')) {
      at = found;
      break;
    }
    from = found;
  }
  // Lower-casing can change a string's length (rare letters); then the positions cannot be trusted.
  if (at === -1 || lower.length !== text.length) return escapeHtml(text);
  return (
    escapeHtml(text.slice(0, at)) +
    `<mark>${escapeHtml(text.slice(at, at + needle.length))}</mark>` +
    escapeHtml(text.slice(at + needle.length))
  );
}
