// `sattzabite start`: every service, the gateway and (later) the web UI in one process.
import { loadConfig } from '../platform/config/index.js';
import { onShutdownSignals, startHttpServer } from '../platform/http/index.js';
import { demoLoginsText, ensureDemoAccounts } from './demo-accounts.js';
import { hostServices } from './host.js';
import { createRuntime } from './runtime.js';
import { SERVICE_NAMES } from './service-registry.js';

export async function runEmbedded(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config);
  try {
    const host = await hostServices(runtime, SERVICE_NAMES);
    if (config.DEMO_DATA && host.services.auth !== undefined) {
      const created = await ensureDemoAccounts(host.services.auth.client);
      if (created > 0) runtime.log.info({ created }, 'demo accounts created');
    }
    const server = await startHttpServer(host.app, {
      port: config.PORT,
      host: config.HOST,
      graceMs: config.SHUTDOWN_GRACE_MS,
    });
    await host.start(server.url);
    onShutdownSignals(
      async () => {
        await server.close();
        await host.stop();
        await runtime.close();
      },
      config.SHUTDOWN_GRACE_MS,
      { log: runtime.log },
    );
    console.log(demoLoginsText(config.PUBLIC_URL ?? server.url.replace('127.0.0.1', 'localhost')));
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
