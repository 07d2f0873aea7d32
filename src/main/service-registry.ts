// Every service the platform has, in dependency order, and how to build each from the runtime and the
// clients of the services it calls. Only src/main knows more than one service's factory.
import type { ServiceClient, ServiceContract, ServiceOperations } from '../platform/clients/index.js';
import type { ServiceModule } from '../platform/runtime/service-module.js';
import {
  authContract,
  authErrorStatuses,
  createAuthService,
  type AuthService,
} from '../services/auth/index.js';
import { catalogContract, catalogErrorStatuses, createCatalogService } from '../services/catalog/index.js';
import {
  createRestaurantsService,
  restaurantsContract,
  restaurantsErrorStatuses,
} from '../services/restaurants/index.js';
import { createUsersService, usersContract, usersErrorStatuses } from '../services/users/index.js';
import {
  createPromotionsService,
  promotionsContract,
  promotionsErrorStatuses,
} from '../services/promotions/index.js';
import {
  createPaymentsService,
  paymentsContract,
  paymentsErrorStatuses,
} from '../services/payments/index.js';
import {
  createOrdersService,
  ordersContract,
  ordersErrorStatuses,
  type OrdersService,
} from '../services/orders/index.js';
import {
  createDeliveryService,
  deliveryContract,
  deliveryErrorStatuses,
} from '../services/delivery/index.js';
import {
  createNotificationsService,
  notificationsContract,
  notificationsErrorStatuses,
} from '../services/notifications/index.js';
import {
  analyticsContract,
  analyticsErrorStatuses,
  createAnalyticsService,
} from '../services/analytics/index.js';
import {
  createRecommendationsService,
  recommendationsContract,
  recommendationsErrorStatuses,
} from '../services/recommendations/index.js';
import {
  createRealtimeService,
  realtimeContract,
  realtimeErrorStatuses,
} from '../services/realtime/index.js';
import type { TokenVerifier } from '../platform/http/index.js';
import { createStorageService, storageContract, storageErrorStatuses } from '../services/storage/index.js';
import {
  createSearchService,
  searchContract,
  searchErrorStatuses,
  type SearchService,
} from '../services/search/index.js';
import { clientFor, directoryOf } from './service-clients.js';
import { remoteVerifier } from './token-verifier.js';
import type { Runtime } from './runtime.js';

