import { Type, type Static, type TSchema } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';
import type { PublishedEventsInput, PublishedEventsPage } from '../../platform/messaging/index.js';
import { MenuItemImport, MenuItemView, Uuid, type Money } from './catalog.schemas.js';

/**
 * The catalog service's public face: menu items, their prices, availability, dietary tags, allergens and
 * nutrition. Routes live under `/api/menu`; other services call the client below; every change is published
 * as `MenuItemUpdated`. Prices always come from here, never from a client.
 */
export * from './catalog.schemas.js';

export const CatalogErrors = {
  /** No such item, or it was removed from the menu. */
  ITEM_NOT_FOUND: 'CATALOG.ITEM_NOT_FOUND',
  /** The restaurant named by a new item does not exist. */
  RESTAURANT_NOT_FOUND: 'CATALOG.RESTAURANT_NOT_FOUND',
  /** An item never moves to another restaurant, whoever asks: create it there instead. */
  RESTAURANT_IMMUTABLE: 'CATALOG.RESTAURANT_IMMUTABLE',
  /** The input passed its schema but not the catalog's rules (an empty change, a blank name after trimming). */
  INVALID_ITEM: 'CATALOG.INVALID_ITEM',
} as const;
export type CatalogErrorCode = (typeof CatalogErrors)[keyof typeof CatalogErrors];

export const catalogErrorStatuses: Record<CatalogErrorCode, number> = {
  [CatalogErrors.ITEM_NOT_FOUND]: 404,
  [CatalogErrors.RESTAURANT_NOT_FOUND]: 404,
  [CatalogErrors.RESTAURANT_IMMUTABLE]: 403,
  [CatalogErrors.INVALID_ITEM]: 400,
};

/** Cache keys, so other instances' consumers (and tests) name the same entries. */
export const catalogCacheKeys = {
  item: (itemId: string) => `catalog:item:${itemId}`,
  menu: (restaurantId: string) => `catalog:menu:${restaurantId}`,
  allCategories: 'catalog:categories',
} as const;

// ---- events ----------------------------------------------------------------------------------------------

export const CatalogEvents = { MENU_ITEM_UPDATED: 'MenuItemUpdated' } as const;

export const MENU_ITEM_CHANGES = ['CREATED', 'UPDATED', 'DELETED', 'AVAILABILITY'] as const;
export type MenuItemChange = (typeof MENU_ITEM_CHANGES)[number];

/**
 * `MenuItemUpdated` v1, subject = the item id: every change of an item, with the item as it now is
 * (`null` once deleted), so a consumer (search, caches) never has to call back.
 */
export const MenuItemUpdatedV1 = Type.Object({
  itemId: Uuid,
  restaurantId: Uuid,
  change: Type.Enum([...MENU_ITEM_CHANGES]),
  item: Type.Union([MenuItemView, Type.Null()]),
});
export type MenuItemUpdatedV1 = Static<typeof MenuItemUpdatedV1>;

/** Every event schema of the catalog, for the composition root's registry. */
export const catalogEventSchemas: Array<{ type: string; version: number; schema: TSchema }> = [
  { type: CatalogEvents.MENU_ITEM_UPDATED, version: 1, schema: MenuItemUpdatedV1 },
];

// ---- what the catalog needs from the restaurants service ---------------------------------------------------

/** The code the restaurants service answers an unknown restaurant with. */
export const RESTAURANT_NOT_FOUND_UPSTREAM = 'RESTAURANTS.NOT_FOUND';

/** The one thing the catalog asks of the restaurants service: does this restaurant exist. */
export interface RestaurantsLookup {
  /** Throws an AppError with code `RESTAURANTS.NOT_FOUND` for an unknown id. */
  getRestaurant(input: { id: string }): Promise<{ id: string; status: string }>;
}

// ---- client operations -------------------------------------------------------------------------------------

export const MAX_ORDER_LINES = 100;
export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 50;

