import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { preparedDump } from '../../../test/support/test-sql.js';
import { LOCK_FILE_NAME, lockDataDir } from './data-dir-lock.js';
import { createPgliteSql } from './pglite-sql.js';
import { SqlErrors } from './sql.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/open-data-dir.fixture.ts', import.meta.url));
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sattzabite-lock-'));
  dirs.push(dir);
  return dir;
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The pid of a process that has exited, for a lock file left behind by a crash. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid;
  await new Promise((resolve) => child.once('close', resolve));
  if (pid === undefined) throw new Error('no pid');
  return pid;
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('data dir lock', () => {
  it('refuses a second lock in the same process, naming the directory and the pid', async () => {
    const dir = await tempDir();
    const lock = await lockDataDir(dir);
    const error: unknown = await lockDataDir(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: SqlErrors.DATA_DIR_LOCKED, details: { dir, pid: process.pid } });
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain(String(process.pid));
    expect((error as Error).message).toContain('set DATA_DIR to another directory');
    await lock.release();
    const again = await lockDataDir(dir);
    await again.release();
  });

  it('refuses another process while the lock is held, and the child says why', async () => {
    const dir = await tempDir();
    const lock = await lockDataDir(dir);
    try {
      const child = await run(['--import', 'tsx', FIXTURE, dir]);
      expect(child.code).toBe(3);
      expect(child.stderr).toContain(SqlErrors.DATA_DIR_LOCKED);
      expect(child.stderr).toContain(`in use by process ${process.pid}`);
      expect(child.stdout).not.toContain('opened');
    } finally {
      await lock.release();
    }
  });

  it('takes over a stale lock left by a dead process', async () => {
    const dir = await tempDir();
    const file = path.join(dir, LOCK_FILE_NAME);
    await writeFile(file, `${await deadPid()}\n`);
    const lock = await lockDataDir(dir);
    expect((await readFile(file, 'utf8')).trim()).toBe(String(process.pid));
    await lock.release();
    await expect(readFile(file, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('never deletes a lock that another process took over', async () => {
    const dir = await tempDir();
    const file = path.join(dir, LOCK_FILE_NAME);
    const lock = await lockDataDir(dir);
    await writeFile(file, '999999\n');
    await lock.release();
    expect(await readFile(file, 'utf8')).toBe('999999\n');
  });
});

describe('PGlite on a locked directory', () => {
  it('refuses a second open, releases on close, and keeps committed rows across a reopen', async () => {
    const dir = await tempDir();
    const first = await createPgliteSql({ dataDir: dir, loadDataDir: await preparedDump() });
    await first.transaction(async (tx) => {
      await tx.exec('create schema lockcheck; create table lockcheck.rows (id int primary key);');
      await tx.query('insert into lockcheck.rows values (1), (2)');
    });
    await expect(createPgliteSql({ dataDir: dir })).rejects.toThrowCode(SqlErrors.DATA_DIR_LOCKED);
    await first.close();

    const reopened = await createPgliteSql({ dataDir: dir });
    try {
      expect((await reopened.query('select id from lockcheck.rows order by id')).rows).toEqual([
        { id: 1 },
        { id: 2 },
      ]);
    } finally {
      await reopened.close();
    }
  });
});
