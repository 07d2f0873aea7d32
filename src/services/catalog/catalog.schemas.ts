import { Type, type Static } from 'typebox';

/**
 * The catalog's value schemas: the enums, money, the menu item as it is written and as it is shown. Part of
 * the public contract (re-exported by contract.ts).
 */

/** Dietary tags an item can carry; a fixed list, so a filter never misses an item by a spelling. */
export const DIETARY_TAGS = [
  'VEGETARIAN',
  'VEGAN',
  'EGGETARIAN',
  'JAIN',
  'HALAL',
  'KOSHER',
  'GLUTEN_FREE',
  'DAIRY_FREE',
  'NUT_FREE',
  'CONTAINS_EGG',
  'SPICY',
] as const;
export type DietaryTag = (typeof DIETARY_TAGS)[number];

/** Allergens an item declares (the common regulated list). */
export const ALLERGENS = [
  'PEANUTS',
  'TREE_NUTS',
  'MILK',
  'EGG',
  'WHEAT',
  'GLUTEN',
  'SOY',
  'FISH',
  'SHELLFISH',
  'MOLLUSCS',
  'SESAME',
  'MUSTARD',
  'CELERY',
  'LUPIN',
  'SULPHITES',
] as const;
export type Allergen = (typeof ALLERGENS)[number];

/** Prices are integer minor units (paise); the upper bound stops a typo of a few extra zeros. */
export const MAX_PRICE_MINOR = 10_000_000;
export const MAX_CATEGORIES_PER_ITEM = 10;
export const MAX_PAGE_SIZE = 100;

export const Uuid = Type.String({ format: 'uuid' });
export const Currency = Type.Literal('INR');

/** Money as shown: `{ amount, currency }` with `amount` in minor units. */
export const Money = Type.Object({ amount: Type.Integer(), currency: Currency });
export type Money = Static<typeof Money>;

/** A price as written: a positive integer of minor units, never a float. */
export const PriceInput = Type.Object(
  { amount: Type.Integer({ minimum: 1, maximum: MAX_PRICE_MINOR }), currency: Currency },
  { additionalProperties: false },
);

// `\S` refuses names made of spaces only; the domain trims what is kept.
export const ItemName = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });
export const ItemDescription = Type.String({ maxLength: 2000 });
export const CategoryName = Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' });
export const Categories = Type.Array(CategoryName, { maxItems: MAX_CATEGORIES_PER_ITEM, uniqueItems: true });
export const DietaryTagSchema = Type.Enum([...DIETARY_TAGS]);
export const AllergenSchema = Type.Enum([...ALLERGENS]);
export const DietaryTags = Type.Array(DietaryTagSchema, { maxItems: DIETARY_TAGS.length, uniqueItems: true });
export const Allergens = Type.Array(AllergenSchema, { maxItems: ALLERGENS.length, uniqueItems: true });

/** An http(s) URL or a file served by the storage service. */
export const ImageUrl = Type.String({
  maxLength: 2048,
  pattern: '^(https?://[^\\s/?#]+[^\\s]*|/api/storage/files/[A-Za-z0-9][A-Za-z0-9._-]*)$',
});

/** Per serving; every figure optional and non-negative. */
export const Nutrition = Type.Object(
  {
    calories: Type.Optional(Type.Integer({ minimum: 0, maximum: 20_000 })),
    proteinG: Type.Optional(Type.Number({ minimum: 0, maximum: 2000 })),
    carbsG: Type.Optional(Type.Number({ minimum: 0, maximum: 2000 })),
    fatG: Type.Optional(Type.Number({ minimum: 0, maximum: 2000 })),
  },
  { additionalProperties: false },
);
export type Nutrition = Static<typeof Nutrition>;

