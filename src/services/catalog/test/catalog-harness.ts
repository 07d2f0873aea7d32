import type { LightMyRequestResponse } from 'fastify';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import type { ServiceModule } from '../../../platform/runtime/service-module.js';
import {
  catalogErrorStatuses,
  createCatalogService,
  type CatalogClient,
  type MenuItemView,
  type RestaurantsLookup,
} from '../index.js';

export { createTestSql } from '../../../../test/support/test-sql.js';

/** Two restaurants the fake restaurants service knows; anything else is `RESTAURANTS.NOT_FOUND`. */
export const RESTAURANT_A = '0190a000-0000-7000-8000-00000000000a';
export const RESTAURANT_B = '0190a000-0000-7000-8000-00000000000b';
export const UNKNOWN_ID = '0190a000-0000-7000-8000-0000000000ff';

export interface CatalogHarness extends TestPlatform {
  catalog: ServiceModule<CatalogClient>;
  /** How many times the fake restaurants service was asked. */
  restaurantLookups(): number;
  tokens: { customer: string; staffA: string; adminA: string; staffB: string; admin: string };
  createItem(token: string, overrides?: Record<string, unknown>): Promise<MenuItemView>;
  /** Empties the catalog's tables and cache between the tests of a file (the platform is started once). */
  reset(): Promise<void>;
  rows(): Promise<number>;
  outbox(): Promise<EventEnvelope[]>;
  /** Resolves with the first event delivered on the bus for `subject` (via a durable subscription). */
  delivered(subject: string, change?: string): Promise<EventEnvelope>;
}

export const validItem = (overrides: Record<string, unknown> = {}) => ({
  restaurantId: RESTAURANT_A,
  name: 'Paneer Tikka',
  description: 'Cottage cheese, tandoor-grilled',
  price: { amount: 24_900, currency: 'INR' },
  categories: ['Starters'],
  dietaryTags: ['VEGETARIAN'],
  allergens: ['MILK'],
  nutrition: { calories: 320, proteinG: 18.5 },
  ...overrides,
});

/** The catalog on a clean `catalog` schema with auth, a fake restaurants service and one user per role. */
export async function startCatalog(sql: PgliteSql): Promise<CatalogHarness> {
  let lookups = 0;
  const restaurants: RestaurantsLookup = {
    async getRestaurant({ id }) {
      lookups += 1;
      if (id !== RESTAURANT_A && id !== RESTAURANT_B) {
        throw new AppError('RESTAURANTS.NOT_FOUND', 'No such restaurant.');
      }
      return { id, status: 'OPEN' };
    },
  };
  const platform = await startTestPlatform(sql, {
    build: async (deps) => [await createCatalogService({ ...deps, restaurants })],
    errorStatuses: catalogErrorStatuses,
    schemas: ['catalog'],
  });
  const catalog = platform.modules[0] as ServiceModule<CatalogClient>;
  const token = async (roles: Parameters<TestPlatform['user']>[0]) => (await platform.user(roles)).token;
  const tokens = {
    customer: await token({ roles: ['CUSTOMER'] }),
    staffA: await token({ roles: ['RESTAURANT_STAFF'], restaurantIds: [RESTAURANT_A] }),
    adminA: await token({ roles: ['RESTAURANT_ADMIN'], restaurantIds: [RESTAURANT_A] }),
    staffB: await token({ roles: ['RESTAURANT_STAFF'], restaurantIds: [RESTAURANT_B] }),
    admin: await token({ roles: ['SYSTEM_ADMIN'] }),
  };

  const waiters: Array<{ match: (e: EventEnvelope) => boolean; resolve: (e: EventEnvelope) => void }> = [];
  const seen: EventEnvelope[] = [];
  await platform.bus.subscribe({
    durableName: 'catalog-test-observer',
    types: ['MenuItemUpdated'],
    maxDeliver: 3,
    backoffMs: () => 10,
    async handle(event) {
      seen.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.match(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    },
  });

  return {
    ...platform,
    catalog,
    restaurantLookups: () => lookups,
    tokens,
    async createItem(as, overrides = {}) {
      const response = await platform.request({
        method: 'POST',
        url: '/api/menu/items',
        token: as,
        payload: validItem(overrides),
      });
      if (response.statusCode !== 201) throw new Error(`create failed: ${response.body}`);
      return response.json<MenuItemView>();
    },
    async reset() {
      await sql.exec('TRUNCATE catalog.menu_items, catalog.outbox');
      await platform.deps.cache.invalidatePrefix('catalog:');
    },
    async rows() {
      const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog.menu_items');
      return rows[0]?.n ?? 0;
    },
    async outbox() {
      const { rows } = await sql.query<{ event: EventEnvelope }>(
        'SELECT event FROM catalog.outbox ORDER BY id',
      );
      return rows.map((row) => row.event);
    },
    delivered(subject, change) {
      const match = (e: EventEnvelope) =>
        e.subject === subject && (change === undefined || (e.data as { change?: string }).change === change);
      const already = seen.find(match);
      if (already !== undefined) return Promise.resolve(already);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

export function errorCode(response: LightMyRequestResponse): string {
  return response.json<{ code: string }>().code;
}
