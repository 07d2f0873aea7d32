import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer } from '../../../../test/support/require-server.js';
import { serviceTestDeps } from '../../../../test/support/service-test-deps.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { createPostgresSql, migrate, resetSchemas, type Sql } from '../../../platform/db/index.js';
import { createEvent } from '../../../platform/messaging/index.js';
import type { ServiceModule } from '../../../platform/runtime/service-module.js';
import { manualClock } from '../../../platform/time/clock.js';
import { uuidV7Ids } from '../../../platform/time/ids.js';
import { createRecommendationsService, type RecommendationsClient } from '../index.js';
import {
  CENTRE,
  menuItem,
  orderPlaced,
  preferencesUpdated,
  restaurantProfile,
  type Dish,
} from './recommendation-events.js';
import { consumedEventSchemas, consumerFor, type FedEvent } from './recommendations-harness.js';

/**
 * The model's SQL on PostgreSQL 15 (PGlite is 18), in a database of its own, with a pool so that orders
 * of different customers sharing dishes are learnt at the same time.
 */
const server = await requireServer('DATABASE_URL');
let database: TestDatabase | undefined;
const clock = manualClock('2026-03-02T09:00:00.000Z');

let sql: Sql;
let service: ServiceModule<RecommendationsClient>;

async function deliverTwice({ type, source, subject, data }: FedEvent): Promise<void> {
  const consumer = consumerFor(service, type);
  const event = createEvent({ clock, ids: uuidV7Ids }, { type, source, subject, data });
  expect(await consumer.deliver(event)).toBe('applied');
  expect(await consumer.deliver(event, 2)).toBe('duplicate');
}

describe.skipIf(!server.available)('recommendations model on PostgreSQL', () => {
  beforeAll(async () => {
    database = await createTestDatabase(server.url, 'sattzabite_recommendations');
    sql = await createPostgresSql({
      url: database.url,
      poolSize: 6,
    });
    await resetSchemas(sql, ['recommendations']);
    service = await createRecommendationsService(
      serviceTestDeps({ sql, clock, eventSchemas: consumedEventSchemas }),
    );
    await migrate(sql, service.migrations);
  });
  afterAll(async () => {
    await sql?.close();
    await database?.drop();
  });

  it('learns co-orders from concurrent orders and ranks with them, near a point', async () => {
    const restaurantId = uuidV7Ids.next();
    const dish = (name: string, tags: string[]): Dish => ({
      id: uuidV7Ids.next(),
      restaurantId,
      name,
      price: 10000,
      dietaryTags: tags,
    });
    const dosa = dish('Masala Dosa', ['VEGETARIAN']);
    const coffee = dish('Filter Coffee', ['VEGETARIAN']);
    const omelette = dish('Omelette', ['EGGETARIAN']);
    await deliverTwice(restaurantProfile(restaurantId, { name: 'Udupi Corner', cuisines: ['South Indian'] }));
    for (const one of [dosa, coffee, omelette]) await deliverTwice(menuItem(one));

    // Ten customers at once, each ordering dosa with coffee, and two with an omelette too.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        deliverTwice(
          orderPlaced(uuidV7Ids.next(), uuidV7Ids.next(), restaurantId, [
            { dish: dosa },
            { dish: coffee },
            ...(i < 2 ? [{ dish: omelette }] : []),
          ]),
        ),
      ),
    );
    const me = uuidV7Ids.next();
    await deliverTwice(orderPlaced(uuidV7Ids.next(), me, restaurantId, [{ dish: dosa }]));
    await deliverTwice(preferencesUpdated(me, ['South Indian'], ['VEGETARIAN']));

    const mine = await service.client.recommend({ userId: me, lat: CENTRE.latitude, lng: CENTRE.longitude });
    expect(mine.basis).toBe('PERSONAL');
    expect(mine.dishes[0]).toMatchObject({ name: 'Filter Coffee', reason: 'Often ordered with Masala Dosa' });
    expect(mine.dishes.map((d) => d.name)).not.toContain('Omelette');
    expect(mine.restaurants).toEqual([expect.objectContaining({ name: 'Udupi Corner', distanceKm: 0 })]);

    const pairs = await sql.query<{ customers: number }>(
      'SELECT customers FROM recommendations.item_pairs WHERE item_a = $1 AND item_b = $2',
      [dosa.id, coffee.id],
    );
    expect(pairs.rows).toEqual([{ customers: 10 }]);
  });
});
