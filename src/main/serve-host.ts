// Puts a host on the network: listen, start the services, and close everything in order on SIGTERM/SIGINT.
import { onShutdownSignals, startHttpServer, type RunningServer } from '../platform/http/index.js';
import type { Host } from './host.js';
import type { Runtime } from './runtime.js';

export async function serveHost(runtime: Runtime, host: Host): Promise<RunningServer> {
  const { config } = runtime;
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
  return server;
}
