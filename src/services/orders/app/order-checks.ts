import { AppError, hasCode } from '../../../platform/errors/app-error.js';
import type { LineFailure, ValidateItemsResult } from '../../catalog/index.js';
import type { OrderableCheck } from '../../restaurants/index.js';
import { OrdersErrors } from '../contract.js';
import type { DeliveryAddress } from '../domain/order-events.js';
import type { PlaceOrderBody } from '../orders.schemas.js';
import type { OrdersContext } from './context.js';

/** The checks of a placement that ask other services; each refusal is a clear ORDERS.* error. */

export function checkAddressShape(body: PlaceOrderBody): void {
  const given = [body.deliveryAddress, body.addressId].filter((a) => a !== undefined).length;
  if (body.fulfillment === 'DELIVERY' && given !== 1) {
    throw new AppError(
      OrdersErrors.INVALID_DELIVERY_ADDRESS,
      given === 0
        ? 'A delivery order needs a deliveryAddress or an addressId.'
        : 'Give either a deliveryAddress or an addressId, not both.',
    );
  }
  if (body.fulfillment === 'PICKUP' && given !== 0) {
    throw new AppError(OrdersErrors.INVALID_DELIVERY_ADDRESS, 'A pickup order takes no delivery address.');
  }
}

export async function resolveAddress(
  ctx: OrdersContext,
  customerId: string,
  body: PlaceOrderBody,
): Promise<DeliveryAddress | null> {
  if (body.deliveryAddress !== undefined) return body.deliveryAddress;
  if (body.addressId === undefined) return null;
  try {
    const address = await ctx.users.getAddress({ userId: customerId, addressId: body.addressId });
    return {
      line1: address.line1,
      city: address.city,
      postcode: address.postcode,
      latitude: address.latitude,
      longitude: address.longitude,
    };
  } catch (error) {
    if (hasCode(error, 'USERS.ADDRESS_NOT_FOUND')) {
      throw new AppError(OrdersErrors.ADDRESS_NOT_FOUND, 'No such address in your address book.', {
        details: { addressId: body.addressId },
      });
    }
    throw error;
  }
}

const FAILURE_CODES: Record<LineFailure['reason'], string> = {
  NOT_FOUND: OrdersErrors.ITEM_NOT_FOUND,
  SOLD_OUT: OrdersErrors.ITEM_SOLD_OUT,
  WRONG_RESTAURANT: OrdersErrors.ITEM_FROM_ANOTHER_RESTAURANT,
  MIXED_RESTAURANTS: OrdersErrors.ITEM_FROM_ANOTHER_RESTAURANT,
  INVALID_QUANTITY: OrdersErrors.INVALID_QUANTITY,
};

/** Prices from the catalog, never from the client; any failing line refuses the order, listing them all. */
export async function priceItems(ctx: OrdersContext, body: PlaceOrderBody): Promise<ValidateItemsResult> {
  const priced = await ctx.catalog.validateItems({
    restaurantId: body.restaurantId,
    items: body.items.map((line) => ({ menuItemId: line.menuItemId, quantity: line.quantity })),
  });
  const first = priced.failures[0];
  if (!priced.valid || first !== undefined) {
    const code = first === undefined ? OrdersErrors.ITEM_NOT_FOUND : FAILURE_CODES[first.reason];
    throw new AppError(code, first?.message ?? 'Some items cannot be ordered.', {
      details: { failures: priced.failures },
    });
  }
  return priced;
}

const ORDERABLE_CODES: Record<NonNullable<OrderableCheck['reason']>, [string, string]> = {
  NOT_ACTIVE: [OrdersErrors.RESTAURANT_NOT_ACTIVE, 'The restaurant is not taking orders.'],
  CLOSED: [OrdersErrors.RESTAURANT_CLOSED, 'The restaurant is closed now.'],
  OUT_OF_RANGE: [OrdersErrors.OUTSIDE_DELIVERY_RADIUS, 'The address is outside the delivery radius.'],
};

export async function checkRestaurant(
  ctx: OrdersContext,
  body: PlaceOrderBody,
  address: DeliveryAddress | null,
): Promise<OrderableCheck> {
  let check: OrderableCheck;
  try {
    check = await ctx.restaurants.checkOrderable({
      restaurantId: body.restaurantId,
      fulfillment: body.fulfillment,
      ...(address === null ? {} : { latitude: address.latitude, longitude: address.longitude }),
    });
  } catch (error) {
    if (hasCode(error, 'RESTAURANTS.NOT_FOUND')) {
      throw new AppError(OrdersErrors.RESTAURANT_NOT_FOUND, 'No such restaurant.', {
        details: { restaurantId: body.restaurantId },
      });
    }
    throw error;
  }
  if (!check.orderable) {
    const [code, message] = ORDERABLE_CODES[check.reason ?? 'NOT_ACTIVE'];
    throw new AppError(code, message, {
      details: {
        restaurantId: body.restaurantId,
        ...(check.distanceKm === undefined ? {} : { distanceKm: check.distanceKm }),
      },
    });
  }
  return check;
}
