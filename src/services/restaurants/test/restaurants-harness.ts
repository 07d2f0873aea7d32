import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import { createTestSql } from '../../../../test/support/test-sql.js';
import { createLocalTransport } from '../../../platform/clients/index.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { ServiceModule } from '../../../platform/runtime/service-module.js';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { ordersEventSchemas } from '../../orders/index.js';
import {
  createRestaurantsService,
  restaurantsContract,
  restaurantsErrorStatuses,
  restaurantsEventSchemas,
  type CreateRestaurantBody,
  type RestaurantsClient,
  type RestaurantView,
} from '../index.js';

export { createTestSql };

export interface RestaurantsHarness extends TestPlatform {
  sql: PgliteSql;
  /** The service module itself (its consumers are under `messaging`). */
  restaurants: ServiceModule<RestaurantsClient>;
  /** The client as other services get it: every input and result JSON round-tripped. */
  client: RestaurantsClient;
  /** Events in the outbox, oldest first, optionally of one type. */
  outbox(type?: string): Promise<EventEnvelope[]>;
  count(table: 'restaurants' | 'staff' | 'outbox'): Promise<number>;
  /** Creates an ACTIVE restaurant as a system admin and returns its view. */
  restaurant(overrides?: Partial<CreateRestaurantBody>): Promise<RestaurantView>;
  /** A system admin's token, made once. */
  adminToken(): Promise<string>;
}

/** Open every day, all day, in UTC: the test clock's hour never closes it. */
export const ALWAYS_OPEN = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [
    day,
    [{ open: '00:00', close: '24:00' }],
  ]),
);

export function restaurantBody(overrides: Partial<CreateRestaurantBody> = {}): CreateRestaurantBody {
  return {
    name: 'Dosa Corner',
    description: 'Crisp dosas and filter coffee',
    cuisines: ['South Indian', 'Vegetarian'],
    address: {
      line1: '12 MG Road',
      city: 'Bengaluru',
      postcode: '560001',
      latitude: 12.9716,
      longitude: 77.5946,
    },
    contact: { phone: '+91 80 1234 5678', email: 'hello@dosa.test' },
    deliveryRadiusKm: 5,
    timeZone: 'UTC',
    hours: ALWAYS_OPEN,
    ...overrides,
  };
}

/**
 * The restaurants service with auth on the test platform (memory cache, in-process bus, manual clock at
 * Monday 2026-03-02 09:00 UTC), on a clean `restaurants` schema of `sql`.
 */
export async function startRestaurants(sql: PgliteSql): Promise<RestaurantsHarness> {
  let service: Awaited<ReturnType<typeof createRestaurantsService>> | undefined;
  const platform = await startTestPlatform(sql, {
    build: async (deps) => {
      service = await createRestaurantsService(deps);
      return [service];
    },
    events: (registry) => {
      // The orders contract too: the review-eligibility consumer validates what it consumes.
      for (const { type, version, schema } of [...restaurantsEventSchemas, ...ordersEventSchemas]) {
        registry.register(type, version, schema);
      }
    },
    errorStatuses: restaurantsErrorStatuses,
    schemas: ['restaurants'],
  });
  if (service === undefined) throw new Error('the restaurants service was not built');
  const client = createLocalTransport(restaurantsContract, service.client);
  let admin: string | undefined;

  const harness: RestaurantsHarness = {
    ...platform,
    sql,
    restaurants: service,
    client,
    async outbox(type) {
      const { rows } = await sql.query<{ event: EventEnvelope }>(
        `SELECT event FROM restaurants.outbox ORDER BY id`,
      );
      return rows.map((row) => row.event).filter((event) => type === undefined || event.type === type);
    },
    async count(table) {
      const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM restaurants.${table}`);
      return rows[0]?.n ?? 0;
    },
    async adminToken() {
      admin ??= (await platform.user({ roles: ['SYSTEM_ADMIN'] })).token;
      return admin;
    },
    async restaurant(overrides = {}) {
      const response = await platform.request({
        method: 'POST',
        url: '/api/restaurants',
        token: await harness.adminToken(),
        payload: restaurantBody(overrides),
      });
      if (response.statusCode !== 201) throw new Error(`create failed: ${response.body}`);
      return response.json<RestaurantView>();
    },
  };
  return harness;
}
