import {
  MAX_QUANTITY,
  MIN_QUANTITY,
  type LineFailure,
  type PricedLine,
  type ValidateItemsInput,
  type ValidateItemsResult,
} from '../contract.js';
import type { MenuItem } from './menu-item.js';

/**
 * Prices an order's lines against the catalog's items (`found`, by id; deleted items count as missing).
 * `found` is keyed by lower-case id (how the database returns uuids).
 * The order's restaurant is the one asked for, or else the first found item's; every item must belong to it.
 */
export function priceOrderLines(
  input: ValidateItemsInput,
  found: ReadonlyMap<string, MenuItem>,
): ValidateItemsResult {
  const live = (id: string) => {
    const item = found.get(id.toLowerCase());
    return item === undefined || item.deletedAt !== null ? undefined : item;
  };
  const asked = input.restaurantId?.toLowerCase();
  const restaurantId =
    asked ??
    input.items.map((line) => live(line.menuItemId)).find((item) => item !== undefined)?.restaurantId ??
    null;

  const items: PricedLine[] = [];
  const failures: LineFailure[] = [];
  const fail = (menuItemId: string, reason: LineFailure['reason'], message: string) =>
    failures.push({ menuItemId, reason, message });

  for (const { menuItemId, quantity } of input.items) {
    const item = live(menuItemId);
    if (item === undefined) {
      fail(menuItemId, 'NOT_FOUND', 'This item is not on any menu.');
      continue;
    }
    if (!Number.isInteger(quantity) || quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) {
      fail(
        menuItemId,
        'INVALID_QUANTITY',
        `The quantity must be a whole number from ${MIN_QUANTITY} to ${MAX_QUANTITY}.`,
      );
      continue;
    }
    if (item.restaurantId !== restaurantId) {
      if (asked === undefined) {
        fail(menuItemId, 'MIXED_RESTAURANTS', 'An order holds items of one restaurant only.');
      } else {
        fail(menuItemId, 'WRONG_RESTAURANT', `${item.name} is not on this restaurant's menu.`);
      }
    } else if (!item.available) {
      fail(menuItemId, 'SOLD_OUT', `${item.name} is sold out.`);
    }
    items.push({
      menuItemId,
      restaurantId: item.restaurantId,
      name: item.name,
      unitPrice: { ...item.price },
      quantity,
      lineTotal: { amount: item.price.amount * quantity, currency: item.price.currency },
      available: item.available,
    });
  }

  const subtotal = items.reduce((sum, line) => sum + line.lineTotal.amount, 0);
  return {
    valid: failures.length === 0,
    restaurantId,
    items,
    failures,
    subtotal: { amount: subtotal, currency: 'INR' },
  };
}
