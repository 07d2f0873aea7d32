import type { Cache } from '../../../platform/cache/index.js';
import type { Logger } from '../../../platform/observability/logger.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { Ids } from '../../../platform/time/ids.js';
import type { AuthClient } from '../../auth/index.js';
import type { RestaurantsStore } from './ports.js';

/** What every use case of the restaurants service works with. */
export interface RestaurantsContext {
  store: RestaurantsStore;
  messaging: ServiceMessaging;
  cache: Cache;
  auth: AuthClient;
  clock: Clock;
  ids: Ids;
  log: Logger;
  /** How long a restaurant's detail stays cached; every change invalidates it sooner. */
  detailTtlMs: number;
}

/** The detail cache key of one restaurant. */
export function detailKey(id: string): string {
  return `restaurants:detail:${id}`;
}
