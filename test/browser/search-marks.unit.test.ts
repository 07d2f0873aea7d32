// The web app's reading of search highlights: only <mark> means anything, everything else stays text.
import { describe, expect, it } from 'vitest';
import { parseMarks, unescapeHtml } from '../../web/src/lib/marks.js';

describe('parseMarks', () => {
  it('splits marked words from the rest', () => {
    expect(parseMarks('Chicken <mark>Bir</mark>yani')).toEqual([
      { text: 'Chicken ', marked: false },
      { text: 'Bir', marked: true },
      { text: 'yani', marked: false },
    ]);
  });

  it('unescapes text so that it shows as typed, and keeps escaped markup as text', () => {
    expect(
      parseMarks('&lt;img src=x onerror=alert(1)&gt; &amp; <mark>Dal</mark> &#39;n&#x27; &quot;'),
    ).toEqual([
      { text: '<img src=x onerror=alert(1)> & ', marked: false },
      { text: 'Dal', marked: true },
      { text: ` 'n' "`, marked: false },
    ]);
  });

  it('treats tags other than <mark> as text', () => {
    expect(parseMarks('<b>x</b><mark>y</mark>')).toEqual([
      { text: '<b>x</b>', marked: false },
      { text: 'y', marked: true },
    ]);
  });

  it('leaves unknown or impossible entities as written', () => {
    expect(unescapeHtml('&nbsp; &#0; &#x110000; &bogus;')).toBe('&nbsp; &#0; &#x110000; &bogus;');
  });
});
