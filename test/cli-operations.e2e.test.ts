import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/spawn-cli.js';

// The one-shot operations of the `sattzabite` command on a fresh embedded data directory, in order.
describe('sattzabite operations', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sattzabite-ops-'));
  const env = { DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const run = async (...args: string[]) => {
    const cli = runCli(args, env);
    return { code: await cli.exited, output: cli.output() };
  };

  it('migrates a fresh store, then finds it up to date', async () => {
    const first = await run('migrate');
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/applied auth 1/);
    expect(first.output).toMatch(/migrations: \d+ applied/);
    const second = await run('migrate');
    expect(second.output).toContain('migrations: up to date');
  }, 60_000);

  it('seeds a small city with a chosen size, and the same seed again adds nothing', async () => {
    const first = await run('seed', '--restaurants', '3', '--seed', '9');
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/seeded 3 restaurants, \d+ menu items, 5 accounts/);
    const again = await run('seed', '--restaurants', '3', '--seed', '9');
    expect(again.output).toMatch(/seeded 0 restaurants, 0 menu items, 0 accounts/);
    const bad = await run('seed', '--size', 'huge');
    expect(bad.code).toBe(2);
  }, 90_000);

  it('lists an empty dead-letter queue and refuses a malformed id', async () => {
    const list = await run('dlq', 'list');
    expect(list.code).toBe(0);
    expect(list.output).toContain('the dead-letter queue is empty');
    const show = await run('dlq', 'show', 'nonsense');
    expect(show.code).toBe(2);
  }, 60_000);

  it('replays the orders read models and the search index', async () => {
    const replay = await run('replay');
    expect(replay.code).toBe(0);
    expect(replay.output).toMatch(/replayed orders: \{"orders":0,"events":0\}/);
    expect(replay.output).toMatch(/replayed search: \{/);
    expect((await run('replay', 'nothing')).code).toBe(2);
  }, 60_000);
});
