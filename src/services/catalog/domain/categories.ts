import type { CategoryView } from '../contract.js';
import type { MenuItem } from './menu-item.js';

/**
 * The categories of a set of live items, in the order they were introduced: by the earliest item of each,
 * then by the item's own order of its categories. A menu so keeps the order its restaurant built it in,
 * without a separate ordering table to keep in step.
 */
export function summarizeCategories(items: readonly MenuItem[]): CategoryView[] {
  const live = items
    .filter((item) => item.deletedAt === null)
    // Array.prototype.sort is stable: items created together keep their given order.
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const byName = new Map<string, CategoryView>();
  for (const item of live) {
    for (const name of item.categories) {
      let view = byName.get(name);
      if (view === undefined) {
        view = { name, itemCount: 0, availableCount: 0 };
        byName.set(name, view);
      }
      view.itemCount += 1;
      if (item.available) view.availableCount += 1;
    }
  }
  return [...byName.values()];
}
