import type { AddressInfo } from 'node:net';
import type { HttpApp } from './http-app.js';

/** A listening app. `close()` stops accepting, lets in-flight requests finish, then runs the onClose hooks. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Listens and returns the URL (port 0 picks a free port). On close, requests already running finish (new
 * ones on kept-alive connections get 503, idle connections are dropped); after `graceMs` the stragglers'
 * connections are cut so that shutdown always ends.
 */
export async function startHttpServer(
  app: HttpApp,
  options: { port: number; host: string; graceMs?: number },
): Promise<RunningServer> {
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    close() {
      closing ??= closeWithin(app, options.graceMs ?? 10_000);
      return closing;
    },
  };
}

async function closeWithin(app: HttpApp, graceMs: number): Promise<void> {
  const timer = setTimeout(() => {
    app.log.warn({ graceMs }, 'shutdown grace period over: closing the remaining connections');
    app.server.closeAllConnections();
  }, graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * On the first SIGTERM or SIGINT runs `handler` (close the server, then the pools) and exits 0, or 1 when
 * it fails or outlasts `graceMs`; a second signal exits at once. Returns a function that removes the listeners.
 */
export function onShutdownSignals(
  handler: () => Promise<void>,
  graceMs: number,
  options: {
    signals?: readonly NodeJS.Signals[];
    exit?: (code: number) => void;
    log?: { info(msg: string): void; error(obj: unknown, msg: string): void };
  } = {},
): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shuttingDown = false;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      exit(1);
      return;
    }
    shuttingDown = true;
    options.log?.info(`${signal} received: shutting down`);
    let timer: NodeJS.Timeout | undefined;
    // A small margin over the server's own grace, so that its forced close can still finish cleanly.
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs + 1000);
      timer.unref();
    });
    Promise.race([handler().then(() => 'done' as const), deadline]).then(
      (outcome) => {
        clearTimeout(timer);
        if (outcome === 'timeout') options.log?.error({ graceMs }, 'shutdown took too long');
        exit(outcome === 'done' ? 0 : 1);
      },
      (error: unknown) => {
        clearTimeout(timer);
        options.log?.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };

  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
