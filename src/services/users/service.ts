import { loadMigrations } from '../../platform/db/load-migrations.js';
import type { ServiceDeps } from '../../platform/runtime/service-deps.js';
import { createServiceMessaging } from '../../platform/runtime/service-messaging.js';
import type { ServiceModule } from '../../platform/runtime/service-module.js';
import type { AuthClient } from '../auth/index.js';
import type { UsersClient } from './contract.js';
import { usersRoutes } from './adapters/users.routes.js';
import { createUsersStore } from './adapters/users.sql.js';
import { getAddress, getDefaultAddress } from './app/addresses.js';
import type { UsersContext } from './app/context.js';
import { getNotificationChannels, getPreferences } from './app/preferences.js';
import { getContacts, getProfile } from './app/profiles.js';
import { consumeOrderHistory } from './read/order-history.projection.js';
import { createOrderHistoryStore } from './read/order-history.sql.js';

export type UsersServiceDeps = ServiceDeps & {
  auth: AuthClient;
  /** Retry policy of this service's consumers (tests shorten it). */
  consumerRetry?: { maxAttempts: number; backoff: (attempt: number) => number };
};

/**
 * The users service: profiles, address books, preferences and account administration (through auth).
 * It publishes `UserPreferenceUpdated` through its outbox. Consumers (the order-history read model, fed by
 * OrderCreated and OrderStatusUpdated) are declared on `messaging` here, before `start()`, with their
 * projections under `read/`.
 */
export async function createUsersService(deps: UsersServiceDeps): Promise<ServiceModule<UsersClient>> {
  const log = deps.log.child({ service: 'users' });
  const messaging = createServiceMessaging({
    service: 'users',
    sql: deps.sql,
    bus: deps.bus,
    registry: deps.events,
    clock: deps.clock,
    ids: deps.ids,
    log,
    ...(deps.consumerRetry === undefined ? {} : { consumerRetry: deps.consumerRetry }),
  });
  const ctx: UsersContext = {
    store: createUsersStore(deps.sql),
    orderHistory: createOrderHistoryStore(deps.sql),
    auth: deps.auth,
    messaging,
    clock: deps.clock,
    ids: deps.ids,
    log,
  };
  consumeOrderHistory(messaging);

  const client: UsersClient = {
    getProfile: ({ userId }) => getProfile(ctx, userId),
    getAddress: ({ userId, addressId }) => getAddress(ctx, userId, addressId),
    getDefaultAddress: ({ userId }) => getDefaultAddress(ctx, userId),
    getPreferences: ({ userId }) => getPreferences(ctx, userId),
    getNotificationChannels: ({ userIds }) => getNotificationChannels(ctx, userIds),
    getContacts: ({ userIds }) => getContacts(ctx, userIds),
  };

  return {
    name: 'users',
    migrations: [
      ...loadMigrations('users', new URL('./migrations/', import.meta.url)),
      ...messaging.migrations,
    ],
    routes: usersRoutes(ctx),
    messaging,
    client,
    async start() {
      await messaging.start();
      log.info('users started');
    },
    async stop() {
      await messaging.stop();
    },
  };
}
