// Search highlights arrive as HTML-escaped text with the matched words in <mark>…</mark>. They are parsed
// into text runs and rendered as React text (never as HTML), so nothing in a dish name can become markup.

export interface Run {
  text: string;
  marked: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** `&amp;` → `&`, `&#39;` → `'`; an unknown entity stays as written. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return safeCodePoint(parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10), whole);
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

/**
 * `Chicken <mark>Bir</mark>yani` → [{Chicken , false}, {Bir, true}, {yani, false}]. Only the exact
 * `<mark>` and `</mark>` tags mean anything; any other `<` can only have come escaped, and stays text.
 */
export function parseMarks(html: string): Run[] {
  const runs: Run[] = [];
  let marked = false;
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part !== '') runs.push({ text: unescapeHtml(part), marked });
  }
  return runs;
}
