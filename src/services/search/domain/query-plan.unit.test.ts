import { describe, expect, it } from 'vitest';
import { buildTsQuery, planSearch, type TermCandidate } from './query-plan.js';

const candidate = (
  term: number,
  word: string,
  lexeme: string | null,
  similarity: number,
  termLexeme: string | null,
) => ({ term, word, lexeme, similarity, termLexeme }) satisfies TermCandidate;

describe('planSearch', () => {
  it('settles defaults and reads the words', () => {
    expect(planSearch({ q: '  Chicken  BIRYANI chicken ' })).toEqual({
      terms: ['chicken', 'biryani'],
      kinds: ['restaurant', 'dish'],
      page: 0,
      size: 20,
    });
    expect(planSearch({ q: '   ' })).toEqual({ kinds: ['restaurant', 'dish'], page: 0, size: 20 });
    expect(planSearch({ q: '?!' }).terms).toEqual([]);
  });

  it('keeps restaurants out when a dish filter is given, and refuses one with type=restaurants', () => {
    expect(planSearch({ maxPrice: 100 }).kinds).toEqual(['dish']);
    expect(() => planSearch({ type: 'restaurants', excludeAllergens: ['MILK'] })).toThrowCode(
      'SEARCH.INVALID_QUERY',
    );
  });

  it('refuses parameters that only go together', () => {
    expect(() => planSearch({ lat: 1 })).toThrowCode('SEARCH.INVALID_QUERY');
    expect(() => planSearch({ maxDistanceKm: 2 })).toThrowCode('SEARCH.INVALID_QUERY');
    expect(() => planSearch({ minPrice: 2, maxPrice: 1 })).toThrowCode('SEARCH.INVALID_QUERY');
    expect(planSearch({ lat: 1, lng: 2, maxDistanceKm: 3 }).near).toEqual({
      latitude: 1,
      longitude: 2,
      maxKm: 3,
    });
  });
});

describe('buildTsQuery', () => {
  it('uses a known word as it is, and a misspelt one through its closest words', () => {
    const candidates = [
      candidate(0, 'chicken', 'chicken', 1, 'chicken'),
      candidate(0, 'chickpea', 'chickpea', 0.4, 'chicken'),
      candidate(1, 'biryani', 'biryani', 0.55, 'biriyani'),
      candidate(1, 'biryanis', 'biryani', 0.45, 'biriyani'),
      candidate(1, 'bhindi', 'bhindi', 0.2, 'biriyani'),
    ];
    expect(buildTsQuery(2, candidates)).toBe("'chicken' & 'biryani'");
  });

  it('offers up to three alternatives, drops stop words and unknown words, and may end up empty', () => {
    const candidates = [
      candidate(0, 'paneer', 'paneer', 0.6, 'paner'),
      candidate(0, 'pane', 'pane', 0.5, 'paner'),
      candidate(0, 'planer', 'planer', 0.45, 'paner'),
      candidate(0, 'banner', 'banner', 0.35, 'paner'),
      candidate(1, 'with', null, 1, null),
      candidate(2, '', null, 0, 'xyzzy'),
    ];
    expect(buildTsQuery(3, candidates)).toBe("('paneer' | 'pane' | 'planer')");
    expect(buildTsQuery(1, [candidate(0, '', null, 0, 'qqq')])).toBeUndefined();
  });
});
