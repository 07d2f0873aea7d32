import { AppError } from '../../../platform/errors/app-error.js';
import {
  CatalogErrors,
  type Allergen,
  type CreateMenuItemBody,
  type DietaryTag,
  type MenuItemView,
  type Money,
  type Nutrition,
  type PatchMenuItemBody,
} from '../contract.js';

/** A menu item as the catalog keeps it. `deletedAt` set = removed from the menu, kept for order history. */
export interface MenuItem {
  id: string;
  restaurantId: string;
  name: string;
  description: string;
  price: Money;
  categories: string[];
  dietaryTags: DietaryTag[];
  allergens: Allergen[];
  nutrition: Nutrition;
  available: boolean;
  imageUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

/** A new item from validated input: names tidied, lists de-duplicated, defaults filled in. */
export function newMenuItem(input: CreateMenuItemBody, id: string, now: Date): MenuItem {
  return {
    id,
    restaurantId: input.restaurantId,
    name: tidy(input.name),
    description: (input.description ?? '').trim(),
    price: { amount: input.price.amount, currency: input.price.currency },
    categories: tidyCategories(input.categories ?? []),
    dietaryTags: unique(input.dietaryTags ?? []) as DietaryTag[],
    allergens: unique(input.allergens ?? []) as Allergen[],
    nutrition: tidyNutrition(input.nutrition ?? {}),
    available: input.available ?? true,
    imageUrl: input.imageUrl ?? null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
}

/**
 * Applies a partial change. Refuses an empty change and any attempt to move the item to another restaurant;
 * `changed` is false when every given field already had its value (nothing to write, nothing to publish).
 */
export function changeMenuItem(
  item: MenuItem,
  patch: PatchMenuItemBody,
  now: Date,
): { item: MenuItem; changed: boolean } {
  const fields = Object.entries(patch).filter(([, value]) => value !== undefined);
  if (fields.length === 0) {
    throw new AppError(CatalogErrors.INVALID_ITEM, 'The change names no field to change.');
  }
  if (patch.restaurantId !== undefined && patch.restaurantId !== item.restaurantId) {
    throw new AppError(
      CatalogErrors.RESTAURANT_IMMUTABLE,
      'An item cannot move to another restaurant; create it there instead.',
      { details: { restaurantId: item.restaurantId } },
    );
  }
  const next: MenuItem = {
    ...item,
    ...(patch.name === undefined ? {} : { name: tidy(patch.name) }),
    ...(patch.description === undefined ? {} : { description: patch.description.trim() }),
    ...(patch.price === undefined
      ? {}
      : { price: { amount: patch.price.amount, currency: patch.price.currency } }),
    ...(patch.categories === undefined ? {} : { categories: tidyCategories(patch.categories) }),
    ...(patch.dietaryTags === undefined ? {} : { dietaryTags: unique(patch.dietaryTags) as DietaryTag[] }),
    ...(patch.allergens === undefined ? {} : { allergens: unique(patch.allergens) as Allergen[] }),
    ...(patch.nutrition === undefined ? {} : { nutrition: tidyNutrition(patch.nutrition) }),
    ...(patch.available === undefined ? {} : { available: patch.available }),
    ...(patch.imageUrl === undefined ? {} : { imageUrl: patch.imageUrl }),
  };
  const changed = JSON.stringify(toMenuItemView(next)) !== JSON.stringify(toMenuItemView(item));
  return { item: changed ? { ...next, updatedAt: now } : item, changed };
}

/** Marks the item sold out or back on; unchanged when it already is. */
export function setItemAvailability(
  item: MenuItem,
  available: boolean,
  now: Date,
): { item: MenuItem; changed: boolean } {
  if (item.available === available) return { item, changed: false };
  return { item: { ...item, available, updatedAt: now }, changed: true };
}

export function deleteMenuItem(item: MenuItem, now: Date): MenuItem {
  return { ...item, deletedAt: now, updatedAt: now };
}

export function toMenuItemView(item: MenuItem): MenuItemView {
  return {
    id: item.id,
    restaurantId: item.restaurantId,
    name: item.name,
    description: item.description,
    price: { amount: item.price.amount, currency: item.price.currency },
    categories: item.categories,
    dietaryTags: item.dietaryTags,
    allergens: item.allergens,
    nutrition: item.nutrition,
    available: item.available,
    imageUrl: item.imageUrl,
    deleted: item.deletedAt !== null,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

/** Trims and collapses inner runs of white space, so "Paneer  Tikka " and "Paneer Tikka" are one name. */
function tidy(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

function tidyCategories(categories: readonly string[]): string[] {
  return unique(categories.map(tidy).filter((name) => name !== ''));
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Keeps only the figures given, in a fixed key order so equal blocks serialise (and hash) alike. */
function tidyNutrition(nutrition: Nutrition): Nutrition {
  const out: Nutrition = {};
  if (nutrition.calories !== undefined) out.calories = nutrition.calories;
  if (nutrition.proteinG !== undefined) out.proteinG = nutrition.proteinG;
  if (nutrition.carbsG !== undefined) out.carbsG = nutrition.carbsG;
  if (nutrition.fatG !== undefined) out.fatG = nutrition.fatG;
  return out;
}
