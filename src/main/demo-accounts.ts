// The demo accounts of DESIGN §8: one per role, created once in an empty store.
import type { AuthClient, Role } from '../services/auth/index.js';

export const DEMO_PASSWORD = 'sattzabite-demo';
/** Fixed so that the demo restaurant created by the seed and the staff accounts agree across restarts. */
export const DEMO_RESTAURANT_ID = '01900000-0000-7000-8000-000000000001';

export const DEMO_ACCOUNTS: ReadonlyArray<{
  email: string;
  name: string;
  roles: Role[];
  restaurantIds?: string[];
}> = [
  { email: 'customer@demo.sattzabite.test', name: 'Asha Customer', roles: ['CUSTOMER'] },
  {
    email: 'staff@demo.sattzabite.test',
    name: 'Ravi Staff',
    roles: ['RESTAURANT_STAFF'],
    restaurantIds: [DEMO_RESTAURANT_ID],
  },
  {
    email: 'owner@demo.sattzabite.test',
    name: 'Meera Owner',
    roles: ['RESTAURANT_ADMIN'],
    restaurantIds: [DEMO_RESTAURANT_ID],
  },
  { email: 'courier@demo.sattzabite.test', name: 'Kiran Courier', roles: ['DELIVERY_PARTNER'] },
  { email: 'admin@demo.sattzabite.test', name: 'Dev Admin', roles: ['SYSTEM_ADMIN'] },
];

/** Creates the demo accounts that are missing; returns how many it created. */
export async function ensureDemoAccounts(auth: AuthClient): Promise<number> {
  let created = 0;
  for (const account of DEMO_ACCOUNTS) {
    if ((await auth.findAccountByEmail(account.email)) !== null) continue;
    await auth.createAccount({ ...account, password: DEMO_PASSWORD });
    created += 1;
  }
  return created;
}

export function demoLoginsText(url: string): string {
  const rows = DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(32)} ${a.roles.join(', ')}`);
  return [
    `SattzaBite is running on ${url}`,
    `  API docs: ${url}/docs   health: ${url}/health   metrics: ${url}/metrics`,
    `Demo logins (password: ${DEMO_PASSWORD}):`,
    ...rows,
  ].join('\n');
}
