import type { SqlExecutor } from '../../../platform/db/sql.js';
import { CatalogEvents, catalogCacheKeys, type MenuItemChange, type MenuItemUpdatedV1 } from '../contract.js';
import { toMenuItemView, type MenuItem } from '../domain/menu-item.js';
import type { CatalogContext } from './context.js';

/** The `MenuItemUpdated` envelope of one change; subject = the item, so a consumer sees its changes in order. */
export function menuItemUpdated(ctx: CatalogContext, change: MenuItemChange, item: MenuItem) {
  const data: MenuItemUpdatedV1 = {
    itemId: item.id,
    restaurantId: item.restaurantId,
    change,
    item: change === 'DELETED' ? null : toMenuItemView(item),
  };
  return ctx.messaging.event(CatalogEvents.MENU_ITEM_UPDATED, item.id, data, { version: 1 });
}

/** Adds the change's event to the outbox, inside the transaction that writes the change. */
export async function publishItemChange(
  ctx: CatalogContext,
  tx: SqlExecutor,
  change: MenuItemChange,
  item: MenuItem,
): Promise<void> {
  await ctx.messaging.publish(tx, [menuItemUpdated(ctx, change, item)]);
}

/**
 * Drops every cached view of the item on every instance. Called after the commit: a read that started
 * before it and saw the old row never writes its result back (the cache port's promise).
 */
export async function invalidateItemViews(
  ctx: CatalogContext,
  item: { id: string; restaurantId: string },
): Promise<void> {
  await Promise.all([
    ctx.cache.invalidate(catalogCacheKeys.item(item.id)),
    ctx.cache.invalidate(catalogCacheKeys.menu(item.restaurantId)),
    ctx.cache.invalidate(catalogCacheKeys.allCategories),
  ]);
}
