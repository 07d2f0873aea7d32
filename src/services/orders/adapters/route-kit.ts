import type { Principal } from '../../../platform/http/principal.js';
import type { Actor } from '../domain/actor.js';
import { OrdersErrorResponse } from '../orders.schemas.js';

export const tags = ['orders'];

/** Every orders route needs a signed-in caller (bearer token or cookie). */
export const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];

/** Response schemas of the platform's error body for the given statuses, for the OpenAPI document. */
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, OrdersErrorResponse]));

export function actorOf(principal: Principal): Actor {
  return {
    kind: 'user',
    userId: principal.userId,
    roles: principal.roles,
    restaurantIds: principal.restaurantIds,
  };
}
