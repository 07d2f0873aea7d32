import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Starts a bench server script in its own process and waits for its `{ url, ... }` JSON line. */
export async function startChildServer<Ready extends { url: string }>(
  script: string,
  env: Record<string, string | undefined>,
): Promise<{ ready: Ready; stop(): Promise<void> }> {
  // BENCH_PROFILE=dir: the child writes a CPU profile there when it exits (see README, Benchmarks).
  const profile = process.env.BENCH_PROFILE;
  const profiling = profile === undefined || profile === '' ? [] : ['--cpu-prof', '--cpu-prof-dir', profile];
  const child: ChildProcess = spawn(process.execPath, [...profiling, '--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line) as Ready);
    });
  });
  return {
    ready,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