/** A menu item as every reader sees it. Times are ISO-8601. */
export const MenuItemView = Type.Object({
  id: Uuid,
  restaurantId: Uuid,
  name: Type.String(),
  description: Type.String(),
  price: Money,
  categories: Type.Array(Type.String()),
  dietaryTags: Type.Array(Type.String()),
  allergens: Type.Array(Type.String()),
  nutrition: Nutrition,
  /** False while sold out. */
  available: Type.Boolean(),
  imageUrl: Type.Union([Type.String(), Type.Null()]),
  /** True only in `getItems` answers about items removed from the menu (orders keep their history). */
  deleted: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type MenuItemView = Static<typeof MenuItemView>;

/** The fields shared by a new item and an imported one. */
const itemFields = {
  restaurantId: Uuid,
  name: ItemName,
  description: Type.Optional(ItemDescription),
  price: PriceInput,
  categories: Type.Optional(Categories),
  dietaryTags: Type.Optional(DietaryTags),
  allergens: Type.Optional(Allergens),
  nutrition: Type.Optional(Nutrition),
  available: Type.Optional(Type.Boolean()),
  imageUrl: Type.Optional(ImageUrl),
};

export const CreateMenuItemBody = Type.Object(itemFields, { additionalProperties: false });
export type CreateMenuItemBody = Static<typeof CreateMenuItemBody>;

/** A seed item: a new item with its id chosen by the caller, so a re-run imports nothing twice. */
export const MenuItemImport = Type.Object({ id: Uuid, ...itemFields }, { additionalProperties: false });
export type MenuItemImport = Static<typeof MenuItemImport>;

/**
 * A partial change. `restaurantId` is accepted only to be refused when it differs: an item never moves to
 * another restaurant. `imageUrl: null` removes the image; `nutrition` replaces the whole block.
 */
export const PatchMenuItemBody = Type.Object(
  {
    restaurantId: Type.Optional(Uuid),
    name: Type.Optional(ItemName),
    description: Type.Optional(ItemDescription),
    price: Type.Optional(PriceInput),
    categories: Type.Optional(Categories),
    dietaryTags: Type.Optional(DietaryTags),
    allergens: Type.Optional(Allergens),
    nutrition: Type.Optional(Nutrition),
    available: Type.Optional(Type.Boolean()),
    imageUrl: Type.Optional(Type.Union([ImageUrl, Type.Null()])),
  },
  { additionalProperties: false },
);
export type PatchMenuItemBody = Static<typeof PatchMenuItemBody>;

export const AvailabilityBody = Type.Object({ available: Type.Boolean() }, { additionalProperties: false });
export type AvailabilityBody = Static<typeof AvailabilityBody>;

export const ITEM_SORTS = ['name', '-name', 'price', '-price', 'createdAt', '-createdAt'] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

/** `dietary` may repeat (`dietary=VEGAN&dietary=JAIN`) or be comma-separated; an item must carry them all. */
export const ListItemsQuery = Type.Object(
  {
    restaurantId: Type.Optional(Uuid),
    category: Type.Optional(CategoryName),
    dietary: Type.Optional(DietaryTags),
    available: Type.Optional(Type.Boolean()),
    page: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })),
    sort: Type.Optional(Type.Enum([...ITEM_SORTS], { default: 'name' })),
  },
  { additionalProperties: false },
);
export type ListItemsQuery = Static<typeof ListItemsQuery>;

export const MenuItemPage = Type.Object({
  content: Type.Array(MenuItemView),
  page: Type.Integer(),
  size: Type.Integer(),
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
});
export type MenuItemPage = Static<typeof MenuItemPage>;

/** A category as the menu shows it; categories come from the items themselves, in order of introduction. */
export const CategoryView = Type.Object({
  name: Type.String(),
  itemCount: Type.Integer(),
  availableCount: Type.Integer(),
});
export type CategoryView = Static<typeof CategoryView>;

/** One restaurant's whole menu (sold-out items included, marked unavailable). */
export const RestaurantMenuView = Type.Object({
  restaurantId: Uuid,
  categories: Type.Array(CategoryView),
  items: Type.Array(MenuItemView),
});
export type RestaurantMenuView = Static<typeof RestaurantMenuView>;

export const CategoriesQuery = Type.Object(
  { restaurantId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export const CategoriesView = Type.Object({
  restaurantId: Type.Union([Uuid, Type.Null()]),
  categories: Type.Array(CategoryView),
});
export type CategoriesView = Static<typeof CategoriesView>;
