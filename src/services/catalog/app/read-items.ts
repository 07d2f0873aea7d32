import { AppError } from '../../../platform/errors/app-error.js';
import { catalogRepo } from '../adapters/catalog.sql.js';
import { summarizeCategories } from '../domain/categories.js';
import { toMenuItemView } from '../domain/menu-item.js';
import {
  CatalogErrors,
  catalogCacheKeys,
  type CategoriesView,
  type ListItemsQuery,
  type MenuItemPage,
  type RestaurantMenuView,
} from '../contract.js';
import { cachedJson, type CachedJson } from './cached-json.js';
import type { CatalogContext } from './context.js';
import { assertRestaurantExists } from './manage-items.js';

/** A restaurant's menu and its categories, serialised together: one change invalidates both. */
export interface CachedMenu {
  menu: CachedJson;
  categories: CachedJson;
}

/** One live item, ready to send; `CATALOG.ITEM_NOT_FOUND` for unknown and deleted items (never cached). */
export async function cachedItem(ctx: CatalogContext, itemId: string): Promise<CachedJson> {
  const id = itemId.toLowerCase();
  const entry = await ctx.cache.getOrLoad(
    catalogCacheKeys.item(id),
    async () => {
      const item = await catalogRepo(ctx.sql).findItem(id);
      return item === undefined || item.deletedAt !== null ? undefined : cachedJson(toMenuItemView(item));
    },
    { ttlMs: ctx.settings.itemTtlMs },
  );
  if (entry === undefined) {
    throw new AppError(CatalogErrors.ITEM_NOT_FOUND, 'No such menu item.', { details: { itemId } });
  }
  return entry;
}

/**
 * The hot read path: a hit costs one cache lookup. On a miss the menu is read in one query; an empty one
 * asks the restaurants service whether the restaurant exists at all (404 `CATALOG.RESTAURANT_NOT_FOUND`).
 */
export async function cachedMenu(ctx: CatalogContext, restaurantId: string): Promise<CachedMenu> {
  const id = restaurantId.toLowerCase();
  return ctx.cache.getOrLoad(
    catalogCacheKeys.menu(id),
    async () => {
      const items = await catalogRepo(ctx.sql).menuOf(id);
      if (items.length === 0) await assertRestaurantExists(ctx, id);
      const categories = summarizeCategories(items);
      const menu: RestaurantMenuView = { restaurantId: id, categories, items: items.map(toMenuItemView) };
      const list: CategoriesView = { restaurantId: id, categories };
      return { menu: cachedJson(menu), categories: cachedJson(list) };
    },
    { ttlMs: ctx.settings.menuTtlMs },
  );
}

/** The categories of one restaurant (from its cached menu), or of every restaurant. */
export async function cachedCategories(ctx: CatalogContext, restaurantId?: string): Promise<CachedJson> {
  if (restaurantId !== undefined) return (await cachedMenu(ctx, restaurantId)).categories;
  return ctx.cache.getOrLoad(
    catalogCacheKeys.allCategories,
    async () => {
      const categories = await catalogRepo(ctx.sql).allCategories();
      const list: CategoriesView = { restaurantId: null, categories };
      return cachedJson(list);
    },
    { ttlMs: ctx.settings.allCategoriesTtlMs },
  );
}

/** A filtered page of live items; not cached, since the filters make too many shapes to be worth it. */
export async function listItems(ctx: CatalogContext, query: ListItemsQuery): Promise<MenuItemPage> {
  const page = query.page ?? 0;
  const size = query.size ?? 20;
  const { items, total } = await catalogRepo(ctx.sql).listItems({
    ...(query.restaurantId === undefined ? {} : { restaurantId: query.restaurantId.toLowerCase() }),
    ...(query.category === undefined ? {} : { category: query.category.trim().replace(/\s+/g, ' ') }),
    ...(query.dietary === undefined ? {} : { dietary: query.dietary }),
    ...(query.available === undefined ? {} : { available: query.available }),
    sort: query.sort ?? 'name',
    limit: size,
    offset: page * size,
  });
  return {
    content: items.map(toMenuItemView),
    page,
    size,
    totalElements: total,
    totalPages: Math.ceil(total / size),
  };
}
