// Loads the demo city through the services' own clients: accounts, restaurants, menus, and the demo
// customer's address. Re-running is harmless: every import is idempotent by id.
import type { HttpApp } from '../../platform/http/index.js';
import type { Logger } from '../../platform/observability/logger.js';
import { DEMO_PASSWORD, ensureDemoAccounts } from '../demo-accounts.js';
import type { CatalogClient } from '../../services/catalog/index.js';
import type { Clients } from '../service-registry.js';
import {
  DEMO_CUSTOMER_ADDRESS,
  demoCityBatches,
  type DemoCitySize,
  type DemoRestaurant,
} from './demo-city.js';

type ImportItems = Parameters<CatalogClient['importItems']>[0]['items'];

export const DEFAULT_DEMO_SEED = 20261125;
const ITEMS_PER_CALL = 5_000;

export interface SeedResult {
  accounts: number;
  restaurants: number;
  items: number;
  seconds: number;
}

export async function seedDemoData(
  clients: Pick<Clients, 'auth' | 'restaurants' | 'catalog'>,
  options: { seed?: number; size: DemoCitySize; log: Logger; app?: HttpApp },
): Promise<SeedResult> {
  const started = performance.now();
  const accounts = await ensureDemoAccounts(clients.auth);
  let restaurants = 0;
  let items = 0;
  for (const batch of demoCityBatches(options.seed ?? DEFAULT_DEMO_SEED, options.size)) {
    const imported = await clients.restaurants.importRestaurants({
      restaurants: batch.restaurants.map(toImport),
    });
    restaurants += imported.created;
    for (let at = 0; at < batch.items.length; at += ITEMS_PER_CALL) {
      // The demo tags and allergens use the catalog's names; importItems validates every item again.
      const chunk = batch.items.slice(at, at + ITEMS_PER_CALL) as ImportItems;
      const result = await clients.catalog.importItems({ items: chunk });
      items += result.created;
    }
    options.log.info({ restaurants, items }, 'demo data loading');
  }
  if (options.app !== undefined) await ensureDemoCustomerAddress(options.app);
  return { accounts, restaurants, items, seconds: (performance.now() - started) / 1000 };
}

function toImport(restaurant: DemoRestaurant) {
  return {
    id: restaurant.id,
    name: restaurant.name,
    description: restaurant.description,
    cuisines: restaurant.cuisines,
    address: restaurant.address,
    contact: restaurant.contact,
    imageUrls: [],
    deliveryRadiusKm: restaurant.deliveryRadiusKm,
    averagePreparationMinutes: restaurant.averagePreparationMinutes,
    timeZone: restaurant.timeZone,
    hours: restaurant.hours,
    rating: restaurant.rating,
  };
}

/** The demo customer's default address, inside the first restaurant's radius; added once, through the API. */
async function ensureDemoCustomerAddress(app: HttpApp): Promise<void> {
  const login = await app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { email: 'customer@demo.sattzabite.test', password: DEMO_PASSWORD },
  });
  if (login.statusCode !== 200)
    throw new Error(`demo customer login failed: ${login.statusCode} ${login.body}`);
  const authorization = `Bearer ${(login.json() as { accessToken: string }).accessToken}`;
  const book = await app.inject({
    method: 'GET',
    url: '/api/users/me/addresses',
    headers: { authorization },
  });
  const existing = book.json() as unknown[] | { content?: unknown[] };
  const count = Array.isArray(existing) ? existing.length : (existing.content?.length ?? 0);
  if (count > 0) return;
  const added = await app.inject({
    method: 'POST',
    url: '/api/users/me/addresses',
    headers: { authorization },
    payload: { ...DEMO_CUSTOMER_ADDRESS, isDefault: true },
  });
  if (added.statusCode !== 201) throw new Error(`demo address failed: ${added.statusCode} ${added.body}`);
}
