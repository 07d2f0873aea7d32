/**
 * Which dishes a set of dietary restrictions allows, from the catalog's dietary tags and allergens.
 * Strict on purpose: a dish must carry a tag that vouches for the restriction (a vegetarian needs
 * VEGETARIAN, VEGAN or JAIN), and no declared allergen may contradict it. A dish with no tags is therefore
 * never shown to someone with restrictions: unknown is not safe.
 */
export interface DietFacts {
  dietaryTags: readonly string[];
  allergens: readonly string[];
}

interface Rule {
  /** At least one of these tags must be on the dish. */
  vouchedBy: readonly string[];
  /** None of these allergens may be declared. */
  forbiddenAllergens: readonly string[];
  /** None of these tags may be on the dish. */
  forbiddenTags?: readonly string[];
}

const ANIMAL_FLESH = ['FISH', 'SHELLFISH', 'MOLLUSCS'];

const RULES: Readonly<Record<string, Rule>> = {
  VEGETARIAN: {
    vouchedBy: ['VEGETARIAN', 'VEGAN', 'JAIN'],
    forbiddenAllergens: [...ANIMAL_FLESH, 'EGG'],
    forbiddenTags: ['CONTAINS_EGG'],
  },
  VEGAN: {
    vouchedBy: ['VEGAN'],
    forbiddenAllergens: [...ANIMAL_FLESH, 'EGG', 'MILK'],
    forbiddenTags: ['CONTAINS_EGG'],
  },
  EGGETARIAN: { vouchedBy: ['EGGETARIAN', 'VEGETARIAN', 'VEGAN', 'JAIN'], forbiddenAllergens: ANIMAL_FLESH },
  JAIN: {
    vouchedBy: ['JAIN'],
    forbiddenAllergens: [...ANIMAL_FLESH, 'EGG'],
    forbiddenTags: ['CONTAINS_EGG'],
  },
  HALAL: { vouchedBy: ['HALAL'], forbiddenAllergens: [] },
  KOSHER: { vouchedBy: ['KOSHER'], forbiddenAllergens: [] },
  GLUTEN_FREE: { vouchedBy: ['GLUTEN_FREE'], forbiddenAllergens: ['GLUTEN', 'WHEAT'] },
  NUT_FREE: { vouchedBy: ['NUT_FREE'], forbiddenAllergens: ['PEANUTS', 'TREE_NUTS'] },
  DAIRY_FREE: { vouchedBy: ['DAIRY_FREE', 'VEGAN'], forbiddenAllergens: ['MILK'] },
};

/** True when the dish is fine for every restriction; a restriction this code does not know forbids all. */
export function allowedFor(dish: DietFacts, restrictions: readonly string[]): boolean {
  return restrictions.every((restriction) => {
    const rule = RULES[restriction];
    if (rule === undefined) return false;
    return (
      rule.vouchedBy.some((tag) => dish.dietaryTags.includes(tag)) &&
      !rule.forbiddenAllergens.some((allergen) => dish.allergens.includes(allergen)) &&
      !(rule.forbiddenTags ?? []).some((tag) => dish.dietaryTags.includes(tag))
    );
  });
}
