import type { LightMyRequestResponse } from 'fastify';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import { createLocalTransport } from '../../../platform/clients/index.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { Sql } from '../../../platform/db/sql.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import {
  catalogContract,
  catalogErrorStatuses,
  catalogEventSchemas,
  createCatalogService,
  type MenuItemView,
} from '../../catalog/index.js';
import { ordersEventSchemas } from '../../orders/index.js';
import {
  createRestaurantsService,
  restaurantsContract,
  restaurantsErrorStatuses,
  restaurantsEventSchemas,
  type CreateRestaurantBody,
  type RestaurantView,
} from '../../restaurants/index.js';
import {
  createSearchService,
  searchErrorStatuses,
  type SearchPage,
  type SearchService,
  type SuggestResponse,
} from '../index.js';

export { createTestSql } from '../../../../test/support/test-sql.js';

/** Open every day, all day. */
export const ALWAYS_OPEN = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [
    day,
    [{ open: '00:00', close: '24:00' }],
  ]),
);

/** MG Road, Bengaluru: the point most test restaurants sit near. */
export const CENTRE = { latitude: 12.9716, longitude: 77.5946 };

export interface SearchHarness extends TestPlatform {
  sql: Sql;
  search: SearchService;
  admin: string;
  /** Creates an ACTIVE restaurant through the restaurants API (UTC, open all day, at the centre). */
  restaurant(overrides?: Partial<CreateRestaurantBody>): Promise<RestaurantView>;
  /** Sets a restaurant's rating through the restaurants client (as the reviews feature does). */
  rate(restaurantId: string, average: number, count: number): Promise<void>;
  /** Creates a menu item through the catalog API. */
  item(restaurantId: string, overrides?: Record<string, unknown>): Promise<MenuItemView>;
  /** Resolves once the index consumer has processed every event the publishers have written so far. */
  indexed(): Promise<void>;
  /** Every event the catalog and the restaurants have written, oldest first per publisher. */
  publishedSoFar(): Promise<EventEnvelope[]>;
  find(params?: Record<string, string | number | boolean | string[]>): Promise<SearchPage>;
  findRaw(params?: Record<string, string | number | boolean | string[]>): Promise<LightMyRequestResponse>;
  suggest(q: string, limit?: number): Promise<SuggestResponse>;
  /** Empties the publishers' and the index's tables between tests of one file. */
  reset(): Promise<void>;
}

