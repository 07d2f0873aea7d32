import { describe, expect, it } from 'vitest';
import { highlightPrefix, markedToHtml, nameKey, queryTerms, stripControl, tokenize } from './text.js';

describe('text', () => {
  it('cuts words the same way for the index and for queries', () => {
    expect(tokenize('Chicken 65 (Half) — crème brûlée!')).toEqual([
      'chicken',
      '65',
      'half',
      'crème',
      'brûlée',
    ]);
    expect(queryTerms('a b c d e f g h i j a')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(nameKey('  Chicken   Biryani ')).toBe('chicken biryani');
    expect(stripControl('a\u0001b\tc')).toBe('ab\tc');
  });

  it('escapes a headline and turns its markers into <mark>', () => {
    expect(markedToHtml('Fish \u0003b\u0004\u0001Curry\u0002 \u0005 "rice"')).toBe(
      'Fish &lt;b&gt;<mark>Curry</mark> &amp; &quot;rice&quot;',
    );
  });

  it('marks a typed prefix at the start of a word only', () => {
    expect(highlightPrefix('Chicken Biryani', 'bir')).toBe('Chicken <mark>Bir</mark>yani');
    expect(highlightPrefix('Kabir <Grill>', 'bir')).toBe('Kabir &lt;Grill&gt;');
    expect(highlightPrefix('Fish & Chips', 'fish &')).toBe('<mark>Fish &amp;</mark> Chips');
  });
});
