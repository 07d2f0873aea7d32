import { describe, expect, it } from 'vitest';
import { DIETARY_RESTRICTIONS } from '../../users/index.js';
import { allowedFor } from './dietary.js';

const dish = (dietaryTags: string[], allergens: string[] = []) => ({ dietaryTags, allergens });

describe('dietary restrictions', () => {
  it('allows everything to someone without restrictions', () => {
    expect(allowedFor(dish([], ['PEANUTS', 'FISH']), [])).toBe(true);
  });

  it('needs a tag that vouches for the restriction: untagged food is not assumed safe', () => {
    expect(allowedFor(dish([]), ['VEGETARIAN'])).toBe(false);
    expect(allowedFor(dish(['VEGETARIAN']), ['VEGETARIAN'])).toBe(true);
    expect(allowedFor(dish(['VEGAN']), ['VEGETARIAN'])).toBe(true);
    expect(allowedFor(dish(['JAIN']), ['VEGETARIAN'])).toBe(true);
    expect(allowedFor(dish(['VEGETARIAN']), ['VEGAN'])).toBe(false);
    expect(allowedFor(dish(['VEGETARIAN']), ['EGGETARIAN'])).toBe(true);
    expect(allowedFor(dish(['EGGETARIAN']), ['VEGETARIAN'])).toBe(false);
  });

  it('refuses a dish whose allergens or tags contradict its tag', () => {
    expect(allowedFor(dish(['VEGETARIAN'], ['EGG']), ['VEGETARIAN'])).toBe(false);
    expect(allowedFor(dish(['VEGETARIAN', 'CONTAINS_EGG']), ['VEGETARIAN'])).toBe(false);
    expect(allowedFor(dish(['VEGAN'], ['MILK']), ['VEGAN'])).toBe(false);
    expect(allowedFor(dish(['GLUTEN_FREE'], ['WHEAT']), ['GLUTEN_FREE'])).toBe(false);
    expect(allowedFor(dish(['NUT_FREE'], ['TREE_NUTS']), ['NUT_FREE'])).toBe(false);
    expect(allowedFor(dish(['VEGAN']), ['DAIRY_FREE'])).toBe(true);
  });

  it('needs every restriction at once', () => {
    expect(allowedFor(dish(['VEGETARIAN', 'GLUTEN_FREE']), ['VEGETARIAN', 'GLUTEN_FREE'])).toBe(true);
    expect(allowedFor(dish(['VEGETARIAN']), ['VEGETARIAN', 'GLUTEN_FREE'])).toBe(false);
  });

  it('knows every restriction users can choose, and refuses all for one it does not know', () => {
    for (const restriction of DIETARY_RESTRICTIONS) {
      const fits = allowedFor(
        dish([
          'VEGAN',
          'JAIN',
          'HALAL',
          'KOSHER',
          'GLUTEN_FREE',
          'NUT_FREE',
          'DAIRY_FREE',
          'EGGETARIAN',
          'VEGETARIAN',
        ]),
        [restriction],
      );
      expect(fits, restriction).toBe(true);
    }
    expect(allowedFor(dish(['VEGAN']), ['PALEO'])).toBe(false);
  });
});
