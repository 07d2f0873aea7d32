import { PublishedEventsInput } from '../../../platform/messaging/index.js';
import { catalogRepo } from '../adapters/catalog.sql.js';
import { newMenuItem, toMenuItemView, type MenuItem } from '../domain/menu-item.js';
import { priceOrderLines } from '../domain/order-lines.js';
import {
  GetItemsInput,
  ImportItemsInput,
  ValidateItemsInput,
  catalogCacheKeys,
  type CatalogClient,
} from '../contract.js';
import type { CatalogContext } from './context.js';
import { menuItemUpdated } from './item-events.js';
import { inputChecker } from '../../../platform/clients/index.js';

const checkValidate = inputChecker<ValidateItemsInput>('catalog.validateItems', ValidateItemsInput);
const checkGetItems = inputChecker<GetItemsInput>('catalog.getItems', GetItemsInput);
const checkImport = inputChecker<ImportItemsInput>('catalog.importItems', ImportItemsInput);
const checkPublished = inputChecker<PublishedEventsInput>('catalog.publishedEvents', PublishedEventsInput);

/** The operations other services call (see `CatalogClient`). */
export function catalogHandlers(ctx: CatalogContext): CatalogClient {
  return {
    // Straight from the database, never the cache: an order must be priced at this moment's prices.
    async validateItems(raw) {
      const input = checkValidate(raw);
      const items = await catalogRepo(ctx.sql).findItems(input.items.map((line) => line.menuItemId));
      return priceOrderLines(input, new Map(items.map((item) => [item.id, item])));
    },

    async getItems(raw) {
      const input = checkGetItems(raw);
      const items = await catalogRepo(ctx.sql).findItems(input.ids);
      return { items: items.map(toMenuItemView) };
    },

    async importItems(raw) {
      return importItems(ctx, checkImport(raw));
    },

    async publishedEvents(raw) {
      return ctx.messaging.publishedEvents(checkPublished(raw));
    },
  };
}

/**
 * Validated as a whole before anything is written, then inserted in one transaction, batch by batch (one
 * multi-row INSERT each), with one CREATED event per item actually created, in the same transaction.
 */
async function importItems(ctx: CatalogContext, input: ImportItemsInput): Promise<{ created: number }> {
  const now = ctx.clock.now();
  const items = input.items.map((entry) =>
    newMenuItem({ ...entry, restaurantId: entry.restaurantId.toLowerCase() }, entry.id.toLowerCase(), now),
  );
  const batchSize = ctx.settings.importBatchSize;
  const created: MenuItem[] = [];
  await ctx.sql.transaction(async (tx) => {
    const repo = catalogRepo(tx);
    for (let start = 0; start < items.length; start += batchSize) {
      const batch = items.slice(start, start + batchSize);
      const inserted = await repo.insertItemsIgnoringExisting(batch);
      // A repeated id inside one call is inserted once: only its first occurrence gets an event.
      const fresh = batch.filter((item) => inserted.delete(item.id));
      await ctx.messaging.publish(
        tx,
        fresh.map((item) => menuItemUpdated(ctx, 'CREATED', item)),
      );
      created.push(...fresh);
    }
  });
  const restaurants = new Set(created.map((item) => item.restaurantId));
  await Promise.all([
    ...[...restaurants].map((id) => ctx.cache.invalidate(catalogCacheKeys.menu(id))),
    ctx.cache.invalidate(catalogCacheKeys.allCategories),
  ]);
  ctx.log.info({ requested: items.length, created: created.length }, 'menu items imported');
  return { created: created.length };
}