/** In build order: a service comes after those whose clients it needs. */
export const SERVICE_NAMES = [
  'auth',
  'users',
  'restaurants',
  'catalog',
  'search',
  'storage',
  'promotions',
  'payments',
  'orders',
  'delivery',
  'notifications',
  'realtime',
  'analytics',
  'recommendations',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface BuiltServices {
  modules: ServiceModule[];
  /** Contracts of the hosted services, in the order of `modules`, for their internal RPC routes. */
  contracts: Array<ServiceContract<ServiceOperations>>;
  errorStatuses: Record<string, number>;
  /** The auth service when hosted here: its verifier checks tokens locally. */
  auth?: AuthService;
  /** The orders service when hosted here: `sattzabite replay` rebuilds its read models. */
  orders?: OrdersService;
  /** The search service when hosted here: `sattzabite replay search` rebuilds its index from events. */
  search?: SearchService;
  /** Clients of every service (in-process for hosted ones), for seeding and operations. */
  clients: Clients;
  /** How this process verifies access tokens (auth's own keys when hosted here, else its JWKS). */
  tokenVerifier(): TokenVerifier;
}

/** Every contract's error statuses: a process answers errors that crossed from services it does not host. */
export const ALL_ERROR_STATUSES: Record<string, number> = {
  ...authErrorStatuses,
  ...usersErrorStatuses,
  ...restaurantsErrorStatuses,
  ...catalogErrorStatuses,
  ...searchErrorStatuses,
  ...storageErrorStatuses,
  ...promotionsErrorStatuses,
  ...paymentsErrorStatuses,
  ...ordersErrorStatuses,
  ...deliveryErrorStatuses,
  ...notificationsErrorStatuses,
  ...realtimeErrorStatuses,
  ...analyticsErrorStatuses,
  ...recommendationsErrorStatuses,
};

const CONTRACTS = {
  auth: authContract,
  users: usersContract,
  restaurants: restaurantsContract,
  catalog: catalogContract,
  search: searchContract,
  storage: storageContract,
  promotions: promotionsContract,
  payments: paymentsContract,
  orders: ordersContract,
  delivery: deliveryContract,
  notifications: notificationsContract,
  realtime: realtimeContract,
  analytics: analyticsContract,
  recommendations: recommendationsContract,
} as const;

type ClientOf<C> = C extends ServiceContract<infer Ops> ? ServiceClient<Ops> : never;
export type Clients = { [K in ServiceName]: ClientOf<(typeof CONTRACTS)[K]> };

export async function buildServices(runtime: Runtime, names: readonly ServiceName[]): Promise<BuiltServices> {
  const directory = directoryOf(runtime);
  const hosted = new Map<ServiceName, ServiceModule>();
  const clientCache = new Map<ServiceName, unknown>();
  // A client is made when first asked for, so a hosted service's in-process client wraps the built module.
  const client = <K extends ServiceName>(name: K): Clients[K] => {
    let made = clientCache.get(name) as Clients[K] | undefined;
    if (made === undefined) {
      const contract = CONTRACTS[name] as unknown as ServiceContract<ServiceOperations>;
      made = clientFor(runtime, directory, contract, hosted.get(name)) as unknown as Clients[K];
      clientCache.set(name, made);
    }
    return made;
  };
  const clients = Object.defineProperties({} as Clients, {
    auth: { get: () => client('auth'), enumerable: true },
    users: { get: () => client('users'), enumerable: true },
    restaurants: { get: () => client('restaurants'), enumerable: true },
    catalog: { get: () => client('catalog'), enumerable: true },
    search: { get: () => client('search'), enumerable: true },
    storage: { get: () => client('storage'), enumerable: true },
    promotions: { get: () => client('promotions'), enumerable: true },
    payments: { get: () => client('payments'), enumerable: true },
    orders: { get: () => client('orders'), enumerable: true },
    delivery: { get: () => client('delivery'), enumerable: true },
    notifications: { get: () => client('notifications'), enumerable: true },
    realtime: { get: () => client('realtime'), enumerable: true },
    analytics: { get: () => client('analytics'), enumerable: true },
    recommendations: { get: () => client('recommendations'), enumerable: true },
  });

  let remote: TokenVerifier | undefined;
  const built: BuiltServices = {
    modules: [],
    contracts: [],
    errorStatuses: ALL_ERROR_STATUSES,
    clients,
    tokenVerifier: () => built.auth?.verifier ?? (remote ??= remoteVerifier(runtime)),
  };
  const factories: { [K in ServiceName]: () => Promise<ServiceModule> } = {
    auth: async () => {
      const auth = await createAuthService(runtime);
      built.auth = auth;
      return auth;
    },
    users: () => createUsersService({ ...runtime, auth: client('auth') }),
    restaurants: () => createRestaurantsService({ ...runtime, auth: client('auth') }),
    catalog: () => createCatalogService({ ...runtime, restaurants: client('restaurants') }),
    search: async () => {
      const search = await createSearchService({
        ...runtime,
        catalog: client('catalog'),
        restaurants: client('restaurants'),
      });
      built.search = search;
      return search;
    },
    storage: () =>
      createStorageService({ ...runtime, catalog: client('catalog'), restaurants: client('restaurants') }),
    promotions: () => createPromotionsService({ ...runtime, restaurants: client('restaurants') }),
    payments: () => createPaymentsService(runtime),
    orders: async () => {
      const orders = await createOrdersService({
        ...runtime,
        catalog: client('catalog'),
        restaurants: client('restaurants'),
        users: client('users'),
        payments: client('payments'),
        promotions: client('promotions'),
        sagaSettings: {
          sweepIntervalMs: runtime.config.SAGA_SWEEP_INTERVAL_MS,
          paymentTimeoutMs: runtime.config.PAYMENT_TIMEOUT_MS,
        },
      });
      built.orders = orders;
      return orders;
    },
    delivery: () =>
      createDeliveryService({ ...runtime, orders: client('orders'), restaurants: client('restaurants') }),
    notifications: () =>
      createNotificationsService({ ...runtime, users: client('users'), restaurants: client('restaurants') }),
    realtime: () =>
      createRealtimeService({
        ...runtime,
        orders: client('orders'),
        verifier: built.tokenVerifier(),
        metrics: runtime.metrics,
      }),
    analytics: () => createAnalyticsService(runtime),
    recommendations: () => createRecommendationsService(runtime),
  };
  for (const name of SERVICE_NAMES) {
    if (!names.includes(name)) continue;
    const module = await factories[name]();
    hosted.set(name, module);
    built.modules.push(module);
    built.contracts.push(CONTRACTS[name] as unknown as ServiceContract<ServiceOperations>);
  }
  return built;
}

export function isServiceName(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}