export function queryString(params: Record<string, string | number | boolean | string[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) for (const v of value) search.append(key, v);
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * The search service with the real restaurants and catalog services (their events feed the index; their
 * clients serve rebuilds), auth, the in-process bus and a manual clock at Monday 2026-03-02 09:00 UTC.
 * `sql` is a PGlite of the file, or a PostgreSQL database of the suite.
 */
export async function startSearch(sql: Sql): Promise<SearchHarness> {
  let search: SearchService | undefined;
  let rateRestaurant:
    ((input: { restaurantId: string; average: number; count: number }) => Promise<unknown>) | undefined;
  // The platform harness names PGlite; only the Sql port is used, so a PostgreSQL Sql serves as well.
  const platform = await startTestPlatform(sql as PgliteSql, {
    build: async (deps) => {
      const restaurants = await createRestaurantsService(deps);
      const restaurantsClient = createLocalTransport(restaurantsContract, restaurants.client);
      rateRestaurant = (input) => restaurantsClient.updateRating(input);
      const catalog = await createCatalogService({ ...deps, restaurants: restaurantsClient });
      search = await createSearchService({
        ...deps,
        catalog: createLocalTransport(catalogContract, catalog.client),
        restaurants: restaurantsClient,
        consumerRetry: { maxAttempts: 3, backoff: () => 10 },
        // Small pages, so that a rebuild in a test crosses page boundaries.
        replayPageSize: 7,
      });
      return [restaurants, catalog, search];
    },
    events: (registry) => {
      for (const { type, version, schema } of [
        ...restaurantsEventSchemas,
        ...catalogEventSchemas,
        ...ordersEventSchemas,
      ]) {
        registry.register(type, version, schema);
      }
    },
    errorStatuses: { ...restaurantsErrorStatuses, ...catalogErrorStatuses, ...searchErrorStatuses },
    schemas: ['restaurants', 'catalog', 'search'],
  });
  if (search === undefined) throw new Error('the search service was not built');
  const service = search;
  const admin = (await platform.user({ roles: ['SYSTEM_ADMIN'] })).token;
  let counter = 0;

  const publishedSoFar = async () => {
    const read = async (schema: string) =>
      (await sql.query<{ event: EventEnvelope }>(`SELECT event FROM ${schema}.outbox ORDER BY id`)).rows.map(
        (row) => row.event,
      );
    return [...(await read('restaurants')), ...(await read('catalog'))];
  };

  const findRaw = (params: Record<string, string | number | boolean | string[]> = {}) =>
    platform.request({ method: 'GET', url: `/api/search${queryString(params)}` });

  return {
    ...platform,
    sql,
    search: service,
    admin,
    async restaurant(overrides = {}) {
      counter += 1;
      const response = await platform.request({
        method: 'POST',
        url: '/api/restaurants',
        token: admin,
        payload: {
          name: `Restaurant ${counter}`,
          description: 'A neighbourhood kitchen',
          cuisines: ['North Indian'],
          address: { line1: '12 MG Road', city: 'Bengaluru', postcode: '560001', ...CENTRE },
          contact: { phone: '+91 80 1234 5678', email: `r${counter}@search.test` },
          deliveryRadiusKm: 10,
          timeZone: 'UTC',
          hours: ALWAYS_OPEN,
          ...overrides,
        },
      });
      if (response.statusCode !== 201) throw new Error(`restaurant create failed: ${response.body}`);
      return response.json<RestaurantView>();
    },
    async rate(restaurantId, average, count) {
      await rateRestaurant?.({ restaurantId, average, count });
    },
    async item(restaurantId, overrides = {}) {
      const response = await platform.request({
        method: 'POST',
        url: '/api/menu/items',
        token: admin,
        payload: {
          restaurantId,
          name: 'Plain Rice',
          description: 'Steamed rice',
          price: { amount: 10_000, currency: 'INR' },
          categories: ['Rice'],
          dietaryTags: ['VEGAN'],
          allergens: [],
          ...overrides,
        },
      });
      if (response.statusCode !== 201) throw new Error(`item create failed: ${response.body}`);
      return response.json<MenuItemView>();
    },
    async indexed() {
      for (const event of await publishedSoFar()) await service.consumer.whenProcessed(event.id);
    },
    publishedSoFar,
    async find(params = {}) {
      const response = await findRaw(params);
      if (response.statusCode !== 200)
        throw new Error(`search failed: ${response.statusCode} ${response.body}`);
      return response.json<SearchPage>();
    },
    findRaw,
    async suggest(q, limit) {
      const response = await platform.request({
        method: 'GET',
        url: `/api/search/suggest${queryString({ q, ...(limit === undefined ? {} : { limit }) })}`,
      });
      if (response.statusCode !== 200)
        throw new Error(`suggest failed: ${response.statusCode} ${response.body}`);
      return response.json<SuggestResponse>();
    },
    async reset() {
      await sql.exec(
        `TRUNCATE restaurants.restaurants, restaurants.staff, restaurants.outbox, catalog.menu_items,
                  catalog.outbox, search.documents, search.texts, search.restaurants, search.words, search.suggestions,
                  search.time_zones CASCADE`,
      );
      await platform.deps.cache.invalidatePrefix('');
    },
  };
}

/** Polls `check` until it passes or `timeoutMs` runs out (then throws its last failure). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

export function names(page: SearchPage): string[] {
  return page.content.map((hit) => hit.name);
}
