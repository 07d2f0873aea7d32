// Throw-away PostgreSQL, NATS and Redis servers on spare loopback ports, started from the machine's own
// binaries, for fault tests that kill and restart them without disturbing the shared servers other test
// files use. Each lives in a temporary directory that `remove()` deletes.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitForPort(port: number, open: boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await canConnect(port)) !== open) {
    if (Date.now() > deadline) throw new Error(`${what} on port ${port} did not ${open ? 'open' : 'close'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** PostgreSQL refuses to run as root: the machine's `postgres` account runs it when we are root. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  /** initdb in a temporary directory (about a second), then start. Trust auth, user `postgres`. */
  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sattzabite-pg-'));
    if (process.getuid?.() === 0) {
      const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
      chownSync(dir, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
    }
    const [cmd, args] = asPostgres(`${PG_BIN}/initdb`, [
      '-D',
      `${dir}/data`,
      '-A',
      'trust',
      '-U',
      'postgres',
    ]);
    await run(cmd, args);
    const server = new PrivatePostgres(await freePort(), dir);
    await server.begin();
    return server;
  }

  /** The server URL with the `postgres` database. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Starts the stopped server again on the same port and data. */
  async begin(): Promise<void> {
    const [cmd, args] = asPostgres(`${PG_BIN}/pg_ctl`, [
      '-D',
      `${this.dir}/data`,
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      '-l',
      `${this.dir}/log`,
      '-w',
      'start',
    ]);
    await run(cmd, args);
    await waitForPort(this.port, true, 15_000, 'PostgreSQL');
  }

  /** Stops it: `immediate` is a crash (no checkpoint), `fast` ends sessions and shuts down cleanly. */
  async halt(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    const [cmd, args] = asPostgres(`${PG_BIN}/pg_ctl`, ['-D', `${this.dir}/data`, '-m', mode, '-w', 'stop']);
    await run(cmd, args);
    await waitForPort(this.port, false, 15_000, 'PostgreSQL');
  }

  async remove(): Promise<void> {
    await this.halt('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A process-backed server whose binary is started and killed by the test (NATS, Redis). */
class PrivateProcess {
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    protected readonly dir: string,
    private readonly what: string,
    private readonly command: () => [string, string[]],
  ) {}

  /** Starts it (again) on the same port and directory, and waits until it accepts connections. */
  async begin(): Promise<void> {
    const [cmd, args] = this.command();
    this.child = spawn(cmd, args, { stdio: 'ignore' });
    await waitForPort(this.port, true, 15_000, this.what);
  }

  /** SIGKILL, as a crash: nothing is flushed or said to clients. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await waitForPort(this.port, false, 15_000, this.what);
  }

  async remove(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class PrivateNats extends PrivateProcess {
  /** nats-server with JetStream, its store in a temporary directory (kept across kill and begin). */
  static async start(): Promise<PrivateNats> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sattzabite-nats-'));
    const port = await freePort();
    const server = new PrivateNats(port, dir, 'NATS', () => [
      'nats-server',
      ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir],
    ]);
    await server.begin();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }
}

export class PrivateRedis extends PrivateProcess {
  /** redis-server without persistence: a restart comes back empty, as the shared one does. */
  static async start(): Promise<PrivateRedis> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sattzabite-redis-'));
    const port = await freePort();
    const server = new PrivateRedis(port, dir, 'Redis', () => [
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    ]);
    await server.begin();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
}
