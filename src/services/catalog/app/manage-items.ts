import { AppError, hasCode } from '../../../platform/errors/app-error.js';
import type { MenuActor } from '../domain/menu-access.js';
import { assertCanManageMenu } from '../domain/menu-access.js';
import {
  changeMenuItem,
  deleteMenuItem,
  newMenuItem,
  setItemAvailability,
  toMenuItemView,
  type MenuItem,
} from '../domain/menu-item.js';
import {
  CatalogErrors,
  RESTAURANT_NOT_FOUND_UPSTREAM,
  type CreateMenuItemBody,
  type MenuItemView,
  type PatchMenuItemBody,
} from '../contract.js';
import { catalogRepo, type CatalogRepo } from '../adapters/catalog.sql.js';
import type { CatalogContext } from './context.js';
import { invalidateItemViews, publishItemChange } from './item-events.js';

/** Adds an item to a restaurant's menu: its staff, or a system admin for any restaurant that exists. */
export async function createItem(
  ctx: CatalogContext,
  actor: MenuActor,
  input: CreateMenuItemBody,
): Promise<MenuItemView> {
  const restaurantId = input.restaurantId.toLowerCase();
  assertCanManageMenu(actor, restaurantId);
  await assertRestaurantExists(ctx, restaurantId);
  const item = newMenuItem({ ...input, restaurantId }, ctx.ids.next(), ctx.clock.now());
  await ctx.sql.transaction(async (tx) => {
    await catalogRepo(tx).insertItem(item);
    await publishItemChange(ctx, tx, 'CREATED', item);
  });
  await invalidateItemViews(ctx, item);
  return toMenuItemView(item);
}

export async function patchItem(
  ctx: CatalogContext,
  actor: MenuActor,
  itemId: string,
  patch: PatchMenuItemBody,
): Promise<MenuItemView> {
  const now = ctx.clock.now();
  return changeItem(ctx, actor, itemId, (item) => {
    const result = changeMenuItem(item, patch, now);
    return { ...result, change: 'UPDATED' as const };
  });
}

/** The sold-out switch; setting the value it already has changes (and publishes) nothing. */
export async function setAvailability(
  ctx: CatalogContext,
  actor: MenuActor,
  itemId: string,
  available: boolean,
): Promise<MenuItemView> {
  const now = ctx.clock.now();
  return changeItem(ctx, actor, itemId, (item) => ({
    ...setItemAvailability(item, available, now),
    change: 'AVAILABILITY' as const,
  }));
}

/** Removes the item from the menu; the row stays (soft delete) so orders keep their history. */
export async function deleteItem(ctx: CatalogContext, actor: MenuActor, itemId: string): Promise<void> {
  const now = ctx.clock.now();
  await changeItem(ctx, actor, itemId, (item) => ({
    item: deleteMenuItem(item, now),
    changed: true,
    change: 'DELETED' as const,
  }));
}

/**
 * Loads the live item under a row lock, checks the actor may manage its restaurant, applies `decide`, and
 * writes the result with its event in one transaction; the cached views go after the commit.
 */
async function changeItem(
  ctx: CatalogContext,
  actor: MenuActor,
  itemId: string,
  decide: (item: MenuItem) => {
    item: MenuItem;
    changed: boolean;
    change: 'UPDATED' | 'AVAILABILITY' | 'DELETED';
  },
): Promise<MenuItemView> {
  const result = await ctx.sql.transaction(async (tx) => {
    const repo = catalogRepo(tx);
    const current = await loadLiveItem(repo, itemId, { forUpdate: true });
    assertCanManageMenu(actor, current.restaurantId);
    const decision = decide(current);
    if (!decision.changed) return decision;
    await repo.updateItem(decision.item);
    await publishItemChange(ctx, tx, decision.change, decision.item);
    return decision;
  });
  if (result.changed) await invalidateItemViews(ctx, result.item);
  return toMenuItemView(result.item);
}

export async function loadLiveItem(
  repo: CatalogRepo,
  itemId: string,
  options: { forUpdate?: boolean } = {},
): Promise<MenuItem> {
  const item = await repo.findItem(itemId, options);
  if (item === undefined || item.deletedAt !== null) {
    throw new AppError(CatalogErrors.ITEM_NOT_FOUND, 'No such menu item.', { details: { itemId } });
  }
  return item;
}

/** Asks the restaurants service; its not-found becomes the catalog's own code, any other failure passes. */
export async function assertRestaurantExists(ctx: CatalogContext, restaurantId: string): Promise<void> {
  try {
    await ctx.restaurants.getRestaurant({ id: restaurantId });
  } catch (error) {
    if (hasCode(error, RESTAURANT_NOT_FOUND_UPSTREAM)) {
      throw new AppError(CatalogErrors.RESTAURANT_NOT_FOUND, 'No such restaurant.', {
        details: { restaurantId },
        cause: error,
      });
    }
    throw error;
  }
}
