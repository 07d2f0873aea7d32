import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors/app-error.js';
import { SqlErrors } from './sql.js';

/**
 * An exclusive lock on a PGlite data directory, held for the life of one open database.
 *
 * Why a pid file and not a lock library: two processes on one PGlite directory silently lose committed
 * rows, so the lock must (a) work across processes, (b) survive a crash without a manual clean-up, and
 * (c) tell a person who holds it. A file created with O_EXCL ('wx') holding the owner's pid gives all
 * three with no dependency: a crashed owner leaves a pid that `process.kill(pid, 0)` reports dead, and
 * the next opener takes over. Libraries such as proper-lockfile rely on mtime refreshes and timers, which
 * add a stale-after window and a background interval for no gain on one machine.
 *
 * Residual race, accepted: two processes that both find the same stale lock at the same instant may both
 * remove it; the 'wx' create still lets only one of them win, and the loser retries and is refused.
 */
export interface DataDirLock {
  readonly file: string;
  release(): Promise<void>;
}

export const LOCK_FILE_NAME = 'sattzabite.lock';

/** Directories this process holds, so a second open in the same process is refused without reading. */
const heldHere = new Set<string>();

/**
 * Takes the lock on `dir` (created if missing) or throws `SQL.DATA_DIR_LOCKED` naming the directory and
 * the owner's pid.
 */
export async function lockDataDir(dir: string): Promise<DataDirLock> {
  const resolved = path.resolve(dir);
  const file = path.join(resolved, LOCK_FILE_NAME);
  if (heldHere.has(resolved)) throw lockedError(resolved, process.pid);
  await mkdir(resolved, { recursive: true });
  // Reserve before the first await on the file so two opens in this process cannot both pass the check.
  heldHere.add(resolved);
  try {
    await acquire(file, resolved);
  } catch (error) {
    heldHere.delete(resolved);
    throw error;
  }
  let released = false;
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(resolved);
      // Only remove the file if it is still ours: never delete a lock someone else took over.
      if ((await readPid(file)) === process.pid) await unlink(file).catch(ignoreMissing);
    },
  };
}

async function acquire(file: string, dir: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readPid(file);
    // Our own pid here without being in heldHere means a previous process reused our pid: stale.
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) throw lockedError(dir, owner);
    await unlink(file).catch(ignoreMissing);
  }
  // Only reached if the file keeps reappearing: someone else is racing us for it.
  throw lockedError(dir, (await readPid(file)) ?? 'unknown');
}

async function readPid(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(file, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    ignoreMissing(error);
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user; it is alive all the same.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}

function lockedError(dir: string, pid: number | string): AppError {
  return new AppError(
    SqlErrors.DATA_DIR_LOCKED,
    `The data directory ${dir} is in use by process ${pid}: two processes on one PGlite directory lose ` +
      'committed rows: stop the other process or set DATA_DIR to another directory',
    { details: { dir, pid } },
  );
}
