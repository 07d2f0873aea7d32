import net from 'node:net';

/**
 * The URL of a real server a test needs, after checking that it answers. Under CI=true a missing server
 * fails the suite; elsewhere the suite is skipped with the reason printed, never silently.
 */
export async function requireServer(
  name: 'DATABASE_URL' | 'REDIS_URL' | 'NATS_URL',
): Promise<{ url: string; available: true } | { url: string; available: false; reason: string }> {
  const url = process.env[`TEST_${name}`] ?? DEFAULTS[name];
  const { hostname, port } = new URL(url);
  const reachable = await canConnect(hostname, Number(port || DEFAULT_PORTS[name]));
  if (reachable) return { url, available: true };
  const reason = `${name} server at ${url} is not reachable`;
  if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: a missing server fails the suite)`);
  console.warn(`SKIPPED: ${reason}`);
  return { url, available: false, reason };
}

const DEFAULTS = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
  REDIS_URL: 'redis://127.0.0.1:6379',
  NATS_URL: 'nats://127.0.0.1:4222',
} as const;

const DEFAULT_PORTS = { DATABASE_URL: 5432, REDIS_URL: 6379, NATS_URL: 4222 } as const;

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
