import type { Principal } from '../../../platform/http/principal.js';
import type { Actor } from '../domain/actor.js';

export const tags = ['orders'];

/** Every orders route needs a signed-in caller (bearer token or cookie). */
export const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];

export { errorResponses as errors } from '../../../platform/http/index.js';

export function actorOf(principal: Principal): Actor {
  return {
    kind: 'user',
    userId: principal.userId,
    roles: principal.roles,
    restaurantIds: principal.restaurantIds,
  };
}
