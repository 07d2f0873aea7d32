// `sattzabite start`: every service, the gateway and (later) the web UI in one process.
import { loadConfig } from '../platform/config/index.js';
import { hasCode } from '../platform/errors/app-error.js';
import { DEMO_RESTAURANT_ID, demoLoginsText } from './demo-accounts.js';
import { DEMO_SIZES } from './demo/demo-city.js';
import { seedDemoData } from './demo/seed-demo.js';
import { hostServices } from './host.js';
import { serveHost } from './serve-host.js';
import { createRuntime } from './runtime.js';
import { SERVICE_NAMES, type Clients } from './service-registry.js';

export async function runEmbedded(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config);
  try {
    const host = await hostServices(runtime, SERVICE_NAMES);
    const server = await serveHost(runtime, host);
    if (config.DEMO_DATA && !(await hasDemoCity(host.services.clients))) {
      const result = await seedDemoData(host.services.clients, {
        size: DEMO_SIZES.small,
        log: runtime.log,
        app: host.app,
      });
      runtime.log.info(result, 'demo data created');
    }
    console.log(demoLoginsText(config.PUBLIC_URL ?? server.url.replace('127.0.0.1', 'localhost')));
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/** The first start of an empty data directory seeds the demo city; later starts find its first restaurant. */
async function hasDemoCity(clients: Clients): Promise<boolean> {
  try {
    await clients.restaurants.getRestaurant({ id: DEMO_RESTAURANT_ID });
    return true;
  } catch (error) {
    if (hasCode(error, 'RESTAURANTS.NOT_FOUND')) return false;
    throw error;
  }
}
