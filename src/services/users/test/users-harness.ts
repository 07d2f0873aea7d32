import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { ServiceModule } from '../../../platform/runtime/service-module.js';
import { ordersEventSchemas } from '../../orders/index.js';
import {
  createUsersService,
  usersErrorStatuses,
  usersEventSchemas,
  type CreateAddressBody,
  type UsersClient,
} from '../index.js';

export { createTestSql } from '../../../../test/support/test-sql.js';

export interface UsersHarness extends TestPlatform {
  users: ServiceModule<UsersClient>;
}

/** The users service with auth on a clean `users` schema of a shared PGlite, behind the real HTTP kernel. */
export async function startUsers(sql: PgliteSql): Promise<UsersHarness> {
  let users: ServiceModule<UsersClient> | undefined;
  const platform = await startTestPlatform(sql, {
    build: async (deps) => {
      users = await createUsersService({ ...deps, consumerRetry: { maxAttempts: 2, backoff: () => 10 } });
      return [users];
    },
    events: (registry) => {
      // The orders contract too: the order-history consumer validates what it consumes.
      for (const { type, version, schema } of [...usersEventSchemas, ...ordersEventSchemas]) {
        registry.register(type, version, schema);
      }
    },
    errorStatuses: usersErrorStatuses,
    schemas: ['users'],
  });
  if (users === undefined) throw new Error('the users service was not built');
  return { ...platform, users };
}

/** A valid new address; override any field. */
export function anAddress(overrides: Partial<CreateAddressBody> = {}): CreateAddressBody {
  return {
    label: 'Home',
    line1: '12 MG Road',
    city: 'Bengaluru',
    postcode: '560001',
    latitude: 12.9716,
    longitude: 77.5946,
    ...overrides,
  };
}