/**
 * An order's lines to price. `menuItemId` and `quantity` are deliberately loose here: a bad id or quantity
 * becomes a line failure the orders service can show, not an error for the whole call.
 */
export const ValidateItemsInput = Type.Object({
  items: Type.Array(Type.Object({ menuItemId: Type.String({ maxLength: 64 }), quantity: Type.Number() }), {
    minItems: 1,
    maxItems: MAX_ORDER_LINES,
  }),
  restaurantId: Type.Optional(Uuid),
});
export type ValidateItemsInput = Static<typeof ValidateItemsInput>;

export const LINE_FAILURES = [
  'NOT_FOUND',
  'SOLD_OUT',
  'WRONG_RESTAURANT',
  'MIXED_RESTAURANTS',
  'INVALID_QUANTITY',
] as const;
export type LineFailureReason = (typeof LINE_FAILURES)[number];

export interface PricedLine {
  menuItemId: string;
  restaurantId: string;
  name: string;
  unitPrice: Money;
  quantity: number;
  lineTotal: Money;
  available: boolean;
}

export interface LineFailure {
  menuItemId: string;
  reason: LineFailureReason;
  message: string;
}

/**
 * The catalog's verdict on an order's lines, at current prices. `items` holds every line whose item exists
 * and whose quantity is allowed, in request order; `valid` is true when `failures` is empty. `restaurantId`
 * is the one asked for, or else the first found item's.
 */
export interface ValidateItemsResult {
  valid: boolean;
  restaurantId: string | null;
  items: PricedLine[];
  failures: LineFailure[];
  /** The sum of `items`' line totals. */
  subtotal: Money;
}

export const MAX_GET_ITEMS = 500;
export const GetItemsInput = Type.Object({
  ids: Type.Array(Type.String({ maxLength: 64 }), { maxItems: MAX_GET_ITEMS }),
});
export type GetItemsInput = Static<typeof GetItemsInput>;

export const ImportItemsInput = Type.Object({ items: Type.Array(MenuItemImport) });
export type ImportItemsInput = Static<typeof ImportItemsInput>;

/** What other services (and the demo seed) call. Inputs and results are plain JSON. */
export interface CatalogClient {
  /**
   * Prices an order's lines from the catalog's current data: quantities 1..50, every item existing, available
   * and of one restaurant. Bad lines are reported in `failures`; a malformed input (no lines, more than 100)
   * throws `COMMON.VALIDATION_FAILED`.
   */
  validateItems(input: ValidateItemsInput): Promise<ValidateItemsResult>;
  /** The items with these ids, deleted ones included (`deleted: true`); unknown ids are left out. */
  getItems(input: GetItemsInput): Promise<{ items: MenuItemView[] }>;
  /**
   * Bulk insert with caller-chosen ids (the demo seed): idempotent by id, already-present ids are skipped and
   * not counted. All or nothing; every item is validated before anything is written; restaurants are trusted,
   * not looked up. Publishes `MenuItemUpdated` CREATED for each created item in the same transaction.
   */
  importItems(input: ImportItemsInput): Promise<{ created: number }>;
  /**
   * The catalog's published events (`MenuItemUpdated`), oldest first, a page at a time (`after` = the
   * previous page's `next`; at most 5,000 per page): what a consumer reads to rebuild what it derived from
   * them (search's `replay`). A bad input throws `COMMON.VALIDATION_FAILED`.
   */
  publishedEvents(input: PublishedEventsInput): Promise<PublishedEventsPage>;
}

/** `CatalogClient` as a record of operations, the shape the client transports take. */
export type CatalogOperations = { [K in keyof CatalogClient]: CatalogClient[K] };

export const catalogContract = defineServiceContract<CatalogOperations>('catalog', {
  validateItems: { idempotent: true },
  getItems: { idempotent: true },
  importItems: { idempotent: true },
  publishedEvents: { idempotent: true },
});
